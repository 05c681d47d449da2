package io.streamcert.chaos.availability;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What completed in one window of a run: operations are counted in the window of their completion.
 *
 * @param startNanos the window's start, in nanoseconds since the history's start (inclusive)
 * @param endNanos its end (exclusive)
 * @param ok operations that ended ok
 * @param fail operations that ended fail
 * @param info operations whose outcome is unknown
 * @param opsPerSecond all completions per second
 * @param okPerSecond ok completions per second
 * @param activeFaults the faults active during some part of the window
 * @param faultFree whether the window lies outside every fault and its grace period
 */
public record TimeWindow(
    long startNanos,
    long endNanos,
    int ok,
    int fail,
    int info,
    double opsPerSecond,
    double okPerSecond,
    java.util.List<String> activeFaults,
    boolean faultFree) {

  /** Copies the fault names. */
  public TimeWindow {
    activeFaults = java.util.List.copyOf(activeFaults);
  }

  /** All operations completed in the window. */
  @JsonIgnore
  public int total() {
    return ok + fail + info;
  }

  /** The share of failed and unknown operations, or 0 when nothing completed. */
  @JsonIgnore
  public double failureRatio() {
    int total = total();
    return total == 0 ? 0 : (fail + info) / (double) total;
  }
}
