package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateSweepTest {

  private static final RateSweep.Plan PLAN = RateSweep.Plan.startingAt(1000).withMaxRate(100_000);
  private static final long MS = 1_000_000;
  private static final Workload APPEND = Workload.builder("sweep", WorkloadType.APPEND)
      .rate(1000).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).build();

  @Test
  void doublesWhileTheObjectiveHoldsThenBisects() {
    assertThat(RateSweep.nextRate(1000, 0, PLAN)).isEqualTo(2000);
    assertThat(RateSweep.nextRate(64_000, 0, PLAN)).isEqualTo(100_000);
    assertThat(RateSweep.nextRate(100_000, 0, PLAN)).as("stop at the max rate").isZero();
    assertThat(RateSweep.nextRate(8000, 16_000, PLAN)).isEqualTo(12_000);
    assertThat(RateSweep.nextRate(12_000, 16_000, PLAN)).isEqualTo(14_000);
    assertThat(RateSweep.nextRate(14_000, 14_600, PLAN)).as("within 5%: done").isZero();
  }

  @Test
  void halvesWhenEvenTheFirstRateMisses() {
    assertThat(RateSweep.nextRate(0, 1000, PLAN)).isEqualTo(500);
    assertThat(RateSweep.nextRate(0, 1, PLAN)).isZero();
  }

  @Test
  void theObjectiveNamesEveryMiss() {
    RunResult slowAndShort = SelfCheckTest.result(1000, 900, 20_000_000);
    String miss = RateSweep.Objective.defaults().miss(slowAndShort);
    assertThat(miss).isEqualTo("p99 20.000ms > 10.000ms; achieved 900.0/s < 95% of 1000/s");
    assertThat(RateSweep.Objective.defaults().miss(SelfCheckTest.result(1000, 1000, 1_000_000))).isNull();
  }

  @Test
  void plansAreValidated() {
    assertThatThrownBy(() -> new RateSweep.Plan(0, 10, 2, 0, Duration.ZERO, RateSweep.Objective.defaults(), 9))
        .hasMessageContaining("startRate was 0")
        .hasMessageContaining("retries was 9")
        .hasMessageContaining("precision was 2.0")
        .hasMessageContaining("maxSteps was 0");
  }

  @Test
  void aMissIsConfirmedBeforeItCountsAndEveryRunIsOnTheCurve() throws Exception {
    // 2000/s misses once (a burst elsewhere) and then meets the objective; 4000/s misses twice.
    java.util.Map<Long, java.util.ArrayDeque<Long>> p99s = new java.util.HashMap<>();
    p99s.put(1000L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    p99s.put(2000L, new java.util.ArrayDeque<>(java.util.List.of(50 * MS, MS)));
    p99s.put(4000L, new java.util.ArrayDeque<>(java.util.List.of(50 * MS, 50 * MS)));
    p99s.put(3000L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    p99s.put(3500L, new java.util.ArrayDeque<>(java.util.List.of(30 * MS, 40 * MS)));
    RateSweep.Plan plan = RateSweep.Plan.startingAt(1000).withMaxRate(100_000).withPause(Duration.ZERO).withPrecision(0.2);
    RateSweep.Result r = RateSweep.run((w, folder) -> SelfCheckTest.result(w.rate(), w.rate(), p99s.get(w.rate()).pop()),
        java.net.URI.create("http://x/v1/stream/"), APPEND, plan, null);

    assertThat(r.steps()).extracting(RateSweep.Point::requestedRate).containsExactly(1000L, 2000L, 2000L, 4000L, 4000L, 3000L, 3500L, 3500L);
    assertThat(r.steps()).extracting(RateSweep.Point::attempt).containsExactly(1, 1, 2, 1, 2, 1, 1, 2);
    assertThat(r.maxSustainableRate()).isEqualTo(3000);
    assertThat(r.curve()).hasSize(8);
    assertThat(p99s.values()).allSatisfy(left -> assertThat(left).isEmpty());
  }

  @Test
  void confirmingAMissDoesNotUseUpTheSteps() throws Exception {
    // Two rates allowed: 1000/s passes; 2000/s misses, is confirmed, and the sweep still ends there.
    java.util.Map<Long, java.util.ArrayDeque<Long>> p99s = new java.util.HashMap<>();
    p99s.put(1000L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    p99s.put(2000L, new java.util.ArrayDeque<>(java.util.List.of(50 * MS, MS)));
    RateSweep.Plan plan = RateSweep.Plan.startingAt(1000).withMaxRate(100_000).withPause(Duration.ZERO).withMaxSteps(2);
    RateSweep.Result r = RateSweep.run((w, folder) -> SelfCheckTest.result(w.rate(), w.rate(), p99s.get(w.rate()).pop()),
        java.net.URI.create("http://x/v1/stream/"), APPEND, plan, null);

    assertThat(r.steps()).extracting(RateSweep.Point::requestedRate).containsExactly(1000L, 2000L, 2000L);
    assertThat(r.maxSustainableRate()).isEqualTo(2000);
  }

  @Test
  void withoutRetriesTheFirstMissCounts() throws Exception {
    java.util.Map<Long, java.util.ArrayDeque<Long>> p99s = new java.util.HashMap<>();
    p99s.put(1000L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    p99s.put(2000L, new java.util.ArrayDeque<>(java.util.List.of(50 * MS)));
    p99s.put(1500L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    p99s.put(1750L, new java.util.ArrayDeque<>(java.util.List.of(MS)));
    RateSweep.Plan plan = RateSweep.Plan.startingAt(1000).withMaxRate(100_000).withPause(Duration.ZERO).withPrecision(0.2)
        .withRetries(0);
    RateSweep.Result r = RateSweep.run((w, folder) -> SelfCheckTest.result(w.rate(), w.rate(), p99s.get(w.rate()).pop()),
        java.net.URI.create("http://x/v1/stream/"), APPEND, plan, null);

    assertThat(r.steps()).extracting(RateSweep.Point::requestedRate).containsExactly(1000L, 2000L, 1500L, 1750L);
    assertThat(r.maxSustainableRate()).isEqualTo(1750);
  }

  @Test
  void sweepsANoOpEndpointAndWritesTheCurve(@TempDir Path out) throws Exception {
    Workload w = Workload.builder("tiny", WorkloadType.APPEND)
        .rate(100).duration(Duration.ofMillis(500)).warmup(Duration.ZERO).build();
    RateSweep.Plan plan = RateSweep.Plan.startingAt(100).withMaxRate(400).withPause(Duration.ZERO)
        .withObjective(RateSweep.Objective.of(Duration.ofSeconds(10), 0.5, 0.5));

    RateSweep.Result r;
    try (NoOpServer s = NoOpServer.start()) {
      r = RateSweep.run(s.baseUri(), w, plan, out);
    }

    // A lenient objective that any machine meets: 100, 200, 400 and then the max rate stops it.
    assertThat(r.steps()).extracting(RateSweep.Point::requestedRate).containsExactly(100L, 200L, 400L);
    assertThat(r.maxSustainableRate()).isEqualTo(400);
    assertThat(r.curve()).allSatisfy(p -> assertThat(p.pass()).isTrue());
    assertThat(out.resolve("sweep.json")).exists();
    assertThat(out.resolve("curve.csv")).content().startsWith("requested_rate,achieved_rate,p50_ms");
    assertThat(out.resolve("steps/03-400/result.json")).exists();
  }
}
