package io.streamcert.scenarios.driver;

/**
 * Carries out the scheduled operations of a run: the seam between the open-loop scheduler and the
 * protocol, so that the scheduler can be tested with a fake.
 */
interface Transport {

  /**
   * Starts operation {@code op}, intended at {@code intendedNanos}, without blocking, and calls
   * {@code done} exactly once when it ends (on any thread).
   */
  void send(long op, long intendedNanos, Completion done);

  /** Told how one operation ended. */
  interface Completion {
    /**
     * @param sentNanos when the operation actually started (its request was written)
     * @param doneNanos when it ended
     * @param error null on success, otherwise a short description for counting, like {@code status 503}
     * @param payloadBytes payload bytes moved (read or written), for throughput in bytes
     */
    void completed(long op, long intendedNanos, long sentNanos, long doneNanos, String error, long payloadBytes);
  }
}
