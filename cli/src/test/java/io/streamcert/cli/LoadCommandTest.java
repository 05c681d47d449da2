package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.scenarios.driver.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {

  @TempDir Path dir;

  @Test
  void runsAWorkloadAgainstATargetAndWritesItsResults() throws Exception {
    try (ReferenceServer server = ReferenceServer.start(ServerConfig.builder().port(0).build())) {
      Path out = dir.resolve("run");
      CliRun run = CliRun.of("load", "--target", server.baseUri().toString(), "--workload", "append-100b-1-stream",
          "--rate", "50", "--duration", "2s", "--warmup", "0s", "--out", out.toString());
      // 0 or 1 depends on the machine's latency; the counts of an open-loop schedule do not.
      assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 1);
      assertThat(run.out()).contains("append latency: p50").contains("per second (append)").contains("objective");
      RunResult r = RunResult.read(out.resolve("run/result.json"));
      assertThat(r.scheduled()).isEqualTo(100);
      assertThat(r.ok() + r.errors()).isEqualTo(100);
      assertThat(out.resolve("run/append-latency.hgrm")).isNotEmptyFile();
    }
  }

  @Test
  void aTargetWhoseAppendsTake200MillisecondsMissesTheObjectiveWithExitOne() throws Exception {
    try (ReferenceServer slow = ReferenceServer.start(ServerConfig.builder().port(0).build(), new SlowStore(200))) {
      CliRun run = CliRun.of("load", "--target", slow.baseUri() + "/v1/stream/", "--rate", "20", "--duration", "1s",
          "--warmup", "0s", "--p99", "10ms", "--out", dir.resolve("slow").toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("objective MISSED").contains("p99");
    }
  }

  @Test
  void usageErrorsExitTwoNamingTheValueAndTheFix() {
    CliRun run = CliRun.of("load", "--engine", "jmeter", "--workload", "nope", "--rate", "0", "--duration", "30",
        "--target", "ftp://x", "--reference-storage", "tiered");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--engine was 'jmeter' but must be driver or gatling")
        .contains("--target and --reference-storage exclude each other")
        .contains("--reference-storage was 'tiered'")
        .contains("--duration was '30' but must be a positive duration")
        .contains("--rate was 0")
        .contains("--target was 'ftp://x'")
        .contains("--workload");
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    CliRun unreachable = CliRun.of("load", "--target", "http://127.0.0.1:" + closed, "--out", dir.resolve("u").toString());
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("is not reachable");
  }
}
