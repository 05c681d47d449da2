package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An executable model of one Durable Streams stream (PROTOCOL.md §4, §5.2, §5.2.1, §5.3, §8): the
 * content every reader must see, the offsets the server issued and the positions they name, closure,
 * the last {@code Stream-Seq} and every idempotent producer's epoch and sequence. Given a POST it
 * predicts the response class (status, key headers, effect); given a read it names the expected data.
 *
 * <p>The model never learns from responses except the offsets the server mints, so a deviation is
 * caught at the first request that shows it. Not thread-safe: one model per sequential run.
 */
final class StreamModel {

  /** How the stream frames its content: raw bytes, or JSON messages (§9.1). */
  enum Mode { BYTES, JSON }

  /** The three producer headers as one request carries them (§5.2.1). */
  record ProducerHeaders(String id, long epoch, long seq) {
    @Override
    public String toString() {
      return id + "/e" + epoch + "/s" + seq;
    }
  }

  /**
   * One POST: the body (possibly empty), its Content-Type (null for none), Stream-Closed, Stream-Seq
   * and producer headers (null for none). For JSON streams {@code messages} holds the flattened
   * messages the body stores, or null when the body is not a storable JSON batch.
   */
  record Append(byte[] body, String contentType, boolean close, String streamSeq, ProducerHeaders producer,
      List<JsonNode> messages) {

    String describe() {
      StringBuilder sb = new StringBuilder("POST ").append(body.length).append(" B");
      if (messages != null) sb.append(" (").append(messages.size()).append(" JSON messages)");
      if (contentType == null) sb.append(", no Content-Type");
      else sb.append(", Content-Type ").append(contentType);
      if (streamSeq != null) sb.append(", Stream-Seq ").append(streamSeq);
      if (producer != null) sb.append(", producer ").append(producer);
      if (close) sb.append(", Stream-Closed: true");
      return sb.toString();
    }
  }

  /** Where the response's Stream-Next-Offset must point. */
  enum OffsetRule {
    /** Not constrained by the rule that applies. */
    ANY,
    /** A newly minted tail, greater than every offset issued before. */
    NEW_TAIL,
    /** The current (unchanged) tail. */
    CURRENT_TAIL
  }

  /**
   * The predicted response class: the status, the rule that decides it (with its requirement ids),
   * Stream-Next-Offset, whether Stream-Closed: true must be present (TRUE), absent (FALSE) or is
   * unconstrained (null), exact values of further headers, and whether the request takes effect.
   */
  record Prediction(int status, String rule, OffsetRule offset, Boolean closedHeader, Map<String, String> headers,
      boolean accepted) {}

  private static final class ProducerState {
    long epoch;
    long lastSeq;

    ProducerState(long epoch, long lastSeq) {
      this.epoch = epoch;
      this.lastSeq = lastSeq;
    }
  }

  private final Mode mode;
  private final String contentType;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final List<JsonNode> messages = new ArrayList<>();
  private final Map<String, Integer> positionOf = new HashMap<>();
  private final TreeMap<String, Integer> byOffset = new TreeMap<>();
  private final List<String> issued = new ArrayList<>();
  private final Map<String, ProducerState> producers = new LinkedHashMap<>();
  private String tailOffset;
  private boolean closed;
  private ProducerHeaders closedBy;
  private String lastStreamSeq;

  StreamModel(String contentType) {
    this.contentType = contentType;
    this.mode = mediaType(contentType).equals("application/json") ? Mode.JSON : Mode.BYTES;
  }

  Mode mode() {
    return mode;
  }

  String contentType() {
    return contentType;
  }

  boolean closed() {
    return closed;
  }

  String lastStreamSeq() {
    return lastStreamSeq;
  }

  /** The number of units stored: bytes, or JSON messages. */
  int length() {
    return mode == Mode.JSON ? messages.size() : bytes.size();
  }

  String tailOffset() {
    return tailOffset;
  }

