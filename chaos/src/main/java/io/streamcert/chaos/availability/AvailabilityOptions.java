package io.streamcert.chaos.availability;

import io.streamcert.chaos.history.OperationKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to cut a history into windows and what counts as unexpected unavailability.
 *
 * @param window the width of each time window, such as one second
 * @param grace how long after a fault stops its effects are still expected; windows inside a fault
 *     or its grace period are never flagged as unexpected unavailability
 * @param maxFailureRatio the share of failed and unknown operations (0 to 1) a fault-free window
 *     may have; above it, and with at least one such operation, the window is flagged. Zero flags
 *     any failure
 * @param kinds the operation kinds that count; operations of other kinds are ignored
 */
public record AvailabilityOptions(Duration window, Duration grace, double maxFailureRatio, Set<OperationKind> kinds) {

  /** One-second windows, five seconds of grace, no failure allowed outside faults, every kind. */
  public static final AvailabilityOptions DEFAULTS =
      new AvailabilityOptions(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.0, EnumSet.allOf(OperationKind.class));

  /** Validates every field at once, naming each bad value. */
  public AvailabilityOptions {
    StringBuilder problems = new StringBuilder();
    if (window == null || window.isNegative() || window.isZero()) {
      problems.append("; window was ").append(window).append(" but must be a positive duration such as 1s");
    }
    if (grace == null || grace.isNegative()) {
      problems.append("; grace was ").append(grace).append(" but must be zero or a positive duration such as 5s");
    }
    if (!(maxFailureRatio >= 0 && maxFailureRatio <= 1)) {
      problems.append("; maxFailureRatio was ").append(maxFailureRatio).append(" but must be between 0 and 1");
    }
    if (kinds == null || kinds.isEmpty()) {
      problems.append("; kinds was ").append(kinds).append(" but must name at least one operation kind");
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("invalid availability options: " + problems.substring(2));
    }
    kinds = Set.copyOf(kinds);
  }

  public AvailabilityOptions withWindow(Duration window) {
    return new AvailabilityOptions(window, grace, maxFailureRatio, kinds);
  }

  public AvailabilityOptions withGrace(Duration grace) {
    return new AvailabilityOptions(window, grace, maxFailureRatio, kinds);
  }

  public AvailabilityOptions withMaxFailureRatio(double maxFailureRatio) {
    return new AvailabilityOptions(window, grace, maxFailureRatio, kinds);
  }

  public AvailabilityOptions withKinds(Set<OperationKind> kinds) {
    return new AvailabilityOptions(window, grace, maxFailureRatio, kinds);
  }
}
