package io.streamcert.reports.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * How certify measures performance, from the policy's {@code performance} section. The limits
 * each measurement is judged against are in {@code thresholds} under the {@code perf.*} check ids.
 *
 * @param rate ops/s of the fixed-rate run of 100-byte appends (throughput, latency spectrum) and
 *     the first rate of the sweep
 * @param objectiveP99Millis the sweep counts a rate as sustained when its p99 is at most this (and
 *     at least 95% of it is achieved with fewer than 0.1% errors)
 * @param endToEndRate ops/s of the append-to-long-poll run (end-to-end latency)
 * @param endToEndReaders long-poll readers of that run
 */
public record PerformancePlan(long rate, double objectiveP99Millis, long endToEndRate, int endToEndReaders) {

  public PerformancePlan {
    List<String> p = new ArrayList<>();
    if (rate < 1) p.add("rate was " + rate + " but must be at least 1");
    if (!(objectiveP99Millis > 0) || !Double.isFinite(objectiveP99Millis)) {
      p.add("objective-p99-ms was " + objectiveP99Millis + " but must be a number > 0");
    }
    if (endToEndRate < 1) p.add("end-to-end-rate was " + endToEndRate + " but must be at least 1");
    if (endToEndReaders < 1 || endToEndReaders > 1000) {
      p.add("end-to-end-readers was " + endToEndReaders + " but must be between 1 and 1000");
    }
    if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
  }
}
