package io.streamcert.reference.protocol;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Computes {@code Stream-Cursor} values (PROTOCOL.md §10): the number of 20-second intervals since
 * 2024-10-09T00:00:00Z, never moving backwards for a client that echoes a cursor at or past it.
 */
public final class Cursors {

  static final long EPOCH_MILLIS = Instant.parse("2024-10-09T00:00:00Z").toEpochMilli();
  static final long INTERVAL_MILLIS = 20_000;
  private static final long MAX_JITTER_SECONDS = 3600;

  private final LongSupplier clock;

  public Cursors(LongSupplier clockMillis) {
    this.clock = clockMillis;
  }

  public static Cursors system() {
    return new Cursors(System::currentTimeMillis);
  }

  /** Returns the interval number for now. */
  public long currentInterval() {
    return Math.max(0, (clock.getAsLong() - EPOCH_MILLIS) / INTERVAL_MILLIS);
  }

  /**
   * Returns the cursor to send to a client that sent {@code clientCursor} (null or unparseable when
   * absent): the current interval, or, when the client is already at or past it, the client's cursor
   * plus a random jitter of 1 to 3600 seconds expressed in whole intervals (at least one), so that
   * collapsed requests spread out and the cursor never goes backwards.
   */
  public String next(String clientCursor) {
    long current = currentInterval();
    long client = parse(clientCursor);
    if (client < current) {
      return Long.toString(current);
    }
    long jitterSeconds = 1 + ThreadLocalRandom.current().nextLong(MAX_JITTER_SECONDS);
    long jitterIntervals = Math.max(1, (jitterSeconds * 1000 + INTERVAL_MILLIS - 1) / INTERVAL_MILLIS);
    return Long.toString(client + jitterIntervals);
  }

  private static long parse(String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > 18) return -1;
    long v = 0;
    for (int i = 0; i < cursor.length(); i++) {
      char c = cursor.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
