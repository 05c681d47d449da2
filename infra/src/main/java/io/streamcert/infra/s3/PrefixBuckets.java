package io.streamcert.infra.s3;

import java.util.HashMap;
import java.util.Map;

/**
 * One token bucket per (prefix, request class): refilled continuously at AWS's rate for the class
 * times a scale, holding at most one second's worth. Thread-safe. The clock is passed in, so tests
 * drive it.
 */
final class PrefixBuckets {

  private final double scale;
  private final Map<String, Bucket> buckets = new HashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  PrefixBuckets(double scale) {
    if (!(scale > 0)) throw new IllegalArgumentException("the token-bucket scale was " + scale + " but must be positive");
    this.scale = scale;
  }

  /** Returns the sustained rate of one prefix for {@code op}, per second. */
  double ratePerSecond(S3OpClass op) {
    return op.awsPerSecondPerPrefix() * scale;
  }

  /** Takes one token for a request of {@code op} on {@code prefix} at {@code nanos}; false when the bucket is empty. */
  synchronized boolean tryTake(String prefix, S3OpClass op, long nanos) {
    double rate = ratePerSecond(op);
    double capacity = Math.max(1.0, rate);
    Bucket b = buckets.computeIfAbsent(op.name() + ' ' + prefix, k -> new Bucket(capacity, nanos));
    double elapsed = Math.max(0, nanos - b.at) / 1e9;
    b.tokens = Math.min(capacity, b.tokens + elapsed * rate);
    b.at = nanos;
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return true;
    }
    return false;
  }
}
