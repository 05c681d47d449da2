package io.streamcert.chaos.history;

/**
 * One payload a read decoded from the stream, in the order it appeared.
 *
 * @param payloadId the payload id decoded from the bytes
 * @param offset the offset at which the payload starts, when the reader knows it (a payload that
 *     begins a response chunk starts at the chunk's offset); null otherwise
 */
public record Observed(String payloadId, Offset offset) {

  /** Validates that the payload id is present and the offset, if any, is concrete. */
  public Observed {
    if (payloadId == null || payloadId.isBlank()) {
      throw new IllegalArgumentException("an observed payload needs its payload id");
    }
    if (offset != null && offset.isSentinel()) {
      throw new IllegalArgumentException("observed payload " + payloadId + " has offset '" + offset
          + "', a sentinel; record the offset the server returned, or none");
    }
  }

  /** An observation whose offset the reader does not know. */
  public static Observed of(String payloadId) {
    return new Observed(payloadId, null);
  }

  /** An observation at a known offset. */
  public static Observed at(String payloadId, String offset) {
    return new Observed(payloadId, Offset.of(offset));
  }
}
