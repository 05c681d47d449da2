package io.streamcert.chaos.availability;

import java.util.List;

/**
 * The availability of a run over time, what each fault did to it, and where it was unavailable
 * without a fault to explain it.
 *
 * @param windowNanos the width of each window
 * @param graceNanos the grace period after each fault
 * @param windows the timeline, from the history's start to its end
 * @param recoveries one per fault window, ordered by the fault's start
 * @param unexpectedUnavailability fault-free windows whose failures exceed the threshold
 */
public record AvailabilityReport(
    long windowNanos,
    long graceNanos,
    List<TimeWindow> windows,
    List<Recovery> recoveries,
    List<TimeWindow> unexpectedUnavailability) {

  /** Copies the lists. */
  public AvailabilityReport {
    windows = List.copyOf(windows);
    recoveries = List.copyOf(recoveries);
    unexpectedUnavailability = List.copyOf(unexpectedUnavailability);
  }
}
