package io.streamcert.conformance.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Catch-up read helpers shared by the read, offset, pagination, caching and JSON-mode checks:
 * offset-addressed GETs, following {@code Stream-Next-Offset} to the tail, and JSON-body
 * assertions that name the rule and show the exchange.
 */
final class CatchUp {

  static final String BINARY = "application/octet-stream";
  static final String TEXT = "text/plain";
  static final String JSON = "application/json";

  /** Upper bound on pages per read-through; a server paging 3 MB in 1 KB pages still fits. */
  private static final int MAX_PAGES = 4096;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CatchUp() {}

  /** A catch-up GET from {@code offset}, URL-encoded as PROTOCOL.md §8 asks of clients. */
  static Exchange read(Target t, String path, String offset) {
    return t.get(path).query("offset", encode(offset)).send();
  }

  static String encode(String offset) {
    return URLEncoder.encode(offset, StandardCharsets.UTF_8);
  }

  /** Appends bytes, failing the check as a setup error unless the server answers 2xx. */
  static Exchange append(Target t, String path, String contentType, byte[] body) {
    Exchange ex = t.post(path).contentType(contentType).body(body).send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: appending " + body.length + " bytes to " + path + " must succeed but answered "
          + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Closes a stream with a close-only POST, failing the check as a setup error unless 2xx. */
  static Exchange close(Target t, String path) {
    Exchange ex = t.post(path).header("Stream-Closed", "true").send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: closing " + path + " must succeed but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** The tail offset as HEAD reports it. */
  static String tail(Target t, String path) {
    Exchange ex = t.head(path).send();
    if (ex.status() != 200) throw new AssertionError("setup: HEAD " + path + " must answer 200 but answered " + ex.status() + "\n" + ex);
    return ex.nextOffset();
  }

  static boolean upToDate(Exchange ex) {
    return ex.header("Stream-Up-To-Date").map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  static boolean closed(Exchange ex) {
    return ex.header("Stream-Closed").map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  /** Every page of one read-through and the bytes they carried, in order. */
  record Pages(List<Exchange> pages, byte[] bytes) {

    Exchange last() {
      return pages.get(pages.size() - 1);
    }
  }

  /**
   * Reads from {@code from} by following {@code Stream-Next-Offset} until it equals {@code tail},
   * the offset the writer was given. Fails when a page is not a 200, or when a page short of the
   * tail makes no progress (a client following it would loop forever).
   */
  static Pages readUntil(Target t, String path, String from, String tail) {
    List<Exchange> pages = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String offset = from;
    for (int i = 0; i < MAX_PAGES; i++) {
      Exchange page = read(t, path, offset);
      pages.add(page);
      if (page.status() != 200) {
        throw fail(page, "a catch-up read of an existing stream answers 200", "page " + (i + 1) + " answered " + page.status());
      }
      bytes.writeBytes(page.body());
      String next = page.nextOffset();
      if (next.equals(tail)) return new Pages(List.copyOf(pages), bytes.toByteArray());
      if (page.body().length == 0 || next.equals(offset)) {
        throw fail(page, "a page short of the tail delivers data and advances Stream-Next-Offset", "page " + (i + 1)
            + " carried " + page.body().length + " bytes and Stream-Next-Offset " + next + " while the tail is " + tail);
      }
      offset = next;
    }
    throw fail(pages.get(pages.size() - 1), "following Stream-Next-Offset reaches the tail",
        "the tail " + tail + " was not reached within " + MAX_PAGES + " pages");
  }

  /** Deterministic pseudo-random bytes, so a misplaced or repeated page cannot go unnoticed. */
  static byte[] noise(int length, long seed) {
    byte[] out = new byte[length];
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      out[i] = (byte) x;
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }

  /** Parses a response body as JSON, failing with the rule and the exchange when it is not. */
  static JsonNode jsonBody(Exchange ex, String rule) {
    JsonNode n;
    try {
      n = MAPPER.readTree(ex.body());
    } catch (JsonProcessingException e) {
      throw fail(ex, rule, "expected a JSON body but it does not parse: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (n == null || n.isMissingNode()) throw fail(ex, rule, "expected a JSON body but it is empty");
    return n;
  }

  /** Asserts that the body is one JSON array equal to {@code expectedJson} (compared as JSON values). */
  static void assertJsonArray(Exchange ex, String rule, String expectedJson) {
    JsonNode got = jsonBody(ex, rule);
    if (!got.isArray()) throw fail(ex, rule, "expected one JSON array but the body is a " + got.getNodeType());
    JsonNode want = json(expectedJson);
    if (!got.equals(want)) throw fail(ex, rule, "expected the JSON array " + want + " but got " + got);
  }

  static AssertionError fail(Exchange ex, String rule, String what) {
    return new AssertionError("[" + rule + "] " + what + "\n--- exchange ---\n" + ex);
  }

  static Optional<String> etag(Exchange ex) {
    return ex.header("ETag");
  }
}
