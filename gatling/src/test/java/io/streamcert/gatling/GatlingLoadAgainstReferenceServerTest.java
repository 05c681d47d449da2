package io.streamcert.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.Workloads;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short Gatling runs (a child JVM) against the reference server in this JVM. They assert counts an
 * open injection makes exact and that the numbers were read from the report, never a latency.
 */
class GatlingLoadAgainstReferenceServerTest {

  private static ReferenceServer server;
  private static URI target;

  @BeforeAll
  static void start() throws Exception {
    server = ReferenceServer.start(ServerConfig.builder().port(0).build());
    target = URI.create(server.baseUri() + ReferenceServer.STREAM_ROOT);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static Workload shortRun(String name, long rate, Duration duration) {
    return Workloads.builtIn(name).toBuilder().rate(rate).duration(duration).warmup(Duration.ZERO).build();
  }

  @Test
  void appendsRunAndTheReportIsParsed(@TempDir Path out) throws Exception {
    // Generous gates: this test is about running and parsing, not about the machine's speed.
    GatlingLoad.Gates gates = new GatlingLoad.Gates(Duration.ofSeconds(5), 1.0);
    GatlingResult r = GatlingLoad.run(new GatlingLoad.Request(target,
        shortRun("append-100b-1-stream", 100, Duration.ofSeconds(1)), out, gates), System.out::println);

    assertThat(r.exitCode()).isZero();
    assertThat(r.reportIndex()).isRegularFile();
    assertThat(r.reportIndex().getFileName().toString()).isEqualTo("index.html");
    assertThat(r.simulation()).isEqualTo(AppendSimulation.class.getName());
    assertThat(r.stats().requests()).as("rate x duration appends").isEqualTo(100);
    assertThat(r.stats().ok()).isEqualTo(100);
    assertThat(r.stats().ko()).isZero();
    assertThat(r.stats().p99Ms()).isGreaterThanOrEqualTo(r.stats().p50Ms());
    assertThat(r.stats().maxMs()).isGreaterThanOrEqualTo(r.stats().p99Ms());
    assertThat(r.assertions()).hasSize(3).allMatch(GatlingResult.AssertionOutcome::passed);
    assertThat(r.passed()).isTrue();
    assertThat(r.notes()).anyMatch(n -> n.contains("milliseconds"));
    assertThat(Files.readString(r.consoleLog())).contains("Global Information");
    assertThat(GatlingResult.read(out.resolve(GatlingResult.FILE))).isEqualTo(r);
  }

  private static GatlingResult run(Workload w, Path out) throws Exception {
    return GatlingLoad.run(new GatlingLoad.Request(target, w, out, new GatlingLoad.Gates(Duration.ofSeconds(5), 1.0)));
  }

  private static GatlingResult.Stats row(GatlingResult r, String name) throws Exception {
    GatlingResult.Stats s = ReportParser.rows(Files.readString(r.reportIndex())).get(name);
    assertThat(s).as("row %s of %s", name, r.reportIndex()).isNotNull();
    return s;
  }

  @Test
  void fanOutToLongPollReadersEndsWithTheCloseAndEveryReadSucceeds(@TempDir Path out) throws Exception {
    Workload w = shortRun("fanout-long-poll", 40, Duration.ofSeconds(1)).toBuilder().readers(4).build();
    GatlingResult r = run(w, out);

    assertThat(r.simulation()).isEqualTo(FanoutLongPollSimulation.class.getName());
    assertThat(r.exitCode()).isZero();
    assertThat(r.stats().requests()).as("the writer's appends").isEqualTo(40);
    assertThat(r.stats().ok()).isEqualTo(40);
    assertThat(row(r, "close").ok()).as("one close per stream").isEqualTo(1);
    GatlingResult.Stats polls = row(r, "long-poll");
    assertThat(polls.ko()).isZero();
    assertThat(polls.ok()).as("each of 4 readers polls at least once, and again after data").isGreaterThanOrEqualTo(8);
    assertThat(r.all().ko()).isZero();
    assertThat(r.notes()).anyMatch(n -> n.contains("append-to-delivery"));
  }

  @Test
  void fanOutToSseReadersReconnectWhenTheServerEndsTheirConnections(@TempDir Path out) throws Exception {
    // This server ends every SSE connection after 700 ms, as the protocol asks servers to do (for CDNs).
    try (ReferenceServer reconnecting = ReferenceServer.start(
        ServerConfig.builder().port(0).sseReconnectInterval(Duration.ofMillis(700)).build())) {
      Workload w = shortRun("fanout-sse", 20, Duration.ofSeconds(2)).toBuilder().readers(4).build();
      GatlingResult r = GatlingLoad.run(new GatlingLoad.Request(
          URI.create(reconnecting.baseUri() + ReferenceServer.STREAM_ROOT), w, out,
          new GatlingLoad.Gates(Duration.ofSeconds(5), 1.0)));

      assertThat(r.simulation()).isEqualTo(FanoutSseSimulation.class.getName());
      assertThat(r.exitCode()).as("the appends' gates hold; the readers' reconnects are not gated").isZero();
      assertThat(r.stats().ok()).isEqualTo(40);
      assertThat(row(r, "sse connect").ko()).isZero();
      assertThat(row(r, "sse connect").ok()).as("4 readers, reconnecting at least once in 2 s").isGreaterThan(4);
      assertThat(row(r, "sse event").ok()).isGreaterThanOrEqualTo(4);
      assertThat(row(r, "wake").ok()).as("three wake-up appends per stream").isEqualTo(3);
      assertThat(r.assertions()).anyMatch(a -> a.description().startsWith("append: percentage of failed events"));
    }
  }

  @Test
  void catchUpReadersReadTheWholeStream(@TempDir Path out) throws Exception {
    Workload w = shortRun("catch-up-storm", 4, Duration.ofSeconds(1)).toBuilder()
        .streamBytes(256 * 1024).payloadSize(16 * 1024).build();
    GatlingResult r = run(w, out);

    assertThat(r.simulation()).isEqualTo(CatchUpStormSimulation.class.getName());
    assertThat(r.exitCode()).isZero();
    assertThat(r.stats().ok()).as("whole catch-ups (the group)").isEqualTo(4);
    assertThat(row(r, "catch-up page").ok()).as("at least one page per reader").isGreaterThanOrEqualTo(4);
    assertThat(r.all().ko()).isZero();
  }

  @Test
  void createStormCreatesOneStreamPerUser(@TempDir Path out) throws Exception {
    GatlingResult r = run(shortRun("create-storm", 50, Duration.ofSeconds(1)), out);

    assertThat(r.simulation()).isEqualTo(CreateStormSimulation.class.getName());
    assertThat(r.stats().ok()).isEqualTo(50);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void idempotentProducersAppendInSequence(@TempDir Path out) throws Exception {
    Workload w = shortRun("idempotent-producers", 80, Duration.ofSeconds(1)).toBuilder().producers(4).streams(2).build();
    GatlingResult r = run(w, out);

    assertThat(r.simulation()).isEqualTo(IdempotentProducersSimulation.class.getName());
    assertThat(r.exitCode()).isZero();
    assertThat(r.stats().ko()).as("a sequence gap or a duplicate would be refused").isZero();
    assertThat(r.stats().ok()).as("4 producers x 20 appends, paced at 50 ms").isEqualTo(80);
  }
}
