package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformCommandTest {

  @TempDir Path dir;

  @Test
  void checksTheBuiltInServerAndWritesJsonAndJunitXml() throws Exception {
    CliRun run = CliRun.of("conform", "--checks", "CreateChecks,AppendChecks", "--out", dir.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("started the reference server").contains("requirement coverage:").contains("verdict: CONFORMANT");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("conformance.json").toFile());
    assertThat(json.get("schemaVersion").asText()).isEqualTo("1");
    assertThat(json.get("totals").get("pass").asInt()).isPositive();
    assertThat(json.get("totals").get("fail").asInt()).isZero();
    JsonNode first = json.get("checks").get(0);
    assertThat(first.get("requirements").get(0).asText()).startsWith("DS-");
    assertThat(Files.readString(dir.resolve("conformance-junit.xml"))).contains("<testsuite").contains("<testcase");
  }

  @Test
  void aTargetThatBreaksAMustExitsOneAndNamesTheRequirement() throws Exception {
    // A server that answers 200 with an empty body to everything: creates never say 201.
    HttpServer always200 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    always200.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    always200.start();
    try {
      String target = "http://127.0.0.1:" + always200.getAddress().getPort();
      CliRun run = CliRun.of("conform", "--target", target, "--checks", "CreateChecks", "--out", dir.toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("FAIL  create.new-stream-201").contains("DS-5.1-01").contains("verdict: NOT CONFORMANT");
      JsonNode json = new ObjectMapper().readTree(dir.resolve("conformance.json").toFile());
      JsonNode failed = null;
      for (JsonNode c : json.get("checks")) if (c.get("id").asText().equals("create.new-stream-201")) failed = c;
      assertThat(failed).isNotNull();
      assertThat(failed.get("status").asText()).isEqualTo("fail");
      assertThat(failed.get("evidence").get(0).asText()).as("the failing exchange is kept as evidence").contains("> PUT ").contains("< HTTP/1.1 200");
    } finally {
      always200.stop(0);
    }
  }

  @Test
  void anUnreachableTargetIsAnEnvironmentErrorWithExitTwo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun run = CliRun.of("conform", "--target", "http://127.0.0.1:" + port, "--out", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not reachable").contains("--target");
  }

  @Test
  void aTargetThatNeverAnswersIsAnEnvironmentErrorNotAHang() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // Connections are accepted by the kernel's backlog and never answered.
      CliRun run = CliRun.of("conform", "--target", "http://127.0.0.1:" + silent.getLocalPort(), "--out", dir.toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("sent no HTTP response");
    }
  }

  @Test
  void badOptionsAreReportedTogetherWithExitTwo() {
    CliRun run = CliRun.of("conform", "--target", "ftp://x/y", "--features", "core,teleport", "--check-timeout", "soon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--target was 'ftp://x/y'")
        .contains("unknown feature 'teleport'")
        .contains("--check-timeout was 'soon'");
  }

  @Test
  void undeclaredFeaturesAreNotApplicableNeverPassed() throws Exception {
    CliRun run = CliRun.of("conform", "--features", "core", "--checks", "SseChecks", "--out", dir.toString());
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(dir.resolve("conformance.json").toFile());
    assertThat(json.get("totals").get("pass").asInt()).isZero();
    assertThat(json.get("totals").get("not-applicable").asInt()).isPositive();
  }
}
