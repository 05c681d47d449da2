package io.streamcert.reference.storage;

import java.util.Map;

/**
 * A stream as a durable store found it at start: its settings, its log, and the state its records
 * carried.
 *
 * @param closedByProducer the producer request that closed it ({@code id}, epoch, seq), or null
 * @param producers each producer's epoch and last sequence number
 * @param corruptAt the stream position of the first unreadable record, or -1 when the log is sound
 */
public record RecoveredStream(
    StreamDescriptor descriptor,
    StreamLog log,
    boolean closed,
    ProducerPosition closedByProducer,
    String lastStreamSeq,
    Map<String, ProducerPosition> producers,
    boolean softDeleted,
    long corruptAt) {

  /** A producer's epoch and sequence number. */
  public record ProducerPosition(String id, long epoch, long seq) {}
}
