package io.streamcert.reports.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamcert.reports.scorecard.Aspect;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Risk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

  @Test
  void theDefaultPolicyLoadsWithOpenSsfWeightsAndRequiresConformant() {
    Policy p = Policy.defaults();
    assertThat(p.name()).isEqualTo("streamcert default");
    assertThat(p.weight(Risk.CRITICAL)).isEqualTo(10);
    assertThat(p.weight(Risk.HIGH)).isEqualTo(7.5);
    assertThat(p.weight(Risk.MEDIUM)).isEqualTo(5);
    assertThat(p.weight(Risk.LOW)).isEqualTo(2.5);
    assertThat(p.levels()).extracting(LevelRule::name).containsExactly("Conformant", "Reliable", "Production-ready");
    assertThat(p.levels().get(0).requires()).containsExactly(new Selector(null, Category.CONFORMANCE, Risk.HIGH));
    assertThat(p.requiredLevel()).isEqualTo("Conformant");
    assertThat(p.regressionsFailGate()).isTrue();
    assertThat(p.tolerancePercent("anything")).isEqualTo(10);
    assertThat(p.aspect(Aspect.RELIABILITY).checks()).containsExactly(Selector.category(Category.RESILIENCE));
    assertThat(p.aspect(Aspect.RELIABILITY).prototypeAllows()).isEqualTo(Risk.HIGH);
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPathAndFix() {
    String yaml = """
        name: broken
        weights: { critical: 10, high: -1, medium: 5 }
        levels:
          - name: Conformant
            requires: [category:conformance]
          - name: Fast
            requires:
              - category:perf
              - { check: "perf.*", min-risk: severe }
              - perf
          - name: Fast
            requires: []
        aspects:
          speed: { checks: [category:performance] }
          reliability: { prototype-allows: maybe }
        thresholds:
          perf.append.latency-p99: { max: 50, min: 10 }
          perf.append.throughput: { min: lots }
        regressions: { tolerance-percent: -5, fail-gate: sometimes }
        gate: { require-level: Gold }
        colour: blue
        """;
    InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> Policy.parse(yaml, "mutant.yaml"));
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "colour: unknown field; known fields here: version, name, weights, levels, aspects, thresholds, performance, regressions, gate",
        "weights.high: was '-1' but must be a number > 0",
        "weights.low: is missing; give a number > 0 (OpenSSF Scorecard uses critical 10, high 7.5, medium 5, low 2.5)",
        "levels[1].requires[0]: unknown category 'perf'; use one of conformance, performance, resilience, security, observability, operability",
        "levels[1].requires[1].min-risk: unknown risk 'severe'; use one of critical, high, medium, low",
        "levels[1].requires[2]: 'perf' is not a key:value term; write category:NAME, check:ID-OR-PATTERN or min-risk:RISK, like 'category:performance' or 'check:perf.append.*'",
        "levels[2].name: 'Fast' is already the name of a lower level; level names must be unique",
        "levels[2].requires: must be a non-empty list of selectors such as 'category:conformance' or 'check:perf.append.*'",
        "aspects.speed: unknown aspect 'speed'; use one of protocol-compliance, performance, reliability, observability, security-hardening, operability",
        "aspects.reliability.prototype-allows: unknown risk 'maybe'; use one of critical, high, medium, low, or none",
        "thresholds[\"perf.append.latency-p99\"]: needs exactly one of min (higher is better, like throughput) or max (lower is better, like latency)",
        "thresholds[\"perf.append.throughput\"].min: was 'lots' but must be a number",
        "regressions.tolerance-percent: was -5 but must be a percentage >= 0 such as 10",
        "regressions.fail-gate: was 'sometimes' but must be true or false",
        "gate.require-level: unknown level 'Gold'; use one of Conformant, Fast");
    assertThat(e.getMessage()).startsWith("policy mutant.yaml has 15 problems:\n  - ");
  }

  @Test
  void theDefaultPolicyMeasuresPerformanceAndJudgesEveryPerformanceCheck() {
    Policy p = Policy.defaults();
    assertThat(p.performance()).isEqualTo(new PerformancePlan(500, 10, 100, 10));
    for (String id : List.of("perf.append-100b.throughput", "perf.append-100b.latency-p99", "perf.append-100b.latency-p999",
        "perf.append-100b.max-sustainable-rate", "perf.end-to-end.latency-p99")) {
      assertThat(p.threshold(id)).as(id).isPresent();
    }
  }

  @Test
  void aPerformanceSectionIsValidatedFieldByField() {
    String yaml = """
        name: bad performance
        performance:
          rate: 0
          objective-p99-ms: -1
          end-to-end-rate: fast
          end-to-end-readers: 5000
          duration: 10s
        """;
    InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> Policy.parse(yaml, "perf.yaml"));
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "performance.duration: unknown field; known fields here: rate, objective-p99-ms, end-to-end-rate, end-to-end-readers",
        "performance.rate: was '0' but must be a whole number from 1 to 10000000, ops/s such as 500",
        "performance.objective-p99-ms: was -1.0 but must be > 0 milliseconds such as 10",
        "performance.end-to-end-rate: was 'fast' but must be a whole number from 1 to 10000000, ops/s such as 100",
        "performance.end-to-end-readers: was '5000' but must be a whole number from 1 to 1000, readers such as 10");
  }

  @Test
  void aPolicyCanChangeHowPerformanceIsMeasured() {
    Policy p = Policy.parse("""
        name: faster
        performance: { rate: 2000, objective-p99-ms: 5, end-to-end-rate: 500, end-to-end-readers: 100 }
        """, "faster.yaml");
    assertThat(p.performance()).isEqualTo(new PerformancePlan(2000, 5, 500, 100));
  }

  @Test
  void sectionsLeftOutComeFromTheDefaultPolicy() {
    Policy p = Policy.parse("""
        name: strict
        gate: { require-level: Reliable }
        thresholds:
          perf.append.latency-p99: { max: 20, unit: ms, tolerance-percent: 3 }
        """, "strict.yaml");
    assertThat(p.levels()).hasSize(3);
    assertThat(p.weight(Risk.HIGH)).isEqualTo(7.5);
    assertThat(p.requiredLevel()).isEqualTo("Reliable");
    assertThat(p.threshold("perf.append.latency-p99")).contains(new Threshold(null, 20.0, "ms", 3.0));
    assertThat(p.tolerancePercent("perf.append.latency-p99")).isEqualTo(3);
    assertThat(p.tolerancePercent("perf.append.throughput")).isEqualTo(10);
  }

  @Test
  void selectorsAcceptTextAndMaps() {
    Policy p = Policy.parse("""
        name: selectors
        levels:
          - name: Base
            requires:
              - "check:conformance.create.* min-risk:critical"
              - { category: security }
        aspects:
          protocol-compliance: { checks: ["check:conformance.*", "check:legacy.?"], prototype-allows: none }
        gate: { require-level: Base }
        """, "selectors.yaml");
    assertThat(p.levels().get(0).requires()).containsExactly(
        new Selector("conformance.create.*", null, Risk.CRITICAL), new Selector(null, Category.SECURITY, null));
    assertThat(p.aspect(Aspect.PROTOCOL_COMPLIANCE).prototypeAllows()).isNull();
    assertThat(p.aspect(Aspect.PERFORMANCE).checks()).containsExactly(Selector.category(Category.PERFORMANCE));
  }

  @Test
  void aChangedLadderWithTheDefaultGateSaysWhereTheGateCameFrom() {
    InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> Policy.parse("""
        name: bronze
        levels: [{ name: Bronze, requires: [category:conformance] }]
        """, "bronze.yaml"));
    assertThat(e.problems()).containsExactly("gate.require-level: unknown level 'Conformant'; use one of Bronze"
        + " (the gate section comes from default-policy.yaml; add your own)");
  }

  @Test
  void yamlSyntaxErrorsNameTheLine() {
    InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> Policy.parse("name: [unclosed\nweights: {", "bad.yaml"));
    assertThat(e.problems()).singleElement().asString().startsWith("(root): not valid YAML at line");
  }

  @Test
  void loadsFromAFileAndOverridesTheRequiredLevel(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "name: from file\n");
    Policy p = Policy.load(file);
    assertThat(p.name()).isEqualTo("from file");
    assertThat(p.requiringLevel("Production-ready").requiredLevel()).isEqualTo("Production-ready");
    InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> p.requiringLevel("Gold"));
    assertThat(e.problems()).containsExactly("gate.require-level: unknown level 'Gold'; use one of Conformant, Reliable, Production-ready");
  }
}
