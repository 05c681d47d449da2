package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.Offset;
import java.util.List;

/**
 * One violation found in a history, with enough to find it again in the history file.
 *
 * @param type what kind of violation
 * @param stream the stream it happened on
 * @param payloadId the payload at its centre, or null (an offset mismatch names the first payload)
 * @param writer the process that wrote that payload, or null when nobody did
 * @param offsets the offsets involved, such as the acknowledged Stream-Next-Offset or the offset
 *     with two contents
 * @param relatedPayloadIds the other payloads involved (the write it was reordered with, the other
 *     contents of an offset)
 * @param operationIds the ids of the operations that show it
 * @param invokeNanos when the central operation was invoked, or null
 * @param completeNanos when it completed, or null
 * @param explanation a sentence saying what happened, with times in milliseconds since the start
 */
public record Anomaly(
    AnomalyType type,
    String stream,
    String payloadId,
    String writer,
    List<Offset> offsets,
    List<String> relatedPayloadIds,
    List<Long> operationIds,
    Long invokeNanos,
    Long completeNanos,
    String explanation) {

  /** Validates the required fields and copies the lists. */
  public Anomaly {
    if (type == null) throw new IllegalArgumentException("an anomaly needs a type");
    if (stream == null) throw new IllegalArgumentException("an anomaly needs its stream");
    if (explanation == null || explanation.isBlank()) throw new IllegalArgumentException("an anomaly needs an explanation");
    offsets = offsets == null ? List.of() : List.copyOf(offsets);
    relatedPayloadIds = relatedPayloadIds == null ? List.of() : List.copyOf(relatedPayloadIds);
    operationIds = operationIds == null ? List.of() : List.copyOf(operationIds);
  }

  @Override
  public String toString() {
    return type + " on " + stream + (payloadId != null ? " " + payloadId : "")
        + (writer != null ? " (writer " + writer + ")" : "") + ": " + explanation;
  }
}
