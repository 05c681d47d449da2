package io.streamcert.chaos.availability;

import io.streamcert.chaos.history.FaultWindow;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measures a history's availability: counts per time window, recovery time per fault, and
 * fault-free windows with failures. Pure computation over the history; times are nanoseconds
 * since the history's start.
 */
public final class Availability {

  /** The most windows one report holds; a longer history needs wider windows. */
  public static final int MAX_WINDOWS = 1_000_000;

  private Availability() {}

  /**
   * Analyses {@code history} with {@code options}.
   *
   * @throws IllegalArgumentException if the history would need more than {@link #MAX_WINDOWS} windows
   */
  public static AvailabilityReport analyze(History history, AvailabilityOptions options) {
    List<Operation> ops = new ArrayList<>();
    for (Operation op : history.operations()) if (options.kinds().contains(op.kind())) ops.add(op);
    ops.sort(Comparator.comparingLong(Operation::completeNanos).thenComparingLong(Operation::id));
    List<FaultWindow> faults = history.faultWindows();
    long width = options.window().toNanos();
    long grace = options.grace().toNanos();
    List<TimeWindow> windows = windows(ops, faults, history.endNanos(), width, grace);
    List<Recovery> recoveries = new ArrayList<>();
    for (FaultWindow f : faults) recoveries.add(recovery(f, ops));
    List<TimeWindow> unexpected = new ArrayList<>();
    for (TimeWindow w : windows) {
      if (w.faultFree() && w.fail() + w.info() > 0 && w.failureRatio() > options.maxFailureRatio()) unexpected.add(w);
    }
    return new AvailabilityReport(width, grace, windows, recoveries, unexpected);
  }

  private static List<TimeWindow> windows(List<Operation> ops, List<FaultWindow> faults, long endNanos, long width,
      long grace) {
    long count = endNanos / width + 1;
    if (count > MAX_WINDOWS) {
      throw new IllegalArgumentException("a history of " + endNanos / 1_000_000 + " ms cut into windows of "
          + width / 1_000_000.0 + " ms needs " + count + " windows, more than " + MAX_WINDOWS + "; use wider windows");
    }
    int n = (int) count;
    int[][] counts = new int[n][3];
    for (Operation op : ops) {
      int i = (int) Math.min(n - 1, op.completeNanos() / width);
      counts[i][op.outcome().ordinal()]++;
    }
    double seconds = width / 1e9;
    List<TimeWindow> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long from = i * width;
      long to = from + width;
      Set<String> active = new LinkedHashSet<>();
      boolean faultFree = true;
      for (FaultWindow f : faults) {
        if (f.overlaps(from, to, 0)) active.add(f.fault());
        if (f.overlaps(from, to, grace)) faultFree = false;
      }
      int ok = counts[i][Outcome.OK.ordinal()];
      int fail = counts[i][Outcome.FAIL.ordinal()];
      int info = counts[i][Outcome.INFO.ordinal()];
      out.add(new TimeWindow(from, to, ok, fail, info, (ok + fail + info) / seconds, ok / seconds,
          List.copyOf(active), faultFree));
    }
    return out;
  }

  /** {@code ops} sorted by completion time. */
  static Recovery recovery(FaultWindow f, List<Operation> ops) {
    Long firstOk = null;
    if (f.stopNanos() != null) {
      for (Operation op : ops) {
        if (op.isOk() && op.completeNanos() >= f.stopNanos()) {
          firstOk = op.completeNanos();
          break;
        }
      }
    }
    int failures = 0;
    long firstFailure = Long.MAX_VALUE;
    for (Operation op : ops) {
      if (op.isOk() || op.completeNanos() < f.startNanos()) continue;
      long failedAt = op.outcome() == Outcome.FAIL ? op.completeNanos() : Math.max(op.invokeNanos(), f.startNanos());
      if (firstOk != null && failedAt >= firstOk) continue;
      failures++;
      firstFailure = Math.min(firstFailure, failedAt);
    }
    String name = "fault " + f.fault() + " (" + ms(f.startNanos()) + ".."
        + (f.stopNanos() == null ? "end" : ms(f.stopNanos())) + ")";
    if (f.stopNanos() == null) {
      return new Recovery(f, RecoveryStatus.NEVER_HEALED, failures, failures == 0 ? null : firstFailure, null, null,
          name + " was still active when the history ended; recovery cannot be measured");
    }
    if (failures == 0) {
      return new Recovery(f, RecoveryStatus.NO_IMPACT, 0, null, firstOk, null,
          name + ": no operation failed" + (firstOk == null ? ", and none succeeded after it either"
              : "; first success after it at " + ms(firstOk)));
    }
    if (firstOk == null) {
      return new Recovery(f, RecoveryStatus.NOT_RECOVERED, failures, firstFailure, null, null,
          name + ": " + failures + " operation(s) failed from " + ms(firstFailure)
              + " and none succeeded after the fault stopped, to the end of the history");
    }
    return new Recovery(f, RecoveryStatus.RECOVERED, failures, firstFailure, firstOk, firstOk - firstFailure,
        name + ": " + failures + " operation(s) failed from " + ms(firstFailure) + "; first success after it at "
            + ms(firstOk) + ", " + ms(firstOk - firstFailure) + " after the first failure and "
            + ms(firstOk - f.stopNanos()) + " after the fault stopped");
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
