package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.scenarios.driver.Driver;
import io.streamcert.scenarios.driver.RunResult;
import io.streamcert.scenarios.driver.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTargetsTest {

  @TempDir Path dir;

  @Test
  void theNoOpEndpointRunsAsItsOwnProcessWithItsMemoryAndCpuReadable() throws Exception {
    long pid;
    try (BenchTargets.Server noOp = BenchTargets.start("no-op", dir.resolve("no-op"))) {
      pid = noOp.pid();
      assertThat(pid).isPositive().isNotEqualTo(ProcessHandle.current().pid());
      assertThat(noOp.streams().toString()).endsWith("/v1/stream/");
      RunResult r = Driver.create().execute(noOp.streams(), Workloads.builtIn("append-100b-1-stream").toBuilder()
          .rate(50).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).build(), null);
      assertThat(r.ok()).isEqualTo(50);
      assertThat(BenchTargets.residentKb(pid)).as("VmRSS of the launched JVM").isGreaterThan(1024);
      assertThat(BenchTargets.cpuNanos(pid)).isPositive();
      assertThat(BenchTargets.residentAfterGcKb(pid)).as("the no-op is a JVM: jcmd can ask it for a GC").isGreaterThan(1024);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("stopped when closed").isFalse();
    assertThat(BenchTargets.residentKb(pid)).isEqualTo(-1);
  }

  @Test
  void targetsAreNamedOrGivenAsUrls() {
    assertThat(BenchTargets.problem("ref-memory")).isNull();
    assertThat(BenchTargets.problem("http://127.0.0.1:4437")).isNull();
    assertThat(BenchTargets.problem("node")).contains("'node' is not a target; use one of ref-memory, ref-file, node-memory, node-file, no-op");
    assertThat(BenchTargets.problem("http://")).contains("must be an http URL");
    assertThat(BenchTargets.residentKb(-1)).isEqualTo(-1);
    assertThatThrownBy(() -> BenchTargets.start("http://127.0.0.1:1", dir.resolve("x")))
        .hasMessageContaining("is not reachable");
  }

  @Test
  void theMeasurementDescriptorsLaunchTheReferenceServerWithItsStorage() {
    assertThat(BenchTargets.referenceDescriptor(false).storage()).contains("memory");
    assertThat(BenchTargets.referenceDescriptor(true).storage()).contains("file");
    assertThat(BenchTargets.referenceDescriptor(true).fsync()).contains("always");
    assertThat(BenchTargets.referenceDescriptor(true).launch().command()).containsSubsequence("--fsync", "always");
    assertThat(BenchTargets.referenceDescriptor(false).launch().command()).containsSubsequence("--sse-reconnect-interval", "120s");
  }
}
