package io.streamcert.reports.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reports.Samples;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Direction;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  private static final Policy DEFAULT = Policy.defaults();
  private static final Scorecard BASE = DEFAULT.assess(Samples.run());

  private static Scorecard changed(String id, UnaryOperator<Check.Builder> change) {
    Run run = Samples.runBuilder().checks(Samples.checks().stream()
        .map(c -> c.id().equals(id) ? change.apply(c.toBuilder()).build() : c).toList()).build();
    return DEFAULT.assess(run);
  }

  private static UnaryOperator<Check.Builder> value(double v, Direction d, String unit) {
    return b -> b.measurement(Measurement.of(v, unit, d));
  }

  @Test
  void aCheckThatPassedAndNowFailsIsARegression() {
    Scorecard now = changed("conformance.closure.close-is-idempotent", b -> b.status(Status.FAIL));
    List<Regression> regressions = Baselines.compare(BASE, now, DEFAULT);
    assertThat(regressions).containsExactly(new Regression("conformance.closure.close-is-idempotent",
        "Closing a closed stream again succeeds", Regression.Kind.STATUS, "pass", "fail", null, null));
    assertThat(DEFAULT.gate(regressions)).isEqualTo(GateResult.FAILED);
  }

  @Test
  void aNumericResultWorseBeyondTheToleranceIsARegression() {
    // Lower is better: 31.5 ms -> 35 ms is 11.1% worse, beyond the default 10%.
    Scorecard now = changed("perf.read.fanout-latency-p99", value(35, Direction.LOWER_IS_BETTER, "ms"));
    List<Regression> regressions = Baselines.compare(BASE, now, DEFAULT);
    assertThat(regressions).containsExactly(new Regression("perf.read.fanout-latency-p99", "p99 delivery latency to 100 live readers",
        Regression.Kind.NUMERIC, "31.5 ms", "35 ms", 11.1, 10.0));
    assertThat(regressions.get(0).describe()).isEqualTo("perf.read.fanout-latency-p99: 31.5 ms -> 35 ms (+11.1% worse, tolerance 10%)");
  }

  @Test
  void aNumericResultWorseWithinTheToleranceIsNot() {
    // 31.5 ms -> 34 ms is 7.9% worse: within 10%.
    assertThat(Baselines.compare(BASE, changed("perf.read.fanout-latency-p99", value(34, Direction.LOWER_IS_BETTER, "ms")), DEFAULT)).isEmpty();
  }

  @Test
  void higherIsBetterResultsRegressWhenTheyDrop() {
    // The policy can tighten one check's tolerance: 4210 -> 4000 ops/s is 5% worse, beyond 3%.
    Policy tight = Policy.parse("name: tight\nthresholds:\n  perf.append.throughput: { min: 3000, tolerance-percent: 3 }\n", "tight.yaml");
    Scorecard base = tight.assess(Samples.run());
    Run slower = Samples.runBuilder().checks(Samples.checks().stream().map(c -> c.id().equals("perf.append.throughput")
        ? c.toBuilder().measurement(Measurement.of(4000, "ops/s", Direction.HIGHER_IS_BETTER)).build() : c).toList()).build();
    List<Regression> regressions = Baselines.compare(base, tight.assess(slower), tight);
    assertThat(regressions).extracting(Regression::check, Regression::changePercent, Regression::tolerancePercent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("perf.append.throughput", 5.0, 3.0));
  }

  @Test
  void improvementsAndUnitChangesAreNotRegressions() {
    assertThat(Baselines.compare(BASE, changed("perf.read.fanout-latency-p99", value(10, Direction.LOWER_IS_BETTER, "ms")), DEFAULT)).isEmpty();
    assertThat(Baselines.compare(BASE, changed("perf.read.fanout-latency-p99", value(90, Direction.LOWER_IS_BETTER, "s")), DEFAULT)).isEmpty();
    assertThat(Baselines.compare(BASE, BASE, DEFAULT)).isEmpty();
  }

  @Test
  void regressionsFailTheGateUnlessThePolicySaysOtherwise() {
    Scorecard now = changed("conformance.closure.close-is-idempotent", b -> b.status(Status.FAIL));
    Scorecard gated = DEFAULT.assess(now.run(), BASE);
    assertThat(gated.assessment().level()).isEqualTo("Conformant");
    assertThat(gated.verdict()).isEqualTo(GateResult.FAILED);
    assertThat(gated.assessment().reasons()).containsExactly(
        "reached Conformant; the gate requires Conformant",
        "1 regression against the baseline: conformance.closure.close-is-idempotent");
    assertThat(gated.assessment().baseline()).isEqualTo("reference server @ 2026-11-22T10:00:00Z");

    Policy lenient = Policy.parse("name: lenient\nregressions: { tolerance-percent: 10, fail-gate: false }\n", "lenient.yaml");
    Scorecard notGated = lenient.assess(now.run(), BASE);
    assertThat(notGated.assessment().regressions()).hasSize(1);
    assertThat(notGated.verdict()).isEqualTo(GateResult.PASSED);
    assertThat(lenient.gate(notGated.assessment().regressions())).isEqualTo(GateResult.PASSED);
  }
}
