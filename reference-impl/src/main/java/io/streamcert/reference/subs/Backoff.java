package io.streamcert.reference.subs;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Webhook retry delays: exponential from 1 s, doubling per failed attempt, capped at 60 s, each
 * with ±20 % jitter. The random source is injectable so tests can pin the jitter.
 */
public final class Backoff {

  public static final long BASE_MS = 1_000;
  public static final long MAX_MS = 60_000;
  public static final double JITTER = 0.2;

  private final DoubleSupplier random;

  public Backoff() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random yields values in [0, 1) */
  public Backoff(DoubleSupplier random) {
    this.random = random;
  }

  /** The base delay (before jitter) for the given failed attempt, counted from 1. */
  public static long baseDelay(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
    int shift = Math.min(attempt - 1, 16);
    return Math.min(BASE_MS << shift, MAX_MS);
  }

  /** The delay before the retry after the given failed attempt, jitter included. */
  public long delay(int attempt) {
    long base = baseDelay(attempt);
    double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
    return Math.round(base * factor);
  }
}
