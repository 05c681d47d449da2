package io.streamcert.reference.storage;

/** The own data of one stream: records at increasing positions from its start position. */
public interface StreamLog {

  /** Position where this log's data starts (a fork's fork point, otherwise 0). */
  long startPosition();

  /** Position after the last record. */
  long endPosition();

  /**
   * Applies a change; returns the new end position. Callers serialize appends to one log; the
   * change is durable per the store's policy when this returns.
   */
  long append(Commit commit);

  /**
   * Reads from {@code from} (inclusive) up to {@code to} (exclusive), stopping once at least
   * {@code maxBytes} have been delivered (never splitting a record when {@code wholeRecords}), and
   * always delivering at least one record or slice when data exists.
   *
   * @return the position after the last byte delivered
   */
  long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink);

  /** Tells whether {@code position} falls on a boundary between records (or at either end). */
  boolean isBoundary(long position);

  /**
   * Returns the bytes from {@code position} to the end of the record that contains it, or null when
   * the position is at or past the end.
   */
  byte[] recordFrom(long position);

  /**
   * Blocks until everything appended up to {@code position} is durable per the store's policy.
   * Called after {@link #append} without the stream's lock held, so that concurrent appends can
   * share one fsync (group commit).
   *
   * @throws StorageException when the data could not be made durable
   */
  default void awaitDurable(long position) {}

  /** Durably records that the stream was deleted while forks still read it (soft delete). */
  default void markSoftDeleted() {}

  /** Releases the log's space; the log must not be used afterwards. */
  void delete();
}
