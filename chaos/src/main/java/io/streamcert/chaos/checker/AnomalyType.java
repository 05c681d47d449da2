package io.streamcert.chaos.checker;

/**
 * The kinds of misbehaviour the checker finds in a history, after Jepsen's Kafka queue analysis
 * (its name for each in brackets). Every one of them is a violation; an unknown (info) write that
 * is present once or absent is not an anomaly.
 */
public enum AnomalyType {
  /** An acknowledged write absent from the final read of its stream after the heal [lost-write]. */
  LOST_WRITE("acknowledged write absent from the final read after heal"),
  /** One payload at more than one place in a stream [duplicate]. */
  DUPLICATE("payload present more than once in the stream"),
  /**
   * Two acknowledged writes of one writer, or two Stream-Seq writes, in the stream in the opposite
   * order of their real-time order: the second was invoked after the first was acknowledged but
   * appears before it [nonmonotonic-send].
   */
  REORDER("writes appear in the opposite order of their acknowledgement"),
  /** One offset that starts or ends different payloads in different views [inconsistent-offsets]. */
  OFFSET_MISMATCH("one offset with two different contents"),
  /**
   * A read whose offsets go backwards, or acknowledged Stream-Next-Offsets that do not increase in
   * stream order [nonmonotonic-poll].
   */
  NON_MONOTONIC_OFFSETS("offsets that do not increase in stream order"),
  /** A payload whose every write attempt definitely failed, observed by a read [G1a, aborted read]. */
  READ_OF_FAILED_WRITE("a definitely failed write was read"),
  /** An acknowledged write no reader ever observed, in a stream without a final read to judge loss [unseen]. */
  UNSEEN_ACKED("acknowledged write never observed by any reader"),
  /** An append acknowledged although it was invoked after a close of its stream was acknowledged. */
  WRITE_AFTER_CLOSE("append accepted after the stream was closed"),
  /** Bytes in a stream that decode to no payload: torn, corrupted or foreign data [garbage]. */
  GARBAGE("undecodable bytes in the stream"),
  /** A payload observed in a stream to which no operation of the history wrote it [unexpected]. */
  UNEXPECTED_PAYLOAD("payload observed that was never written to this stream");

  private final String description;

  AnomalyType(String description) {
    this.description = description;
  }

  /** One line saying what the anomaly means. */
  public String description() {
    return description;
  }
}