  /** Every distinct offset the server issued so far, in the order first seen. */
  List<String> issuedOffsets() {
    return List.copyOf(issued);
  }

  Integer positionOf(String offset) {
    return positionOf.get(offset);
  }

  /** The producer's current epoch, or -1 for a producer the stream has not accepted yet. */
  long epochOf(String producerId) {
    ProducerState p = producers.get(producerId);
    return p == null ? -1 : p.epoch;
  }

  /** The producer's highest accepted seq in its current epoch, or -1 for an unknown producer. */
  long lastSeqOf(String producerId) {
    ProducerState p = producers.get(producerId);
    return p == null ? -1 : p.lastSeq;
  }

  ProducerHeaders closedBy() {
    return closedBy;
  }

  /** The bytes from {@code position} to the tail (byte streams). */
  byte[] bytesFrom(int position) {
    byte[] all = bytes.toByteArray();
    return Arrays.copyOfRange(all, position, all.length);
  }

  /** The messages from {@code position} to the tail (JSON streams). */
  List<JsonNode> messagesFrom(int position) {
    return List.copyOf(messages.subList(position, messages.size()));
  }

  /** Seeds the model with the stream as created: its initial content and the tail offset returned. */
  void created(byte[] initialBytes, List<JsonNode> initialMessages) {
    if (mode == Mode.JSON) {
      if (initialMessages != null) messages.addAll(initialMessages);
    } else if (initialBytes != null) {
      bytes.writeBytes(initialBytes);
    }
  }

  /**
   * Records that the server named {@code position} with {@code offset}; returns what rule that
   * breaks, or null. One offset never names two positions (§8), and offsets sort as their positions.
   */
  String recordOffset(String offset, int position) {
    Integer known = positionOf.get(offset);
    if (known != null) {
      return known == position ? null
          : "offset " + offset + " was issued for position " + known + " and now for position " + position
              + ": no two positions share an offset";
    }
    Map.Entry<String, Integer> lower = byOffset.lowerEntry(offset);
    if (lower != null && lower.getValue() > position) {
      return "offset " + offset + " (position " + position + ") sorts after " + lower.getKey() + " (position "
          + lower.getValue() + "): offsets must sort lexicographically in stream order";
    }
    Map.Entry<String, Integer> higher = byOffset.higherEntry(offset);
    if (higher != null && higher.getValue() < position) {
      return "offset " + offset + " (position " + position + ") sorts before " + higher.getKey() + " (position "
          + higher.getValue() + "): offsets must sort lexicographically in stream order";
    }
    positionOf.put(offset, position);
    byOffset.put(offset, position);
    issued.add(offset);
    return null;
  }

  /** Sets the tail offset after the create response or an accepted append. */
  void tail(String offset) {
    this.tailOffset = offset;
  }

  /** Predicts the response to a POST from the current state, following §5.2, §5.2.1 and §5.3. */
  Prediction predict(Append a) {
    boolean hasBody = a.body().length > 0;
    if (!hasBody && !a.close()) {
      return reject(400, "a POST with an empty body and no Stream-Closed: true is rejected with 400 (DS-5.2-20)", null);
    }
    if (a.producer() != null) return predictProducer(a, hasBody);
    if (closed) {
      if (!hasBody) {
        return new Prediction(204, "closing an already closed stream is idempotent: 204 with Stream-Closed: true "
            + "and the unchanged tail (DS-5.2-18, DS-5.3-01)", OffsetRule.CURRENT_TAIL, true, Map.of(), false);
      }
      return new Prediction(409, a.close()
          ? "append-and-close on a closed stream without producer headers is rejected: 409 with Stream-Closed: true "
              + "and the final offset (DS-5.2-19, DS-5.2-23)"
          : "an append to a closed stream is rejected: 409 with Stream-Closed: true and the final offset "
              + "(DS-5.2-22, DS-5.2-23, DS-4-05)", OffsetRule.CURRENT_TAIL, true, Map.of(), false);
    }
    if (!hasBody) {
      return new Prediction(204, "a close-only POST closes the stream: 204 with Stream-Closed: true and the unchanged "
          + "tail, whatever its Content-Type (DS-5.2-16, DS-5.3-01, DS-5.2-07)", OffsetRule.CURRENT_TAIL, true,
          Map.of(), true);
    }
    Prediction conflict = contentConflict(a);
    if (conflict != null) return conflict;
    return accept(a, 204, a.close()
        ? "append-and-close stores the body and closes the stream: 204 with the new tail and Stream-Closed: true "
            + "(DS-5.2-15, DS-5.2-21)"
        : "an append is stored: 204 with a new Stream-Next-Offset (DS-5.2-01)", Map.of());
  }

