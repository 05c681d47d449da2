package io.streamcert.conformance.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random payloads from a seeded {@link Random}: UTF-8 text with line breaks and multi-byte
 * characters, arbitrary bytes (every value 0-255), and JSON values and batches whose flattened
 * messages (PROTOCOL.md §9.1.2) are known in advance.
 */
final class RandomContent {

  /** A body and, for JSON streams, the messages it stores (null when it must be rejected). */
  record Body(byte[] bytes, List<JsonNode> messages) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Line breaks, tabs, quotes, 2-, 3- and 4-byte UTF-8 characters next to plain ASCII.
  private static final String[] TEXT_PIECES = {
    "a", "b", "z", "Q", "0", "7", " ", ".", ",", "-", "_", "\"", "'", "\\", "\n", "\r\n", "\r", "\t",
    "data: x", "event: y", "\u00e9", "\u00df", "\u20ac", "\u6f22", "\ud83d\ude00", "{", "}", "[", "]", "%", "&", "="
  };

  private static final String[] JSON_STRINGS = {
    "", "a", "hello world", "quote\"inside", "back\\slash", "line\nbreak", "tab\tstop", "\u00e9t\u00e9", "\u6f22\u5b57",
    "\ud83d\ude00", "control\u0001char", "</script>", "[1,2]", "{\"k\":1}"
  };

  private final Random rnd;

  RandomContent(Random rnd) {
    this.rnd = rnd;
  }

  /** A body for a stream of the given media type: text, bytes, or a storable JSON batch. */
  Body body(StreamModel.Mode mode, String contentType, int maxLength) {
    if (mode == StreamModel.Mode.JSON) return jsonBatch();
    if (contentType.startsWith("text/")) return new Body(text(1 + rnd.nextInt(maxLength)), null);
    return new Body(bytes(1 + rnd.nextInt(maxLength)), null);
  }

  /** UTF-8 text of about {@code pieces} pieces. */
  byte[] text(int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) sb.append(TEXT_PIECES[rnd.nextInt(TEXT_PIECES.length)]);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] bytes(int length) {
    byte[] b = new byte[length];
    rnd.nextBytes(b);
    return b;
  }

  /** Every byte value 0-255 exactly once, shuffled. */
  byte[] allByteValues() {
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) b[i] = (byte) i;
    for (int i = 255; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      byte x = b[i];
      b[i] = b[j];
      b[j] = x;
    }
    return b;
  }

  /**
   * A JSON POST body: a single non-array value (one message) or an array of one to four values (one
   * message each, so a nested array stays one message: flattening is exactly one level).
   */
  Body jsonBatch() {
    if (rnd.nextInt(3) == 0) {
      JsonNode v = value(2);
      while (v.isArray()) v = value(2);
      return new Body(write(v), List.of(parse(write(v))));
    }
    ArrayNode batch = NODES.arrayNode();
    int n = 1 + rnd.nextInt(4);
    List<JsonNode> messages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JsonNode v = value(2);
      batch.add(v);
      messages.add(parse(write(v)));
    }
    return new Body(write(batch), messages);
  }

  /** A random JSON value: objects, arrays, strings with escapes, integers, exact decimals, booleans, null. */
  JsonNode value(int depth) {
    int kind = rnd.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> NODES.textNode(JSON_STRINGS[rnd.nextInt(JSON_STRINGS.length)]);
      case 1 -> NODES.numberNode(rnd.nextInt(2_000_001) - 1_000_000);
      // Quarters are exact in binary, so every JSON implementation prints them the same way.
      case 2 -> NODES.numberNode((rnd.nextInt(4001) - 2000) + 0.25 * (1 + rnd.nextInt(3)));
      case 3 -> NODES.booleanNode(rnd.nextBoolean());
      case 4 -> NODES.nullNode();
      case 5 -> NODES.textNode(new String(text(1 + rnd.nextInt(6)), StandardCharsets.UTF_8));
      case 6 -> {
        ObjectNode o = NODES.objectNode();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) o.set("k" + i + (rnd.nextBoolean() ? "" : "\u00e9"), value(depth - 1));
        yield o;
      }
      default -> {
        ArrayNode a = NODES.arrayNode();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) a.add(value(depth - 1));
        yield a;
      }
    };
  }

  /** Serializes and re-parses, so the expected nodes have the types a parser gives the response. */
  static byte[] write(JsonNode node) {
    try {
      return ReadThrough.JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text into the node a reader of the stream would get back. */
  static JsonNode parse(byte[] json) {
    try {
      return ReadThrough.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
