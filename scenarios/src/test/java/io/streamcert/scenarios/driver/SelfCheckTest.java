package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfCheckTest {

  private static final long MS = 1_000_000L;

  private static final Workload APPEND =
      Workload.builder("append", WorkloadType.APPEND).rate(1000).duration(Duration.ofSeconds(5)).build();

  /** A result with the given rates and append p99, everything else neutral. */
  static RunResult result(long requested, double achieved, long p99) {
    RunResult.Spectrum s = new RunResult.Spectrum(100, 1, p99 / 2.0, p99 / 2, p99 / 2, p99 / 2, p99, p99, p99, p99);
    RunResult.Spectrum lag = new RunResult.Spectrum(100, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    RunResult.Metric m = new RunResult.Metric("append", 100, 0, Map.of(), s, s, lag, "", "", List.of());
    return new RunResult(RunResult.SCHEMA, "append", "append", Map.of(), "http://x/v1/stream/", "now", Map.of(),
        requested, achieved, achieved, 5, 5 * requested, 5 * requested, (long) (5 * achieved), 0, 0, 0, 0, 0, 0,
        "append", Map.of("append", m), List.of());
  }

  @Test
  void aDriverThatCannotReachTheRateAgainstANoOpEndpointIsTheBottleneck() {
    SelfCheck.Result r = SelfCheck.judge(APPEND, result(1000, 700, MS / 10), result(1000, 700, 5 * MS));
    assertThat(r.driverBound()).isTrue();
    assertThat(r.findings().get(0)).startsWith("driver-bound: against a no-op endpoint the driver achieved 700.0 of 1000 ops/s");
  }

  @Test
  void aDriverWhoseOwnTailIsHalfTheTargetsIsTheBottleneck() {
    SelfCheck.Result r = SelfCheck.judge(APPEND, result(1000, 1000, 3 * MS), result(1000, 1000, 4 * MS));
    assertThat(r.driverBound()).isTrue();
    assertThat(r.findings()).anySatisfy(f -> assertThat(f).startsWith("driver-bound: the driver's own p99 (3.000ms"));
  }

  @Test
  void aFastDriverAndASlowTargetIsTheTargetsLimit() {
    SelfCheck.Result r = SelfCheck.judge(APPEND, result(1000, 1000, MS / 10), result(1000, 600, 50 * MS));
    assertThat(r.driverBound()).isFalse();
    assertThat(r.findings().get(0)).startsWith("driver ok: 1000.0 of 1000 ops/s against a no-op endpoint, p99 0.100ms (0% of the target's 50.000ms)");
    assertThat(r.findings()).anySatisfy(f -> assertThat(f).startsWith("target-bound"));
  }

  @Test
  void runsTheWorkloadAgainstANoOpEndpoint(@TempDir Path out) throws Exception {
    Workload w = Workloads.builtIn("fanout-long-poll").toBuilder()
        .rate(300).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).build();

    SelfCheck.Result r = SelfCheck.run(w, null, out);

    // Against a no-op endpoint a fan-out workload runs its writer: every append is answered.
    assertThat(r.noOp().type()).isEqualTo("append");
    assertThat(r.noOp().ok()).isEqualTo(300);
    assertThat(r.noOp().errors()).isZero();
    assertThat(r.findings()).anySatisfy(f -> assertThat(f).contains("fan-out workload: the writer's appends were checked"));
    assertThat(out.resolve("self-check.json")).exists();
    assertThat(out.resolve("no-op/result.json")).exists();
  }

  @Test
  void catchUpCannotBeChecked() throws Exception {
    SelfCheck.Result r = SelfCheck.run(Workloads.builtIn("catch-up-storm"), null, null);
    assertThat(r.driverBound()).isFalse();
    assertThat(r.findings()).containsExactly("not applicable: the no-op endpoint holds no data for catch-up reads to measure");
  }

  @Test
  void theNoOpEndpointAnswersEveryRequestOnKeptAliveConnections() throws Exception {
    try (NoOpServer s = NoOpServer.start(2); HttpEngine engine = new HttpEngine(s.baseUri(), 1)) {
      HttpConnection c = engine.connection();
      for (int i = 0; i < 3; i++) {
        HttpResponse r = engine.exchange(c, engine.request("POST", "/v1/stream/x", Map.of(), new byte[100_000]),
            Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(204);
      }
      assertThat(c.isClosed()).isFalse();
      assertThat(s.requests()).isEqualTo(3);
    }
  }
}
