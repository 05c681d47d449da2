package io.streamcert.scenarios.driver;

import java.math.BigInteger;
import java.time.Duration;

/**
 * An open-loop, constant-rate schedule: operation {@code i} is intended at exactly {@code i / rate}
 * seconds after the start, floored to the nanosecond. There is no drift, because every time is
 * computed from the start rather than from the previous operation.
 *
 * <p>The first {@link #warmupOps()} operations (those intended before the warm-up ends) are run
 * but not measured; the {@link #measuredOps()} after them are those intended inside the measured
 * window. Both counts are exact: a window of {@code s} seconds holds {@code ceil(s * rate)}
 * operations.
 */
final class Schedule {

  static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** The highest rate a schedule accepts; keeps {@link #offsetNanos} free of overflow. */
  static final long MAX_RATE = 100_000_000L;

  private final long rate;
  private final long warmupNanos;
  private final long durationNanos;
  private final long warmupOps;
  private final long totalOps;

  private Schedule(long rate, long warmupNanos, long durationNanos) {
    this.rate = rate;
    this.warmupNanos = warmupNanos;
    this.durationNanos = durationNanos;
    this.warmupOps = opsBefore(rate, warmupNanos);
    this.totalOps = opsBefore(rate, warmupNanos + durationNanos);
  }

  /** The schedule of {@code rate} ops/s over a warm-up followed by a measured window. */
  static Schedule of(long rate, Duration warmup, Duration duration) {
    if (rate < 1 || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate was " + rate + " but must be between 1 and " + MAX_RATE + " ops/s");
    }
    if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "warm-up was " + warmup + " and duration " + duration
              + "; the warm-up must not be negative and the duration must be positive");
    }
    return new Schedule(rate, warmup.toNanos(), duration.toNanos());
  }

  /** Number of {@code i >= 0} with {@code i / rate < nanos / 1e9}, that is {@code ceil(nanos * rate / 1e9)}. */
  private static long opsBefore(long rate, long nanos) {
    BigInteger[] qr =
        BigInteger.valueOf(nanos)
            .multiply(BigInteger.valueOf(rate))
            .divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
    return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
  }

  /** Operations per second. */
  long rate() {
    return rate;
  }

  /** Operations intended during the warm-up. */
  long warmupOps() {
    return warmupOps;
  }

  /** Operations intended during the measured window. */
  long measuredOps() {
    return totalOps - warmupOps;
  }

  /** All operations, warm-up included. */
  long totalOps() {
    return totalOps;
  }

  /** The intended time of operation {@code i}, in nanoseconds after the start. */
  long offsetNanos(long i) {
    // Split to stay exact without overflow: i * 1e9 / rate = (i / rate) * 1e9 + (i % rate) * 1e9 / rate.
    return (i / rate) * NANOS_PER_SECOND + (i % rate) * NANOS_PER_SECOND / rate;
  }

  /** Where the measured window starts, in nanoseconds after the start (the warm-up's length). */
  long warmupNanos() {
    return warmupNanos;
  }

  /** The measured window's length in nanoseconds. */
  long durationNanos() {
    return durationNanos;
  }

  /** Where the schedule ends (warm-up plus duration), in nanoseconds after the start. */
  long endNanos() {
    return warmupNanos + durationNanos;
  }

  /** Whether operation {@code i} falls in the measured window rather than the warm-up. */
  boolean isMeasured(long i) {
    return i >= warmupOps && i < totalOps;
  }

  @Override
  public String toString() {
    return rate + " ops/s, " + warmupOps + " warm-up + " + measuredOps() + " measured operations";
  }
}
