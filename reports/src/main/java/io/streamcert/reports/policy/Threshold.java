package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Direction;

/**
 * A policy's numeric limit for one check: exactly one of {@code min} (higher is better) or
 * {@code max} (lower is better).
 *
 * @param unit the unit the limit is in; null to accept the check's unit as it is
 * @param tolerancePercent how much worse than the baseline this check may get before it counts as a
 *     regression; null for the policy's default
 */
public record Threshold(Double min, Double max, String unit, Double tolerancePercent) {

  public Threshold {
    if ((min == null) == (max == null)) throw new IllegalArgumentException("a threshold needs exactly one of min or max");
  }

  public double limit() {
    return min != null ? min : max;
  }

  public Direction direction() {
    return min != null ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
  }
}
