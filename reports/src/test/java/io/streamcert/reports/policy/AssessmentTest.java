package io.streamcert.reports.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reports.Samples;
import io.streamcert.reports.scorecard.Aspect;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.LevelResult;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Readiness;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Levels, aspects, scores and the gate, computed from the sample run by the default policy and by mutants of it. */
class AssessmentTest {

  private static final Policy DEFAULT = Policy.defaults();

  @Test
  void theSampleIsConformantAndPassesTheDefaultGate() {
    Scorecard card = DEFAULT.assess(Samples.run());
    assertThat(card.assessment().level()).isEqualTo("Conformant");
    assertThat(card.verdict()).isEqualTo(GateResult.PASSED);
    assertThat(card.verdict().exitCode()).isZero();
    assertThat(card.assessment().reasons()).containsExactly("reached Conformant; the gate requires Conformant");
  }

  @Test
  void aMutantPolicyRequiringALevelTheSampleCannotReachFailsTheGate() {
    Policy mutant = Policy.parse("name: requires Reliable\ngate: { require-level: Reliable }\n", "mutant.yaml");
    Scorecard card = mutant.assess(Samples.run());
    assertThat(card.verdict()).isEqualTo(GateResult.FAILED);
    assertThat(card.verdict().exitCode()).isEqualTo(1);
    assertThat(card.assessment().level()).isEqualTo("Conformant");
    assertThat(card.assessment().reasons()).containsExactly(
        "the gate requires Reliable but the target reached Conformant",
        "Reliable is blocked by 4 checks: conformance.read.etag-on-catch-up, conformance.sse.retry-field,"
            + " conformance.fork.ttl-inherited, chaos.partition.recovers");
  }

  @Test
  void aMutantTargetFailingAMustRuleFailsTheDefaultGate() {
    Run mutant = Samples.runBuilder().checks(Samples.checks().stream()
        .map(c -> c.id().equals("conformance.append.seq-regression-409") ? c.toBuilder().status(Status.FAIL).message("answered 204").build() : c)
        .toList()).build();
    Scorecard card = DEFAULT.assess(mutant);
    assertThat(card.assessment().level()).isNull();
    assertThat(card.verdict()).isEqualTo(GateResult.FAILED);
    assertThat(card.assessment().reasons()).contains("Conformant is blocked by 1 check: conformance.append.seq-regression-409");
    assertThat(card.assessment().aspect(Aspect.PROTOCOL_COMPLIANCE).readiness()).isEqualTo(Readiness.NOT_READY);
  }

  @Test
  void levelsHoldOnlyWhenEveryLevelBelowHolds() {
    Scorecard card = DEFAULT.assess(Samples.run());
    List<LevelResult> levels = card.assessment().levels();
    assertThat(levels).extracting(LevelResult::held).containsExactly(true, false, false);
    LevelResult conformant = levels.get(0);
    assertThat(conformant.required()).isEqualTo(13);
    assertThat(conformant.passed()).isEqualTo(13);
    LevelResult production = levels.get(2);
    assertThat(production.blocking()).containsExactly("perf.append.throughput", "ops.graceful-shutdown");
    assertThat(production.missing()).containsExactly("category:security", "category:observability", "category:operability");
  }

  @Test
  void aLevelIsNeverReachedForLackOfEvidence() {
    Scorecard card = DEFAULT.assess(Samples.runBuilder().build());
    assertThat(card.assessment().level()).isNull();
    assertThat(card.assessment().score()).isNull();
    assertThat(card.verdict()).isEqualTo(GateResult.FAILED);
    assertThat(card.assessment().reasons()).contains("Conformant lacks evidence: no check ran for category:conformance min-risk:high");
  }

