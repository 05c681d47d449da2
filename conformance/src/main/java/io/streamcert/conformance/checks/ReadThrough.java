package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream from an offset up to its tail the way a client catches up (PROTOCOL.md §5.6):
 * one catch-up GET after another, each from the previous Stream-Next-Offset, until a response says
 * Stream-Up-To-Date: true. Every page must be a 200 that either carries data or reaches the tail.
 */
final class ReadThrough {

  static final ObjectMapper JSON = new ObjectMapper();

  /** No legitimate stream in these checks needs more pages; a server that never converges fails. */
  private static final int MAX_PAGES = 2_000;

  /** One catch-up response: the offset asked for, the data it carried, the offset it pointed to. */
  record Page(String from, Exchange exchange, byte[] bytes, List<JsonNode> messages, String next) {
    int units() {
      return messages != null ? messages.size() : bytes.length;
    }
  }

  /** The pages read, the reassembled bytes (byte streams) or messages (JSON streams), and the last page. */
  record Result(List<Page> pages, byte[] bytes, List<JsonNode> messages) {
    Page last() {
      return pages.get(pages.size() - 1);
    }

    int units() {
      return messages != null ? messages.size() : bytes.length;
    }
  }

  private ReadThrough() {}

  /** Encodes an offset for the query, as clients must (§8). */
  static String encode(String offset) {
    return URLEncoder.encode(offset, StandardCharsets.UTF_8);
  }

  /**
   * Reads from {@code offset} (null for no offset parameter) to the tail.
   *
   * @param context prefixed to every failure message (the seed and operation of a property run)
   * @throws AssertionError naming the broken rule and showing the exchange
   */
  static Result read(Target t, String path, String offset, boolean json, String context) {
    List<Page> pages = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<JsonNode> messages = json ? new ArrayList<>() : null;
    String from = offset;
    for (int i = 0; i < MAX_PAGES; i++) {
      Target.Call call = t.get(path);
      if (from != null) call.query("offset", encode(from));
      Exchange ex = call.send();
      if (ex.status() != 200) {
        throw fail(context, "a catch-up read of an existing stream answers 200 (DS-5.6-02) but got " + ex.status(), ex);
      }
      String next = ex.header("Stream-Next-Offset").orElseThrow(
          () -> fail(context, "a catch-up read carries Stream-Next-Offset (DS-5.6-02)", ex));
      List<JsonNode> pageMessages = json ? parseArray(ex, context) : null;
      Page page = new Page(from, ex, ex.body(), pageMessages, next);
      pages.add(page);
      if (json) messages.addAll(pageMessages);
      else bytes.writeBytes(ex.body());
      boolean upToDate = ex.header("Stream-Up-To-Date").map("true"::equalsIgnoreCase).orElse(false);
      if (upToDate) return new Result(List.copyOf(pages), bytes.toByteArray(), messages);
      if (page.units() == 0) {
        throw fail(context, "a catch-up response short of the tail carries data; an empty page without "
            + "Stream-Up-To-Date: true leaves the reader no way forward (DS-5.6-19, DS-5.6-03)", ex);
      }
      from = next;
    }
    throw new AssertionError(context + "the stream did not reach Stream-Up-To-Date: true within " + MAX_PAGES
        + " catch-up pages (DS-5.6-19)");
  }

  /** Parses a JSON stream's read body: one array of messages (§9.1.5). */
  static List<JsonNode> parseArray(Exchange ex, String context) {
    JsonNode node;
    try {
      node = JSON.readTree(ex.body());
    } catch (IOException e) {
      throw fail(context, "a read of a JSON stream returns one JSON array (DS-9.1.5-01) but the body does not parse: "
          + e.getMessage(), ex);
    }
    if (node == null || !node.isArray()) {
      throw fail(context, "a read of a JSON stream returns one JSON array (DS-9.1.5-01)", ex);
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.forEach(out::add);
    return out;
  }

  static AssertionError fail(String context, String what, Exchange ex) {
    return new AssertionError(context + what + "\n--- exchange ---\n" + ex);
  }
}
