package io.streamcert.reference.storage;

/** Receives the records of a read, in order. */
@FunctionalInterface
public interface RecordSink {

  /**
   * Takes bytes {@code [offset, offset + length)} of {@code array}, which end at stream position
   * {@code endPosition}. The array must not be modified; it may be kept.
   *
   * @param wholeRecord true when the bytes are one complete record
   */
  void accept(byte[] array, int offset, int length, long endPosition, boolean wholeRecord);
}
