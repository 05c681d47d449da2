package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertifyCommandTest {

  @TempDir Path dir;

  @Test
  void certifiesTheBuiltInReferenceServerLaunchedAsItsOwnProcess() throws Exception {
    Path out = dir.resolve("run");
    CliRun run = CliRun.of("certify", "--quick", "--out", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("launching streamcert reference server (file)").contains("GATE PASSED");
    for (String f : new String[] {"scorecard.json", "index.html", "summary.md", "junit.xml", "badge.svg"}) {
      assertThat(out.resolve(f)).as(f).isNotEmptyFile();
    }
    assertThat(out.resolve("allure-results")).isDirectoryContaining(p -> p.toString().endsWith("-result.json"));
    JsonNode card = new ObjectMapper().readTree(out.resolve("scorecard.json").toFile());
    assertThat(card.at("/target/storage").asText()).isEqualTo("file");
    assertThat(card.at("/target/fsync").asText()).isEqualTo("always");
    // A launched target also goes through crash-restart and pause, which feed the reliability aspect.
    // Production-ready when the performance checks pass too, which depends on the machine.
    assertThat(card.at("/level").asText()).isIn("Reliable", "Production-ready");
    // The probes ran last: observability over HTTP, then startup time and a graceful stop of the launched target.
    for (String id : new String[] {"observability.health-endpoint", "observability.metrics-endpoint",
        "observability.errors-explained", "operability.startup-time", "operability.graceful-stop"}) {
      JsonNode check = null;
      for (JsonNode c : card.at("/checks")) if (c.at("/id").asText().equals(id)) check = c;
      assertThat(check).as(id).isNotNull();
      assertThat(check.at("/status").asText()).as(id + ": " + check).isEqualTo("pass");
    }
    assertThat(card.toString()).contains("resilience.crash-restart.no-lost-writes").contains("resilience.pause.recovery-time");
    assertThat(out.resolve("chaos/crash-restart/history.jsonl")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("summary.md"))).contains("Protocol compliance").contains("Observability")
        .contains("Operability");
    // The performance section ran: its checks are judged (pass or fail depends on the machine), charted in the HTML.
    for (String id : PerformanceChecks.IDS) {
      assertThat(card.toString()).as(id).contains("\"" + id + "\"");
    }
    assertThat(out.resolve("performance/sweep/sweep.json")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("index.html"))).contains("Latency by percentile").contains("append p99 against throughput");
  }

  @Test
  void aPolicyWhosePerformanceRunCanNeverMeetItsThresholdIsAUsageError() throws Exception {
    Path policy = dir.resolve("impossible.yaml");
    Files.writeString(policy, "thresholds:\n  perf.append-100b.throughput: { min: 5000, unit: ops/s }\n");
    CliRun run = CliRun.of("certify", "--target", "http://127.0.0.1:1", "--policy", policy.toString(), "--out", dir.resolve("i").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("above performance.rate 500").contains("--no-performance");
  }

  @Test
  void badDurationsOfAnExternalTargetAreOneUsageErrorNamingEachOption() {
    CliRun run = CliRun.of("certify", "--target", "http://127.0.0.1:1", "--long-poll-timeout", "0s",
        "--sse-reconnect-interval", "soon", "--no-performance", "--out", dir.resolve("d").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--long-poll-timeout was '0s' but must be a positive duration like 500ms or 30s")
        .contains("--sse-reconnect-interval was 'soon' but must be a positive duration like 500ms or 30s");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void aTargetThatBreaksMustRulesFailsTheGateWithExitOneAndListsThem() throws Exception {
    HttpServer always200 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    always200.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    always200.start();
    try {
      Path out = dir.resolve("bad");
      CliRun run = CliRun.of("certify", "--target", "http://127.0.0.1:" + always200.getAddress().getPort(),
          "--features", "core", "--long-poll-timeout", "1s", "--no-performance", "--out", out.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("GATE FAILED").contains("create.new-stream-201");
      JsonNode card = new ObjectMapper().readTree(out.resolve("scorecard.json").toFile());
      boolean listed = false;
      for (JsonNode c : card.at("/checks")) {
        if (c.get("id").asText().equals("conformance.create.new-stream-201")) {
          listed = c.get("status").asText().equals("fail") && c.get("requirements").toString().contains("DS-5.1-01");
        }
      }
      assertThat(listed).as("the failed check is in the scorecard with its requirement id").isTrue();
    } finally {
      always200.stop(0);
    }
  }

  @Test
  void aPolicyRequiringAnUnreachableLevelFailsTheGate() throws Exception {
    try (ReferenceServer server = ReferenceServer.start(ServerConfig.builder().port(0).longPollTimeout(Duration.ofMillis(500))
        .sseReconnectInterval(Duration.ofSeconds(3)).build())) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, "gate:\n  require-level: Reliable\n");
      CliRun run = CliRun.of("certify", "--target", server.baseUri().toString(), "--long-poll-timeout", "500ms",
          "--sse-reconnect-interval", "3s", "--policy", policy.toString(), "--no-performance", "--out", dir.resolve("p").toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("gate requires Reliable");
    }
  }

  @Test
  void theOfficialNodeReferenceServerFailsTheGateWithItsDeviationsListed() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.streamcert.conformance.official.OfficialNodeServer.toolchainProblem().isEmpty(),
        () -> "skipped: " + io.streamcert.conformance.official.OfficialNodeServer.toolchainProblem().orElse(""));
    try (var node = io.streamcert.conformance.official.OfficialNodeServer.builder()
        .outputDirectory(dir.resolve("node")).longPollTimeout(Duration.ofMillis(500)).start()) {
      Path out = dir.resolve("node-run");
      CliRun run = CliRun.of("certify", "--quick", "--target", node.baseUri().toString(),
          "--long-poll-timeout", "500ms", "--sse-reconnect-interval", "3s", "--no-performance", "--out", out.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      JsonNode card = new ObjectMapper().readTree(out.resolve("scorecard.json").toFile());
      java.util.Map<String, String> failed = new java.util.HashMap<>();
      for (JsonNode c : card.at("/checks")) {
        if (c.get("status").asText().equals("fail")) failed.put(c.get("id").asText(), c.get("requirements").toString());
      }
      // The deviations the official suite 0.3.6 finds in it, each with its requirement id.
      assertThat(failed).anySatisfy((id, reqs) -> assertThat(id).startsWith("conformance.ttl.sliding-refresh"));
      assertThat(failed).anySatisfy((id, reqs) -> assertThat(reqs).contains("DS-10.1-08"));
      assertThat(failed).anySatisfy((id, reqs) -> assertThat(reqs).contains("DS-5.8-20"));
      assertThat(failed).anySatisfy((id, reqs) -> assertThat(reqs).contains("DS-10.1-01"));
      assertThat(card.at("/level").isNull() || card.at("/level").isMissingNode()).as("not even Conformant").isTrue();
    }
  }

  @Test
  void usageAndEnvironmentErrorsExitTwo() throws Exception {
    Path badPolicy = dir.resolve("bad.yaml");
    Files.writeString(badPolicy, "weights:\n  critical: lots\n");
    CliRun policy = CliRun.of("certify", "--policy", badPolicy.toString(), "--out", dir.resolve("x").toString());
    assertThat(policy.exitCode()).isEqualTo(2);
    assertThat(policy.err()).contains("critical");

    Path badDescriptor = dir.resolve("target.yaml");
    Files.writeString(badDescriptor, "name: x\nprotocol: durable-streams\nlaunch:\n  command: [./nothing]\n  ready: { http-get: /health, within: 30x }\nfeatures: [sse2]\n");
    CliRun descriptor = CliRun.of("certify", "--target-descriptor", badDescriptor.toString(), "--out", dir.resolve("y").toString());
    assertThat(descriptor.exitCode()).isEqualTo(2);
    assertThat(descriptor.err()).contains("launch.ready.within").contains("features[0]");

    CliRun both = CliRun.of("certify", "--target", "http://127.0.0.1:1", "--target-descriptor", badDescriptor.toString());
    assertThat(both.exitCode()).isEqualTo(2);

    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CliRun unreachable = CliRun.of("certify", "--target", "http://127.0.0.1:" + closed, "--out", dir.resolve("z").toString());
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("is not reachable");
  }

  @Test
  void compareListsRegressionsAndFailsTheGate() throws Exception {
    HttpServer always200 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    always200.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    always200.start();
    try (ReferenceServer server = ReferenceServer.start(ServerConfig.builder().port(0).longPollTimeout(Duration.ofMillis(500)).build())) {
      Path good = dir.resolve("good");
      Path bad = dir.resolve("bad");
      assertThat(CliRun.of("certify", "--target", server.baseUri().toString(), "--features", "core",
          "--long-poll-timeout", "500ms", "--no-performance", "--out", good.toString()).exitCode()).isZero();
      CliRun.of("certify", "--target", "http://127.0.0.1:" + always200.getAddress().getPort(), "--features", "core",
          "--long-poll-timeout", "1s", "--no-performance", "--out", bad.toString());
      CliRun same = CliRun.of("compare", good.resolve("scorecard.json").toString(), good.resolve("scorecard.json").toString());
      assertThat(same.exitCode()).isZero();
      assertThat(same.out()).contains("no regressions");
      CliRun worse = CliRun.of("compare", good.resolve("scorecard.json").toString(), bad.resolve("scorecard.json").toString());
      assertThat(worse.exitCode()).isEqualTo(1);
      assertThat(worse.out()).contains("regression").contains("conformance.create.new-stream-201");
    } finally {
      always200.stop(0);
    }
  }
}
