package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DriverMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void reportsEveryBadArgumentAtOnceWithExitTwo() {
    assertThat(run("--rate", "fast", "--duration", "10")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--rate was 'fast': not a whole number")
        .contains("--duration was '10': '10' is not a duration")
        .contains("--target URL (or --no-op) is required")
        .contains("--workload NAME|FILE is required")
        .contains("built-in workloads: append-100b-1-stream");
  }

  @Test
  void anInvalidOverrideIsAWorkloadProblem() {
    assertThat(run("--no-op", "--workload", "append-100b-1-stream", "--rate", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("rate: was 0 but must be between 1");
  }

  @Test
  void runsAgainstTheNoOpEndpointAndChecksItself(@TempDir Path dir) {
    int code = run("--no-op", "--workload", "append-100b-1-stream", "--rate", "200", "--duration", "1s",
        "--warmup", "0s", "--self-check", "--out", dir.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("append-100b-1-stream: requested 200/s")
        .contains("ok 200, errors 0")
        .contains("self-check:");
    assertThat(dir.resolve("run/result.json")).exists();
    assertThat(dir.resolve("self-check/self-check.json")).exists();
  }
}
