package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Aspect;
import io.streamcert.reports.scorecard.AspectResult;
import io.streamcert.reports.scorecard.Assessment;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Direction;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.LevelResult;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Readiness;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies a {@link Policy} to a {@link Run}: thresholds, score, levels, aspects, regressions, gate. */
final class Assessor {

  /** How many check ids a reason names before it says "and N more". */
  private static final int NAMED = 5;

  private final Policy policy;

  Assessor(Policy policy) {
    this.policy = policy;
  }

  Scorecard assess(Run measured, Scorecard baseline) {
    Run run = measured.withChecks(measured.checks().stream().map(this::judge).toList());
    List<Check> checks = run.checks();
    List<LevelResult> levels = levels(checks);
    String reached = null;
    for (LevelResult l : levels) {
      if (l.held()) reached = l.name();
    }
    List<Regression> regressions = List.of();
    String baselineLabel = null;
    if (baseline != null) {
      regressions = Baselines.compare(baseline.checks(), checks, policy);
      baselineLabel = baseline.target().name() + " @ " + baseline.run().started();
    }
    List<String> reasons = new ArrayList<>();
    GateResult verdict = gate(levels, reached, regressions, baselineLabel, reasons);
    List<AspectResult> aspects = new ArrayList<>();
    for (Aspect a : Aspect.values()) aspects.add(aspect(a, checks));
    Assessment assessment = new Assessment(policy.name(), score(checks), reached, policy.requiredLevel(), verdict, reasons,
        aspects, levels, regressions, baselineLabel);
    return Scorecard.of(run, assessment);
  }

  /** Applies the policy's threshold to a numeric check; other checks pass through unchanged. */
  private Check judge(Check c) {
    Threshold t = policy.threshold(c.id()).orElse(null);
    Measurement m = c.measurement();
    if (t == null || m == null) return c;
    if (t.unit() != null && !t.unit().equals(m.unit())) {
      return c.toBuilder().status(Status.INCONCLUSIVE).measurement(m.withThreshold(t.limit(), t.direction()))
          .message("the policy's threshold is in '" + t.unit() + "' but the check measured '" + m.unit()
              + "'; write the threshold in the check's unit" + (c.message() == null ? "" : "\n" + c.message()))
          .build();
    }
    Measurement judged = m.withThreshold(t.limit(), t.direction());
    if (!c.status().decided()) return c.toBuilder().measurement(judged).build();
    boolean meets = judged.meetsThreshold();
    return c.toBuilder().status(meets ? Status.PASS : Status.FAIL).score(meets ? 10.0 : partialScore(judged)).measurement(judged).build();
  }

  /** OpenSSF-style proportional credit for a value short of its threshold, rounded down to a tenth. */
  private static double partialScore(Measurement m) {
    double ratio = m.direction() == Direction.HIGHER_IS_BETTER
        ? (m.threshold() == 0 ? 0 : m.value() / m.threshold())
        : (m.value() == 0 ? 1 : m.threshold() / m.value());
    double score = Math.floor(Math.max(0, Math.min(1, ratio)) * 100) / 10;
    return Math.min(score, 9.9);
  }

  /** The risk-weighted average over checks with a score, rounded to a tenth; null when none has one. */
  private Double score(List<Check> checks) {
    double weighted = 0;
    double weights = 0;
    for (Check c : checks) {
      if (c.score() == null) continue;
      double w = policy.weight(c.risk());
      weighted += w * c.score();
      weights += w;
    }
    return weights == 0 ? null : Math.round(weighted / weights * 10) / 10.0;
  }

  private List<LevelResult> levels(List<Check> checks) {
    List<LevelResult> out = new ArrayList<>();
    boolean below = true;
    for (LevelRule rule : policy.levels()) {
      Set<Check> required = new LinkedHashSet<>();
      List<String> blocking = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (Selector s : rule.requires()) {
        List<Check> matched = checks.stream().filter(s::matches).toList();
        boolean evidence = matched.stream().anyMatch(c -> c.status().ran() || c.status() == Status.NOT_APPLICABLE);
        if (!evidence) missing.add(s.toString());
        for (Check c : matched) {
          if (c.status() != Status.NOT_APPLICABLE) required.add(c);
        }
      }
      int passed = 0;
      for (Check c : required) {
        if (c.status() == Status.PASS) passed++;
        else blocking.add(c.id());
      }
      boolean own = blocking.isEmpty() && missing.isEmpty();
      below = below && own;
      out.add(new LevelResult(rule.name(), rule.description(), below, required.size(), passed, blocking, missing));
    }
    return out;
  }

