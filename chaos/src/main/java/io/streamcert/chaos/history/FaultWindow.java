package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The period during which one fault was active: from its start event to its stop event or to the
 * next heal, whichever came first.
 *
 * @param fault the fault's name
 * @param startNanos when it started
 * @param stopNanos when it was undone, or null if the history ended with the fault still active
 * @param detail the start event's detail, may be null
 */
public record FaultWindow(String fault, long startNanos, Long stopNanos, String detail) {

  /** Validates that the window does not end before it starts. */
  public FaultWindow {
    if (fault == null || fault.isBlank()) throw new IllegalArgumentException("a fault window needs the fault's name");
    if (stopNanos != null && stopNanos < startNanos) {
      throw new IllegalArgumentException("fault " + fault + " stops at " + stopNanos + " ns, before it starts at "
          + startNanos + " ns");
    }
  }

  /** Whether the fault was undone before the history ended. */
  @JsonIgnore
  public boolean healed() {
    return stopNanos != null;
  }

  /** Whether the window, extended by {@code graceNanos} after its stop, overlaps {@code [from, to)}. */
  public boolean overlaps(long from, long to, long graceNanos) {
    long end = stopNanos == null ? Long.MAX_VALUE : saturatedAdd(stopNanos, graceNanos);
    return from < end && startNanos < to;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
