package io.streamcert.reference.storage.tiered;

/**
 * A token bucket: {@code ratePerSecond} tokens a second up to {@code burst}. {@link #acquire} waits
 * for a token (up to a limit); {@link #slowDown()} halves the rate after S3 answered SlowDown, and
 * the rate creeps back to its configured value as calls succeed (additive increase).
 */
final class TokenBucket {

  private final String name;
  private final double configuredRate;
  private final double burst;
  private double rate;
  private double tokens;
  private long lastNanos;
  private long throttledMillis;
  private long slowDowns;

  TokenBucket(String name, double ratePerSecond, double burst) {
    if (ratePerSecond <= 0) throw new IllegalArgumentException("rate of " + name + " must be positive");
    this.name = name;
    this.configuredRate = ratePerSecond;
    this.rate = ratePerSecond;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.lastNanos = System.nanoTime();
  }

  String name() {
    return name;
  }

  private void refill(long now) {
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * rate);
    lastNanos = now;
  }

  /**
   * Takes one token, waiting for it at most {@code maxWaitMillis}.
   *
   * @return false when no token came in time (the caller treats it as throttled)
   */
  boolean acquire(long maxWaitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
    while (true) {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        refill(now);
        if (tokens >= 1) {
          tokens -= 1;
          return true;
        }
        waitNanos = (long) ((1 - tokens) / rate * 1e9);
        if (now + waitNanos - deadline > 0) return false;
        throttledMillis += Math.max(1, waitNanos / 1_000_000);
      }
      Thread.sleep(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
    }
  }

  /** Multiplicative decrease after a SlowDown answer (never below 1/64 of the configured rate). */
  synchronized void slowDown() {
    slowDowns++;
    rate = Math.max(configuredRate / 64, rate / 2);
    tokens = Math.min(tokens, 0);
  }

  /** Additive increase after a success, back up to the configured rate. */
  synchronized void succeeded() {
    if (rate < configuredRate) rate = Math.min(configuredRate, rate + configuredRate / 32);
  }

  synchronized double rate() {
    return rate;
  }

  double configuredRate() {
    return configuredRate;
  }

  synchronized long throttledMillis() {
    return throttledMillis;
  }

  synchronized long slowDowns() {
    return slowDowns;
  }
}
