package io.streamcert.reports.scorecard;

import java.util.Objects;

/**
 * A check's numeric result: the value measured, its unit, the threshold it was judged against
 * (absent when none applies) and which way is better.
 *
 * <p>With {@link Direction#LOWER_IS_BETTER} the threshold is a maximum (latency); with {@link
 * Direction#HIGHER_IS_BETTER} it is a minimum (throughput).
 *
 * @param unit a short unit such as {@code ms}, {@code ops/s} or {@code %}; empty for a pure number
 * @param threshold null when no threshold applies
 */
public record Measurement(double value, String unit, Double threshold, Direction direction) {

  public Measurement {
    Values.finite(value, "measurement value");
    Objects.requireNonNull(unit, "measurement unit is required (use \"\" for a pure number)");
    Objects.requireNonNull(direction, "measurement direction is required");
    if (threshold != null) Values.finite(threshold, "measurement threshold");
  }

  /** A value without a threshold. */
  public static Measurement of(double value, String unit, Direction direction) {
    return new Measurement(value, unit, null, direction);
  }

  /** A value that must be at most {@code max}. */
  public static Measurement atMost(double value, double max, String unit) {
    return new Measurement(value, unit, max, Direction.LOWER_IS_BETTER);
  }

  /** A value that must be at least {@code min}. */
  public static Measurement atLeast(double value, double min, String unit) {
    return new Measurement(value, unit, min, Direction.HIGHER_IS_BETTER);
  }

  /** Returns a copy judged against {@code newThreshold}, which is better in {@code newDirection}. */
  public Measurement withThreshold(double newThreshold, Direction newDirection) {
    return new Measurement(value, unit, newThreshold, newDirection);
  }

  /** Tells whether the value meets its threshold; true when there is none. */
  public boolean meetsThreshold() {
    if (threshold == null) return true;
    return direction == Direction.LOWER_IS_BETTER ? value <= threshold : value >= threshold;
  }
}
