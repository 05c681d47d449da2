package io.streamcert.scenarios.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Per-second counts and latency percentiles, by the second in which operations completed.
 *
 * <p>Only the last {@value #OPEN} seconds keep a histogram; older seconds are reduced to their
 * p50, p99 and max, so a long run costs a few longs per second. A completion that arrives for a
 * second already reduced (a thread that stalled between reading the clock and recording) still
 * counts, and can raise the max, but does not move that second's percentiles.
 */
final class SecondSeries {

  static final int OPEN = 3;

  private final Histogram[] open = new Histogram[OPEN];
  private long[] ok = new long[16];
  private long[] errors = new long[16];
  private long[] p50 = new long[16];
  private long[] p99 = new long[16];
  private long[] max = new long[16];
  private int size;
  private int reduced;

  SecondSeries() {
    for (int i = 0; i < OPEN; i++) open[i] = new Histogram(1, Recording.HIGHEST_TRACKABLE, 3);
  }

  /** Counts a completion in {@code second} (0 = the first second of the measured window). */
  void record(long second, long latencyNanos, boolean success) {
    if (second < 0) second = 0;
    if (second > Integer.MAX_VALUE - 1) second = Integer.MAX_VALUE - 1;
    int s = (int) second;
    grow(s + 1);
    if (success) ok[s]++;
    else errors[s]++;
    if (!success) return;
    if (s < reduced) {
      max[s] = Math.max(max[s], latencyNanos);
      return;
    }
    while (s >= reduced + OPEN) reduceOldest();
    open[s % OPEN].recordValue(latencyNanos);
  }

  /** The series from second 0 through at least {@code minSeconds - 1}, reducing every open second. */
  List<RunResult.Second> seconds(int minSeconds) {
    grow(minSeconds);
    while (reduced < size) reduceOldest();
    List<RunResult.Second> out = new ArrayList<>(size);
    for (int s = 0; s < size; s++) out.add(new RunResult.Second(s, ok[s], errors[s], p50[s], p99[s], max[s]));
    return out;
  }

  private void reduceOldest() {
    int s = reduced;
    Histogram h = open[s % OPEN];
    if (s < size && h.getTotalCount() > 0) {
      p50[s] = h.getValueAtPercentile(50);
      p99[s] = h.getValueAtPercentile(99);
      max[s] = Math.max(max[s], h.getMaxValue());
    }
    h.reset();
    reduced++;
  }

  private void grow(int n) {
    if (n <= size) return;
    if (n > ok.length) {
      int len = Math.max(n, ok.length * 2);
      ok = Arrays.copyOf(ok, len);
      errors = Arrays.copyOf(errors, len);
      p50 = Arrays.copyOf(p50, len);
      p99 = Arrays.copyOf(p99, len);
      max = Arrays.copyOf(max, len);
    }
    size = n;
  }
}
