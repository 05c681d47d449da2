package io.streamcert.reference.storage;

/**
 * Signals that a store could not do what was asked: the disk is full (nothing was written), the
 * data is corrupt, or the store failed and stopped accepting writes. The HTTP layer turns it into a
 * 5xx that says so.
 */
public final class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides the status a client sees. */
  public enum Kind {
    /** No space left; the write was undone (507). */
    FULL,
    /** The stored bytes failed their checksum; they are never served (500). */
    CORRUPT,
    /** An fsync or write failed; the store stopped taking writes until restarted (503). */
    FAILED,
    /**
     * The store is protecting itself (backpressure: a dependency is down or a backlog passed its
     * bound); nothing was written, and the client should retry after {@link #retryAfterSeconds()} (503).
     */
    BUSY
  }

  private final Kind kind;
  private final int retryAfterSeconds;

  public StorageException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, 5);
  }

  /** With the number of seconds the client is told to wait before retrying (Retry-After). */
  public StorageException(Kind kind, String message, Throwable cause, int retryAfterSeconds) {
    super(message, cause);
    this.kind = kind;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** The Retry-After a 503 for this failure carries. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }
}
