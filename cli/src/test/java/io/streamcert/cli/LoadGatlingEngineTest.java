package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.gatling.GatlingResult;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load --engine gatling}: one Gatling run through the CLI, and the options it refuses. */
class LoadGatlingEngineTest {

  @TempDir Path dir;

  @Test
  void runsTheWorkloadsSimulationAndLinksItsReport() throws Exception {
    try (ReferenceServer server = ReferenceServer.start(ServerConfig.builder().port(0).build())) {
      Path out = dir.resolve("run");
      // A generous p99: the exit status must not depend on the machine's speed.
      CliRun run = CliRun.of("load", "--engine", "gatling", "--target", server.baseUri().toString(),
          "--workload", "append-100b-1000-streams", "--rate", "80", "--duration", "1s", "--warmup", "0s",
          "--p99", "5s", "--out", out.toString());

      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out())
          .contains("Gatling runs AppendSimulation")
          .contains("measured: 80 requests, 80 ok, 0 failed")
          .contains("response time (whole ms)")
          .contains("met    append: 99th percentile of response time is less than or equal to 5000.0")
          .contains("whole milliseconds")
          .contains("gates met");
      try (Stream<Path> files = Files.walk(out.resolve("gatling"))) {
        assertThat(files.filter(p -> p.getFileName().toString().equals("index.html"))).hasSize(1);
      }
      assertThat(run.out()).contains("report: " + out.toAbsolutePath().resolve("gatling"));
      GatlingResult r = GatlingResult.read(out.resolve(GatlingResult.FILE));
      assertThat(r.passed()).isTrue();
      assertThat(r.reportIndex()).isRegularFile();
    }
  }

  @Test
  void sweepsSelfChecksAndSubMillisecondObjectivesNeedTheDriver() {
    CliRun run = CliRun.of("load", "--engine", "gatling", "--sweep", "--self-check", "--p99", "PT0.0005S",
        "--target", "http://127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--sweep and --self-check need --engine driver")
        .contains("Gatling measures whole milliseconds");
  }
}