  private Prediction predictProducer(Append a, boolean hasBody) {
    ProducerHeaders p = a.producer();
    ProducerState state = producers.get(p.id());
    if (state != null && p.epoch() < state.epoch) {
      return reject(403, "a producer epoch below the stored one is fenced: 403 with Producer-Epoch set to the current "
          + "epoch" + (closed ? ", also on a closed stream (DS-5.2.1-06, DS-5.2.1-27)" : " (DS-5.2.1-06)"),
          Map.of("Producer-Epoch", Long.toString(state.epoch)));
    }
    if (closed) {
      if (p.equals(closedBy)) {
        return new Prediction(204, "repeating the producer request that closed the stream is a duplicate: 204 with "
            + "Stream-Closed: true, Producer-Epoch and Producer-Seq (DS-5.2.1-24, DS-5.2.1-25, DS-5.2.1-12)",
            OffsetRule.ANY, true, Map.of("Producer-Epoch", Long.toString(p.epoch()), "Producer-Seq",
                Long.toString(p.seq())), false);
      }
      return new Prediction(409, "on a closed stream any producer append other than the closing (id, epoch, seq) is "
          + "rejected: 409 with Stream-Closed: true (DS-5.2.1-26, DS-5.2-23)", OffsetRule.CURRENT_TAIL, true,
          Map.of(), false);
    }
    if (state != null && p.epoch() == state.epoch && p.seq() <= state.lastSeq) {
      return new Prediction(204, "a producer seq at or below the last accepted one is a duplicate: 204, nothing "
          + "appended, Producer-Seq = highest accepted seq (DS-5.2.1-09, DS-5.2.1-12, DS-5.2.1-13, DS-5.2.1-14"
          + (a.streamSeq() != null ? ", DS-5.2.1-16" : "") + ")", OffsetRule.ANY, false,
          Map.of("Producer-Epoch", Long.toString(state.epoch), "Producer-Seq", Long.toString(state.lastSeq)), false);
    }
    if (state == null && p.seq() != 0) {
      // The spec's validation logic starts from stored state; servers differ (400 or 409) for this case.
      throw new IllegalStateException("the model has no single prediction for an unknown producer starting at seq "
          + p.seq() + "; generate seq 0 for new producers");
    }
    if (state != null && p.epoch() > state.epoch) {
      if (p.seq() != 0) {
        return reject(400, "a higher producer epoch must start at Producer-Seq 0: 400 (DS-5.2.1-07)", null);
      }
    } else if (state != null && p.seq() > state.lastSeq + 1) {
      return reject(409, "a producer seq more than one above the last accepted is a gap: 409 with "
          + "Producer-Expected-Seq and Producer-Received-Seq (DS-5.2.1-11)",
          Map.of("Producer-Expected-Seq", Long.toString(state.lastSeq + 1), "Producer-Received-Seq",
              Long.toString(p.seq())));
    }
    if (hasBody) {
      Prediction conflict = contentConflict(a);
      if (conflict != null) return conflict;
    }
    String rule;
    if (state == null) rule = "a new producer's epoch " + p.epoch() + " seq 0 is accepted: 200 (DS-5.2.1-05)";
    else if (p.epoch() > state.epoch) rule = "a higher producer epoch with seq 0 is accepted: 200 (DS-5.2.1-08)";
    else rule = "the producer seq right after the last accepted is appended: 200 (DS-5.2.1-10)";
    Map<String, String> echo = Map.of("Producer-Epoch", Long.toString(p.epoch()), "Producer-Seq", Long.toString(p.seq()));
    if (!hasBody) {
      return new Prediction(204, "a close-only POST with valid producer headers takes part in sequencing and closes "
          + "the stream: 204 with Stream-Closed: true, Producer-Epoch and Producer-Seq (DS-5.2.1-23, DS-5.3-01)",
          OffsetRule.CURRENT_TAIL, true, echo, true);
    }
    if (a.close()) {
      rule = rule + "; with Stream-Closed: true it also closes the stream atomically (DS-5.2.1-22)";
    }
    return accept(a, 200, rule + "; the response echoes Producer-Epoch and Producer-Seq (DS-5.2.1-12, DS-5.2.1-13)", echo);
  }

