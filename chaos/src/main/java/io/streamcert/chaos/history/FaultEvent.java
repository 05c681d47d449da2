package io.streamcert.chaos.history;

/**
 * A fault starting or stopping, recorded in the same history and on the same clock as the
 * operations.
 *
 * <p>The time is when the harness issued the action: for a stop or heal, when it began undoing the
 * fault, so that recovery time includes whatever the undoing takes (a restart, a reconnect).
 *
 * @param action start, stop or heal
 * @param fault the fault's name, such as {@code partition} or {@code kill}; may be null for a heal,
 *     which undoes every active fault
 * @param atNanos when, in nanoseconds since the history's start
 * @param detail free text such as the target or the toxic's attributes; may be null
 */
public record FaultEvent(FaultAction action, String fault, long atNanos, String detail) implements HistoryLine {

  /** Validates the action, the name (required for start and stop) and the time. */
  public FaultEvent {
    if (action == null) throw new IllegalArgumentException("a fault event needs an action: start, stop or heal");
    if (action != FaultAction.HEAL && (fault == null || fault.isBlank())) {
      throw new IllegalArgumentException("a fault " + action.name().toLowerCase(java.util.Locale.ROOT)
          + " event needs the fault's name");
    }
    if (atNanos < 0) {
      throw new IllegalArgumentException("fault event at " + atNanos + " ns is before the history started");
    }
  }

  public static FaultEvent start(String fault, long atNanos, String detail) {
    return new FaultEvent(FaultAction.START, fault, atNanos, detail);
  }

  public static FaultEvent stop(String fault, long atNanos) {
    return new FaultEvent(FaultAction.STOP, fault, atNanos, null);
  }

  public static FaultEvent heal(long atNanos) {
    return new FaultEvent(FaultAction.HEAL, null, atNanos, null);
  }
}
