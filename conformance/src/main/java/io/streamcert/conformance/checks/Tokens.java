package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique, self-describing append payloads for concurrency checks, and the parser that finds them
 * again in the stream's content: each payload names its writer and index, so the final read shows
 * which acknowledged appends are there, how often and in which order, and any torn or interleaved
 * append fails the parse. Thread-safe: writers mint payloads concurrently.
 */
final class Tokens {

  /** The writer and index a payload names. */
  record Token(int writer, int index) {
    @Override
    public String toString() {
      return "w" + writer + "#" + index;
    }
  }

  private static final byte MAGIC = (byte) 0xF5;
  private static final String FILLER = "abcdefghijklmnopqrstuvwxyz0123456789 .,;\n\u00e9\u6f22";

  private final StreamModel.Mode mode;
  private final boolean text;
  private final Map<Token, byte[]> payloads = new ConcurrentHashMap<>();
  private final Map<Token, JsonNode> messages = new ConcurrentHashMap<>();

  Tokens(String contentType) {
    this.mode = new StreamModel(contentType).mode();
    this.text = contentType.startsWith("text/");
  }

  /** A fresh payload for {@code (writer, index)}, with random filler from the writer's own Random. */
  byte[] payload(int writer, int index, Random rnd) {
    if (writer < 0 || writer > 255 || index < 0 || index > 0xFFFF) {
      throw new IllegalArgumentException("token (" + writer + ", " + index + ") out of range");
    }
    Token token = new Token(writer, index);
    byte[] bytes;
    if (mode == StreamModel.Mode.JSON) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("w", writer).put("i", index).put("f", filler(rnd));
      bytes = RandomContent.write(node);
      messages.put(token, RandomContent.parse(bytes));
    } else if (text) {
      bytes = ("<" + writer + "." + index + ":" + filler(rnd) + ">").getBytes(StandardCharsets.UTF_8);
    } else {
      byte[] filler = new byte[rnd.nextInt(41)];
      rnd.nextBytes(filler);
      bytes = new byte[5 + filler.length];
      bytes[0] = MAGIC;
      bytes[1] = (byte) writer;
      bytes[2] = (byte) (index >>> 8);
      bytes[3] = (byte) index;
      bytes[4] = (byte) filler.length;
      System.arraycopy(filler, 0, bytes, 5, filler.length);
    }
    payloads.put(token, bytes);
    return bytes;
  }

  byte[] payloadOf(Token token) {
    return payloads.get(token);
  }

  private static String filler(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(30);
    for (int i = 0; i < n; i++) sb.append(FILLER.charAt(rnd.nextInt(FILLER.length())));
    return sb.toString();
  }

  /**
   * The tokens of a byte stream's content in stream order.
   *
   * @throws IllegalArgumentException when the content is not a concatenation of whole payloads minted
   *     here, naming the position where it stops making sense
   */
  List<Token> parse(byte[] content) {
    List<Token> out = new ArrayList<>();
    int at = 0;
    while (at < content.length) {
      Token token;
      int end;
      if (text) {
        int close = indexOf(content, (byte) '>', at);
        if (content[at] != '<' || close < 0) throw torn(at, out);
        String head = new String(content, at + 1, close - at - 1, StandardCharsets.UTF_8);
        int dot = head.indexOf('.');
        int colon = head.indexOf(':');
        if (dot < 0 || colon < dot) throw torn(at, out);
        try {
          token = new Token(Integer.parseInt(head.substring(0, dot)), Integer.parseInt(head.substring(dot + 1, colon)));
        } catch (NumberFormatException e) {
          throw torn(at, out);
        }
        end = close + 1;
      } else {
        if (content.length - at < 5 || content[at] != MAGIC) throw torn(at, out);
        token = new Token(content[at + 1] & 0xff, ((content[at + 2] & 0xff) << 8) | (content[at + 3] & 0xff));
        end = at + 5 + (content[at + 4] & 0xff);
      }
      byte[] expected = payloads.get(token);
      if (expected == null || end > content.length || !Arrays.equals(expected, Arrays.copyOfRange(content, at, end))) {
        throw torn(at, out);
      }
      out.add(token);
      at = end;
    }
    return out;
  }

  /** The tokens of a JSON stream's messages in stream order; every message must be one minted here. */
  List<Token> parse(List<JsonNode> content) {
    List<Token> out = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      JsonNode m = content.get(i);
      Token token = m.path("w").isInt() && m.path("i").isInt() ? new Token(m.get("w").asInt(), m.get("i").asInt()) : null;
      if (token == null || !m.equals(messages.get(token))) {
        throw new IllegalArgumentException("message " + i + " is not one of the appended messages: " + m
            + " (after " + out.size() + " whole messages)");
      }
      out.add(token);
    }
    return out;
  }

  private static IllegalArgumentException torn(int at, List<Token> before) {
    return new IllegalArgumentException("the content at byte " + at + " is not a whole appended payload (after "
        + before.size() + " whole payloads" + (before.isEmpty() ? "" : ", the last " + before.get(before.size() - 1))
        + "): an append was torn, interleaved, altered or never sent");
  }

  private static int indexOf(byte[] b, byte value, int from) {
    for (int i = from; i < b.length; i++) if (b[i] == value) return i;
    return -1;
  }
}