  private GateResult gate(List<LevelResult> levels, String reached, List<Regression> regressions, String baseline, List<String> reasons) {
    String required = policy.requiredLevel();
    boolean levelOk = false;
    for (LevelResult l : levels) {
      if (l.name().equals(required)) levelOk = l.held();
    }
    if (levelOk) {
      reasons.add("reached " + reached + "; the gate requires " + required);
    } else {
      reasons.add("the gate requires " + required + " but the target reached " + (reached == null ? "no level" : reached));
      for (LevelResult l : levels) {
        if (!l.blocking().isEmpty()) {
          reasons.add(l.name() + " is blocked by " + l.blocking().size() + (l.blocking().size() == 1 ? " check: " : " checks: ") + named(l.blocking()));
        }
        if (!l.missing().isEmpty()) reasons.add(l.name() + " lacks evidence: no check ran for " + String.join(", ", l.missing()));
        if (l.name().equals(required)) break;
      }
    }
    boolean regressionsFail = !regressions.isEmpty() && policy.regressionsFailGate();
    if (baseline != null) {
      if (regressions.isEmpty()) reasons.add("no regressions against the baseline");
      else reasons.add(regressions.size() + (regressions.size() == 1 ? " regression" : " regressions") + " against the baseline"
          + (policy.regressionsFailGate() ? "" : " (the policy does not fail the gate on regressions)") + ": "
          + named(regressions.stream().map(Regression::check).toList()));
    }
    return levelOk && !regressionsFail ? GateResult.PASSED : GateResult.FAILED;
  }

  private static String named(List<String> ids) {
    if (ids.size() <= NAMED) return String.join(", ", ids);
    return String.join(", ", ids.subList(0, NAMED)) + " and " + (ids.size() - NAMED) + " more";
  }

  private AspectResult aspect(Aspect aspect, List<Check> checks) {
    AspectRule rule = policy.aspect(aspect);
    int passed = 0;
    int failed = 0;
    int inconclusive = 0;
    int skipped = 0;
    int notRun = 0;
    Risk worst = null;
    List<String> failures = new ArrayList<>();
    for (Check c : checks) {
      if (rule.checks().stream().noneMatch(s -> s.matches(c))) continue;
      switch (c.status()) {
        case PASS -> passed++;
        case FAIL -> {
          failed++;
          failures.add(c.id());
          if (worst == null || c.risk().atLeast(worst)) worst = c.risk();
        }
        case INCONCLUSIVE -> inconclusive++;
        case NOT_APPLICABLE -> skipped++;
        case NOT_RUN -> {
          skipped++;
          notRun++;
        }
      }
    }
    int ran = passed + failed + inconclusive;
    Readiness readiness;
    String reason;
    if (ran == 0) {
      readiness = Readiness.NOT_RUN;
      reason = skipped == 0 ? "no check of this aspect exists in this run" : "none of its " + skipped + " checks ran";
    } else if (failed == 0 && inconclusive == 0 && notRun == 0) {
      readiness = Readiness.READY;
      reason = "all " + passed + (passed == 1 ? " check passed" : " checks passed");
    } else if (failed == 0 || (rule.prototypeAllows() != null && rule.prototypeAllows().atLeast(worst))) {
      readiness = Readiness.PROTOTYPE;
      List<String> parts = new ArrayList<>();
      if (failed > 0) parts.add(failed + " of " + ran + " checks failed, none above " + rule.prototypeAllows().label() + " risk");
      if (inconclusive > 0) parts.add(inconclusive + " inconclusive");
      if (notRun > 0) parts.add(notRun + " did not run");
      if (failed == 0) parts.add(0, "none of " + ran + " failed");
      reason = String.join("; ", parts);
    } else {
      readiness = Readiness.NOT_READY;
      reason = failed + " of " + ran + " checks failed, the worst at " + worst.label() + " risk";
    }
    return new AspectResult(aspect, readiness, passed, failed, inconclusive, skipped, reason, failures);
  }
}
