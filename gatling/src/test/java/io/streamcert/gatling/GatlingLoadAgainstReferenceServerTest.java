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
        shortRun("append-100b-1-stream", 50, Duration.ofSeconds(2)), out, gates), System.out::println);

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
  }
}
