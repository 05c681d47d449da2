package io.streamcert.infra.s3;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When the fault gateway answers {@code 503 SlowDown} instead of forwarding a request. A request of
 * a class in {@link #ops()} that arrives inside one of the {@link #windows()} (all the time when
 * there are none) is throttled when a seeded draw falls under {@link #probability()}, or when its
 * prefix's token bucket is empty. With {@code bucketScale} 0.01 a prefix sustains 35 writes and 55
 * reads per second (AWS's 3,500 and 5,500 scaled), with a one-second burst.
 *
 * @param probability the share of requests throttled at random, 0 to 1
 * @param bucketScale the factor applied to AWS's per-prefix rates, or 0 for no token bucket
 * @param windows when the rule applies, measured from the moment it is set on the gateway; empty
 *     means always
 * @param ops the request classes it applies to
 * @param seed the seed of the random draws, so that a run can be repeated
 */
public record ThrottleRule(double probability, double bucketScale, List<Window> windows, Set<S3OpClass> ops, long seed) {

  /** A time window measured from the moment the rule is set; {@code to} is exclusive. */
  public record Window(Duration from, Duration to) {
    public Window {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.isNegative() || to.compareTo(from) <= 0) {
        throw new IllegalArgumentException("a throttling window was " + from + " to " + to
            + " but must start at zero or later and end after it starts");
      }
    }

    boolean contains(long nanosSinceSet) {
      return nanosSinceSet >= from.toNanos() && nanosSinceSet < to.toNanos();
    }
  }

  public ThrottleRule {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("the throttling probability was " + probability + " but must be between 0 and 1");
    }
    if (!(bucketScale >= 0) || Double.isInfinite(bucketScale)) {
      throw new IllegalArgumentException("the token-bucket scale was " + bucketScale + " but must be 0 (none) or positive");
    }
    if (probability == 0 && bucketScale == 0) {
      throw new IllegalArgumentException("a throttling rule needs a probability above 0 or a token-bucket scale");
    }
    windows = List.copyOf(windows);
    ops = ops.isEmpty() ? EnumSet.noneOf(S3OpClass.class) : EnumSet.copyOf(ops);
    if (ops.isEmpty()) throw new IllegalArgumentException("a throttling rule must apply to reads, writes or both");
  }

  /** Throttles every request, reads and writes, until cleared. */
  public static ThrottleRule always() {
    return rate(1.0);
  }

  /** Throttles that share of the requests at random (seed 1). */
  public static ThrottleRule rate(double probability) {
    return new ThrottleRule(probability, 0, List.of(), EnumSet.allOf(S3OpClass.class), 1);
  }

  /** Throttles what exceeds AWS's per-prefix rates times {@code scale}. */
  public static ThrottleRule tokenBucket(double scale) {
    return new ThrottleRule(0, scale, List.of(), EnumSet.allOf(S3OpClass.class), 1);
  }

  /** Returns this rule restricted to the given time windows. */
  public ThrottleRule during(Window... w) {
    return new ThrottleRule(probability, bucketScale, List.of(w), ops, seed);
  }

  /** Returns this rule applied to one request class only. */
  public ThrottleRule only(S3OpClass op) {
    return new ThrottleRule(probability, bucketScale, windows, EnumSet.of(op), seed);
  }

  /** Returns this rule with another seed for its random draws. */
  public ThrottleRule seeded(long s) {
    return new ThrottleRule(probability, bucketScale, windows, ops, s);
  }

  /** Whether the rule applies at {@code nanosSinceSet} after it was set. */
  boolean activeAt(long nanosSinceSet) {
    if (windows.isEmpty()) return true;
    for (Window w : windows) if (w.contains(nanosSinceSet)) return true;
    return false;
  }

  /** A one-line description for logs and reports. */
  public String describe() {
    StringBuilder b = new StringBuilder("SlowDown");
    if (probability > 0) b.append(String.format(java.util.Locale.ROOT, " for %.0f%% of", probability * 100));
    if (bucketScale > 0) {
      b.append(probability > 0 ? " and" : "").append(String.format(java.util.Locale.ROOT,
          " above %.1f writes/s and %.1f reads/s per prefix (AWS x %s) for", 3500 * bucketScale, 5500 * bucketScale,
          bucketScale));
    }
    b.append(ops.size() == 2 ? " all requests" : ops.contains(S3OpClass.READ) ? " reads" : " writes");
    if (!windows.isEmpty()) {
      b.append(" during");
      for (Window w : windows) b.append(' ').append(w.from().toMillis()).append('-').append(w.to().toMillis()).append("ms");
    }
    return b.toString();
  }
}
