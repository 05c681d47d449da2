package io.streamcert.reference.storage;

/**
 * One atomic change to a stream: an optional record of data plus the state it carries. A durable
 * store writes all of it or none of it, so a producer's sequence can never be recorded without the
 * data it guards (and the reverse).
 *
 * @param payload the record's bytes, empty for a change of state only (a close)
 * @param closes whether the stream is closed by this change
 * @param producerId the idempotent producer that made the change, or null
 * @param producerEpoch its epoch (meaningful only with an id)
 * @param producerSeq its sequence number (meaningful only with an id)
 * @param streamSeq the {@code Stream-Seq} the change carried, or null
 */
public record Commit(
    byte[] payload, boolean closes, String producerId, long producerEpoch, long producerSeq, String streamSeq) {

  public boolean hasData() {
    return payload.length > 0;
  }
}