  @Test
  void aspectsWithNoChecksThatRanAreNotRunNeverAPass() {
    Scorecard empty = DEFAULT.assess(Samples.runBuilder().build());
    assertThat(empty.assessment().aspects()).extracting(a -> a.readiness()).containsOnly(Readiness.NOT_RUN);
    assertThat(empty.assessment().aspect(Aspect.OBSERVABILITY).reason()).isEqualTo("no check of this aspect exists in this run");

    Scorecard sample = DEFAULT.assess(Samples.run());
    assertThat(sample.assessment().aspect(Aspect.OPERABILITY).readiness()).isEqualTo(Readiness.NOT_RUN);
    assertThat(sample.assessment().aspect(Aspect.OPERABILITY).reason()).isEqualTo("none of its 1 checks ran");
    assertThat(sample.assessment().aspect(Aspect.SECURITY_HARDENING).readiness()).isEqualTo(Readiness.NOT_RUN);
  }

  @Test
  void aspectRules() {
    Scorecard card = DEFAULT.assess(Samples.run());
    assertThat(card.assessment().aspects()).extracting(a -> a.aspect() + "=" + a.readiness()).containsExactly(
        "PROTOCOL_COMPLIANCE=PROTOTYPE", "PERFORMANCE=PROTOTYPE", "RELIABILITY=PROTOTYPE",
        "OBSERVABILITY=NOT_RUN", "SECURITY_HARDENING=NOT_RUN", "OPERABILITY=NOT_RUN");
    assertThat(card.assessment().aspect(Aspect.PROTOCOL_COMPLIANCE).reason())
        .isEqualTo("2 of 17 checks failed, none above high risk; 1 inconclusive");
    assertThat(card.assessment().aspect(Aspect.RELIABILITY).reason()).isEqualTo("none of 1 failed; 1 did not run");

    Run allPass = Samples.runBuilder().checks(Samples.checks().stream()
        .filter(c -> c.category() == Category.CONFORMANCE && c.status().decided())
        .map(c -> c.toBuilder().status(Status.PASS).message(null).build()).toList()).build();
    assertThat(DEFAULT.assess(allPass).assessment().aspect(Aspect.PROTOCOL_COMPLIANCE).readiness()).isEqualTo(Readiness.READY);

    Policy strict = Policy.parse("name: strict\naspects: { protocol-compliance: { prototype-allows: none } }\n", "strict.yaml");
    assertThat(strict.assess(Samples.run()).assessment().aspect(Aspect.PROTOCOL_COMPLIANCE).readiness()).isEqualTo(Readiness.NOT_READY);
  }

  @Test
  void theScoreIsTheRiskWeightedAverageOfDecidedChecks() {
    Run run = Samples.runBuilder()
        .check(check("a", Risk.CRITICAL, Status.PASS))
        .check(check("b", Risk.LOW, Status.FAIL))
        .check(check("c", Risk.HIGH, Status.INCONCLUSIVE))
        .check(check("d", Risk.HIGH, Status.NOT_RUN))
        .build();
    // (10*10 + 2.5*0) / (10 + 2.5) = 8.0
    assertThat(DEFAULT.assess(run).assessment().score()).isEqualTo(8.0);
  }

  @Test
  void policyThresholdsJudgeNumericChecks() {
    Policy p = Policy.parse("""
        name: thresholds
        thresholds:
          perf.append.latency-p99: { max: 5, unit: ms }
          perf.append.throughput: { min: 4000 }
          perf.read.fanout-latency-p99: { max: 40, unit: s }
        """, "thresholds.yaml");
    Scorecard card = p.assess(Samples.run());
    Check latency = card.run().check("perf.append.latency-p99").orElseThrow();
    assertThat(latency.status()).isEqualTo(Status.FAIL);
    assertThat(latency.measurement()).isEqualTo(Measurement.atMost(7.9, 5, "ms"));
    assertThat(latency.score()).isEqualTo(6.3);
    Check throughput = card.run().check("perf.append.throughput").orElseThrow();
    assertThat(throughput.status()).isEqualTo(Status.PASS);
    assertThat(throughput.score()).isEqualTo(10.0);
    Check mismatch = card.run().check("perf.read.fanout-latency-p99").orElseThrow();
    assertThat(mismatch.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(mismatch.message()).startsWith("the policy's threshold is in 's' but the check measured 'ms'");
  }

  private static Check check(String id, Risk risk, Status status) {
    return Check.builder(id, "rule " + id).category(Category.CONFORMANCE).risk(risk).status(status).build();
  }
}
