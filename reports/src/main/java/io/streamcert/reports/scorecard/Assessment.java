package io.streamcert.reports.scorecard;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy made of a run: the risk-weighted score, the level ladder, the aspects, the
 * regressions against a baseline, and the gate's verdict with its reasons.
 *
 * @param policy the policy's name
 * @param score the risk-weighted average of the scores of checks that passed or failed, 0–10; null when none did
 * @param level the highest level reached; null when not even the first holds
 * @param requiredLevel the level the gate requires
 * @param verdict {@link GateResult#PASSED} or {@link GateResult#FAILED}
 * @param reasons why the gate passed or failed, one sentence each
 * @param aspects one per {@link Aspect}, in declaration order
 * @param levels the ladder from the lowest rung up
 * @param regressions against the baseline; empty without one
 * @param baseline a label for the baseline compared with (its target and start time); null without one
 */
public record Assessment(
    String policy,
    Double score,
    String level,
    String requiredLevel,
    GateResult verdict,
    List<String> reasons,
    List<AspectResult> aspects,
    List<LevelResult> levels,
    List<Regression> regressions,
    String baseline) {

  public Assessment {
    Values.text(policy, "policy name");
    if (score != null && !(score >= 0 && score <= 10)) throw new IllegalArgumentException("score was " + score + " but must be from 0 to 10");
    Values.optionalText(level, "level");
    Values.text(requiredLevel, "required level");
    Objects.requireNonNull(verdict, "verdict is required");
    if (verdict == GateResult.ERROR) {
      throw new IllegalArgumentException("an assessment's verdict is passed or failed; error is the CLI's exit code for usage and environment problems");
    }
    reasons = Values.list(reasons, "reasons");
    aspects = Values.list(aspects, "aspects");
    EnumSet<Aspect> seen = EnumSet.noneOf(Aspect.class);
    for (AspectResult a : aspects) {
      if (!seen.add(a.aspect())) throw new IllegalArgumentException("aspect " + a.aspect().label() + " appears twice");
    }
    if (!seen.equals(EnumSet.allOf(Aspect.class))) {
      EnumSet<Aspect> absent = EnumSet.complementOf(seen);
      throw new IllegalArgumentException("aspects must list every aspect; missing: " + absent.stream().map(Aspect::label).toList());
    }
    aspects = aspects.stream().sorted((a, b) -> a.aspect().compareTo(b.aspect())).toList();
    levels = Values.list(levels, "levels");
    if (levels.isEmpty()) throw new IllegalArgumentException("levels must list the ladder's rungs");
    if (levels.stream().noneMatch(l -> l.name().equals(requiredLevel))) {
      throw new IllegalArgumentException("required level '" + requiredLevel + "' is not on the ladder " + levels.stream().map(LevelResult::name).toList());
    }
    if (level != null && levels.stream().noneMatch(l -> l.name().equals(level))) {
      throw new IllegalArgumentException("level '" + level + "' is not on the ladder " + levels.stream().map(LevelResult::name).toList());
    }
    regressions = Values.list(regressions, "regressions");
    Values.optionalText(baseline, "baseline");
  }

  /** The result for one aspect. */
  public AspectResult aspect(Aspect aspect) {
    return aspects.stream().filter(a -> a.aspect() == aspect).findFirst().orElseThrow();
  }

  /** The level reached, if any. */
  public Optional<String> levelReached() {
    return Optional.ofNullable(level);
  }
}
