package io.streamcert.reference.storage.tiered;

/** A call to S3 or PostgreSQL that did not succeed, with why and when trying again makes sense. */
public final class DependencyException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Reason {
    /** The dependency's circuit breaker is open: the call was not made. */
    UNAVAILABLE,
    /** Every attempt failed (errors, timeouts, SlowDown), or the answer cannot be retried. */
    FAILED,
    /** The object does not exist. */
    NOT_FOUND,
    /** The object's bytes failed their checksum. */
    CORRUPT
  }

  private final Reason reason;
  private final long retryAfterMillis;

  public DependencyException(Reason reason, String message, long retryAfterMillis, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryAfterMillis = Math.max(0, retryAfterMillis);
  }

  public Reason reason() {
    return reason;
  }

  /** How long the caller should wait before trying again. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
