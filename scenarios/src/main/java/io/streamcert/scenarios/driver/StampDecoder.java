package io.streamcert.scenarios.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns what a reader receives back into the stamped messages of {@link Payloads}: for JSON
 * streams a JSON array of objects (or one object), for other streams newline-terminated text
 * records, which may be split across responses or events.
 */
final class StampDecoder {

  /** Receives decoded messages. */
  interface Sink {
    void message(long seq, long sentNanos);

    void malformed(String what);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean json;
  private final int lineLength;
  private final Sink sink;
  private final BodyBuffer carry = new BodyBuffer();

  StampDecoder(String contentType, long payloadSize, Sink sink) {
    this.json = Payloads.isJson(contentType);
    this.lineLength = (int) payloadSize - 1;
    this.sink = sink;
  }

  boolean json() {
    return json;
  }

  /** Decodes one complete JSON document: an array of stamped objects, or one object. */
  void json(byte[] data, int offset, int length) {
    if (length == 0) return;
    JsonNode root;
    try {
      root = JSON.readTree(data, offset, length);
    } catch (IOException e) {
      sink.malformed("reader: body is not JSON");
      return;
    }
    if (root == null) return;
    if (root.isArray()) {
      for (JsonNode n : root) object(n);
    } else {
      object(root);
    }
  }

  private void object(JsonNode n) {
    JsonNode s = n.get("s");
    JsonNode t = n.get("t");
    if (s == null || t == null || !s.isTextual() || !t.isTextual()) {
      sink.malformed("reader: message without the driver's stamp");
      return;
    }
    try {
      sink.message(Payloads.parseHex(s.asText()), Payloads.parseHex(t.asText()));
    } catch (NumberFormatException e) {
      sink.malformed("reader: message without the driver's stamp");
    }
  }

  /** Decodes text records; a record cut at the end is kept for the next call. */
  void text(byte[] data, int offset, int length) {
    int end = offset + length;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (data[i] != '\n') continue;
      if (carry.length() > 0) {
        carry.append(data, start, i - start);
        line(carry.array(), 0, carry.length());
        carry.clear();
      } else {
        line(data, start, i - start);
      }
      start = i + 1;
    }
    if (start < end) carry.append(data, start, end - start);
  }

  /**
   * Marks a message boundary (the end of an SSE event): a record left without its newline is taken
   * as complete when it has a record's length.
   */
  void boundary() {
    if (carry.length() == lineLength) {
      line(carry.array(), 0, carry.length());
      carry.clear();
    }
  }

  private void line(byte[] b, int off, int len) {
    if (len == 0 || (len == 1 && b[off] == '\r')) return;
    if (len != lineLength) {
      sink.malformed("reader: record of " + (len + 1) + " bytes, expected " + (lineLength + 1));
      return;
    }
    long seq;
    long sent;
    try {
      seq = Payloads.seqOf(b, off);
      sent = Payloads.sentOf(b, off);
    } catch (IllegalArgumentException e) {
      sink.malformed("reader: record without the driver's stamp");
      return;
    }
    sink.message(seq, sent);
  }
}
