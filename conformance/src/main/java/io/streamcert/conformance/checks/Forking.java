package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the fork requests of PROTOCOL.md §4.2 and the reads the fork checks compare, using only
 * offsets the server issued so that no check depends on the reference server's offset shape.
 */
final class Forking {

  static final String FORKED_FROM = "Stream-Forked-From";
  static final String FORK_OFFSET = "Stream-Fork-Offset";
  static final String FORK_SUB_OFFSET = "Stream-Fork-Sub-Offset";

  /** Every fork header, none of which a response may carry: forks are transparent. */
  static final String[] FORK_HEADERS = {FORKED_FROM, FORK_OFFSET, FORK_SUB_OFFSET};

  private static final ObjectMapper JSON = new ObjectMapper();

  private Forking() {}

  /** A {@code PUT} of {@code fork} naming {@code source} as its origin, without a Content-Type. */
  static Target.Call fork(Target t, String fork, String source) {
    return t.put(fork).header(FORKED_FROM, source);
  }

  /** A fork request at a server-issued offset. */
  static Target.Call forkAt(Target t, String fork, String source, String offset) {
    return fork(t, fork, source).header(FORK_OFFSET, offset);
  }

  /** Sends a fork request and asserts 201, as setup for checks about what follows. */
  static Exchange created(Target.Call forkRequest) {
    Exchange ex = forkRequest.send();
    if (ex.status() != 201) {
      throw new AssertionError("setup: the fork must be created with 201 but the answer was " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /**
   * Creates {@code path} empty and returns the offset the server issued for its start: the portable
   * way to name "offset zero" without assuming the server's offset format.
   */
  static String createEmpty(Target t, String path, String contentType) {
    return t.create(path, contentType, null).nextOffset();
  }

  /** A catch-up read of the whole stream. */
  static Exchange readAll(Target t, String path) {
    return t.get(path).query("offset", "-1").send();
  }

  /** A catch-up read from a server-issued offset, encoded as clients must (PROTOCOL.md §8). */
  static Exchange readFrom(Target t, String path, String offset) {
    return t.get(path).query("offset", encode(offset)).send();
  }

  static String encode(String offset) {
    return URLEncoder.encode(offset, StandardCharsets.UTF_8);
  }

  /** Parses a JSON-mode body so that checks compare messages, not the server's whitespace. */
  static JsonNode json(Exchange ex) {
    try {
      return JSON.readTree(ex.body());
    } catch (IOException e) {
      throw new AssertionError("the body of a JSON-mode read must be one JSON array but it does not parse: "
          + e.getMessage() + "\n" + ex, e);
    }
  }

  /** Asserts that a JSON-mode body holds exactly the messages of {@code expected}, naming the rule. */
  static void assertJsonBody(Exchange ex, String rule, String expected) {
    JsonNode want = json(expected);
    JsonNode got = json(ex);
    if (!want.equals(got)) {
      throw new AssertionError("[" + rule + "] expected the JSON messages " + want + " but the body holds " + got
          + "\n--- exchange ---\n" + ex);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }
}