  /** Content-Type, Stream-Seq and JSON validity, in the spec's precedence (§5.2 "Error Precedence"). */
  private Prediction contentConflict(Append a) {
    if (a.contentType() == null) {
      return reject(400, "an append with a body but no Content-Type is rejected with 400 (DS-5.2-05)", null);
    }
    if (!sameMediaType(a.contentType())) {
      return reject(409, "an append whose Content-Type differs from the stream's is rejected with 409 (DS-5.2-04, "
          + "DS-12.4-01)", null);
    }
    if (a.streamSeq() != null && lastStreamSeq != null && a.streamSeq().compareTo(lastStreamSeq) <= 0) {
      return reject(409, "a Stream-Seq '" + a.streamSeq() + "' that does not sort bytewise after the last accepted '"
          + lastStreamSeq + "' is rejected with 409 and nothing is appended (DS-5.2-11, DS-5.2-13, DS-5.2-14, "
          + "DS-12.6-01)", null);
    }
    if (mode == Mode.JSON && a.messages() == null) {
      return reject(400, "a JSON append that is invalid JSON or the empty array [] is rejected with 400 and nothing "
          + "is stored (DS-9.1.3-01, DS-9.1.4-01)", null);
    }
    return null;
  }

  private Prediction accept(Append a, int status, String rule, Map<String, String> headers) {
    return new Prediction(status, rule, OffsetRule.NEW_TAIL, a.close(), headers, true);
  }

  private Prediction reject(int status, String rule, Map<String, String> headers) {
    // A rejection on an open stream must not claim closure; on a closed one the rules above apply.
    return new Prediction(status, rule, OffsetRule.ANY, closed ? null : Boolean.FALSE,
        headers == null ? Map.of() : headers, false);
  }

  /** Applies an accepted POST: stores the data, closes, and advances Stream-Seq and producer state. */
  void commit(Append a) {
    if (a.body().length > 0) {
      if (mode == Mode.JSON) messages.addAll(a.messages());
      else bytes.writeBytes(a.body());
    }
    if (a.streamSeq() != null) lastStreamSeq = a.streamSeq();
    ProducerHeaders p = a.producer();
    if (p != null) {
      ProducerState state = producers.get(p.id());
      if (state == null) producers.put(p.id(), new ProducerState(p.epoch(), p.seq()));
      else {
        state.epoch = p.epoch();
        state.lastSeq = p.seq();
      }
    }
    if (a.close()) {
      closed = true;
      closedBy = p;
    }
  }

  /** The producer ids the stream has accepted, in first-accepted order. */
  List<String> producerIds() {
    return List.copyOf(producers.keySet());
  }

  boolean sameMediaType(String other) {
    return other != null && mediaType(other).equals(mediaType(contentType));
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
