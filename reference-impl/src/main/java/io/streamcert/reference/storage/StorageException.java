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
    FAILED
  }

  private final Kind kind;

  public StorageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
