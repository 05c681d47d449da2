package io.streamcert.reference.storage.tiered;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} (from 1) waits a random time in
 * {@code [c/2, c]} with {@code c = min(cap, base * 2^(n-1))}. After an S3 SlowDown the base is multiplied by
 * {@code slowDownFactor}, so a throttled prefix gets longer pauses than a dropped connection.
 */
record Backoff(long baseMillis, long capMillis, int slowDownFactor) {

  long delayMillis(int attempt, boolean slowDown) {
    long base = slowDown ? baseMillis * slowDownFactor : baseMillis;
    long ceiling = Math.min(capMillis, base << Math.min(20, Math.max(0, attempt - 1)));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }
}
