package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reserved subscription API of PROTOCOL.md §6–§7 as the checks use it. Subscriptions live on
 * the whole server, so every check names its streams under a prefix of its own
 * ({@code sc-<run>-<hint>-<n>}) and its patterns match only that prefix; no check sees another's
 * streams. Stream paths inside subscription JSON are root-relative ({@code prefix/a}), the URL of
 * such a stream is {@code /v1/stream/prefix/a}.
 */
final class Subscriptions {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The reserved control prefix, routed before stream handling (§6). */
  static final String CONTROL = Target.STREAM_ROOT + "__ds";
  static final String JWKS = CONTROL + "/jwks.json";

  /**
   * The system property that shortens {@link #prompt()} for tests against an in-JVM server whose
   * deliveries take milliseconds (mutants that never deliver then fail sooner).
   */
  static final String PROMPT_PROPERTY = "streamcert.subscriptions.prompt.ms";

  /**
   * How long a delivery or a wake event may take to appear after the append that causes it: 10 s
   * unless {@value #PROMPT_PROPERTY} says otherwise.
   */
  static Duration prompt() {
    return Duration.ofMillis(Long.getLong(PROMPT_PROPERTY, 10_000L));
  }

  private Subscriptions() {}

  /** A root-relative prefix no other check uses, such as {@code sc-k3x-subs-17}. */
  static String prefix(Target t, String hint) {
    return t.newStream(hint).substring(Target.STREAM_ROOT.length());
  }

  /** A subscription id no other check uses. */
  static String newId(Target t, String hint) {
    return prefix(t, "sub-" + hint);
  }

  static String url(String relativePath) {
    return Target.STREAM_ROOT + relativePath;
  }

  static String subscription(String id) {
    return CONTROL + "/subscriptions/" + id;
  }

  static String action(String id, String action) {
    return subscription(id) + "/" + action;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** A webhook subscription on {@code pattern} delivering to {@code url}. */
  static ObjectNode webhook(String pattern, String url, long leaseTtlMs) {
    ObjectNode n = object().put("type", "webhook");
    if (pattern != null) n.put("pattern", pattern);
    n.putObject("webhook").put("url", url);
    n.put("lease_ttl_ms", leaseTtlMs);
    return n;
  }

  /** A pull-wake subscription on {@code pattern} writing wake events to {@code wakeStream} (root-relative). */
  static ObjectNode pullWake(String pattern, String wakeStream, long leaseTtlMs) {
    ObjectNode n = object().put("type", "pull-wake");
    if (pattern != null) n.put("pattern", pattern);
    n.put("wake_stream", wakeStream);
    n.put("lease_ttl_ms", leaseTtlMs);
    return n;
  }

  static ArrayNode array(String... values) {
    ArrayNode a = JSON.createArrayNode();
    for (String v : values) a.add(v);
    return a;
  }

  static Exchange put(Target t, String id, JsonNode config) {
    return t.put(subscription(id)).contentType("application/json").body(config.toString()).send();
  }

  static Exchange put(Target t, String id, String rawJson) {
    return t.put(subscription(id)).contentType("application/json").body(rawJson).send();
  }

  /** Creates a subscription, asserting 201, and returns the response body. */
  static JsonNode create(Target t, String id, JsonNode config) {
    Exchange ex = put(t, id, config);
    if (ex.status() != 201) {
      throw new AssertionError("setup: creating subscription " + id + " must answer 201 (PROTOCOL.md §6.2) but answered "
          + ex.status() + "\n" + ex);
    }
    return json(ex, "the answer to a subscription PUT");
  }

  /** Reads a subscription, asserting 200, and returns its JSON. */
  static JsonNode read(Target t, String id) {
    Exchange ex = t.get(subscription(id)).send();
    if (ex.status() != 200) {
      throw new AssertionError("GET of subscription " + id + " must answer 200 with its JSON (PROTOCOL.md §6.3) but answered "
          + ex.status() + "\n" + ex);
    }
    return json(ex, "the subscription JSON");
  }

  /** Deletes a subscription as cleanup; the answer is not judged here. */
  static void delete(Target t, String id) {
    try {
      t.delete(subscription(id)).send();
    } catch (AssertionError ignored) {
      // cleanup only: a target that does not answer already failed the check
    }
  }

  static JsonNode json(Exchange ex, String what) {
    try {
      JsonNode n = JSON.readTree(ex.body());
      if (n == null || n.isMissingNode()) throw new IOException("empty body");
      return n;
    } catch (IOException e) {
      throw new AssertionError(what + " must be JSON but does not parse: " + e.getMessage() + "\n" + ex, e);
    }
  }

  /** The entry for {@code path} in the {@code streams} array of a subscription or wake. */
  static Optional<JsonNode> link(JsonNode subscriptionOrWake, String path) {
    for (JsonNode s : subscriptionOrWake.path("streams")) {
      if (path.equals(s.path("path").asText(null))) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The {@code acked_offset} of {@code path} in a subscription or wake, or null when it does not list it. */
  static String ackedOffset(JsonNode subscriptionOrWake, String path) {
    return link(subscriptionOrWake, path).map(l -> l.path("acked_offset").asText(null)).orElse(null);
  }

  /** How many entries of the {@code streams} array name {@code path}. */
  static int linkCount(JsonNode subscription, String path) {
    int n = 0;
    for (JsonNode s : subscription.path("streams")) if (path.equals(s.path("path").asText(null))) n++;
    return n;
  }

  /** The tail of a stream as the server reports it (Stream-Next-Offset of a HEAD). */
  static String tail(Target t, String relativePath) {
    Exchange ex = t.head(url(relativePath)).send();
    if (ex.status() != 200) throw new AssertionError("setup: HEAD of " + relativePath + " must answer 200\n" + ex);
    return ex.nextOffset();
  }

  /** Creates a JSON stream holding one message, as the official suite does; returns its path. */
  static String createStream(Target t, String relativePath, String message) {
    t.create(url(relativePath), "application/json", message);
    return relativePath;
  }

  /** Fetches and validates the JWK Set at {@code {root}/__ds/jwks.json}. */
  static Map<String, PublicKey> jwks(Target t) {
    Exchange ex = t.get(JWKS).send();
    if (ex.status() != 200) {
      throw new AssertionError("a server with webhook subscriptions serves its signing keys at GET " + JWKS
          + " (PROTOCOL.md §6.5) but it answered " + ex.status() + "\n" + ex);
    }
    return WebhookSigning.keys(json(ex, "the JWK Set"));
  }

  /** The path part of an absolute callback URL, so that the call goes to the target under test. */
  static String pathOf(String url) {
    URI u = URI.create(url);
    return u.getRawQuery() == null ? u.getRawPath() : u.getRawPath() + "?" + u.getRawQuery();
  }

  /** A callback, ack or release request body for a wake. */
  static ObjectNode wakeRequest(String wakeId, long generation) {
    return object().put("wake_id", wakeId).put("generation", generation);
  }

  /** {@link #wakeRequest} with one ack and done. */
  static ObjectNode ackDone(String wakeId, long generation, String stream, String offset) {
    ObjectNode n = wakeRequest(wakeId, generation);
    n.putArray("acks").addObject().put("stream", stream).put("offset", offset);
    n.put("done", true);
    return n;
  }

  static Exchange postWithToken(Target t, String path, String token, JsonNode body) {
    Target.Call c = t.post(path).contentType("application/json").body(body.toString());
    if (token != null) c.header("Authorization", "Bearer " + token);
    return c.send();
  }

  /**
   * Polls {@code condition} every 50 ms until it holds or {@code timeout} passes; fails naming
   * {@code what} and the last observation.
   */
  static <T> T await(Duration timeout, String what, Supplier<Optional<T>> condition) {
    return await(timeout, () -> what, condition);
  }

  static <T> T await(Duration timeout, Supplier<String> what, Supplier<Optional<T>> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = condition.get();
      if (v.isPresent()) return v.get();
      if (System.nanoTime() > deadline) throw new AssertionError(what.get() + " (waited " + timeout.toMillis() + " ms)");
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what.get() + ": interrupted", e);
      }
    }
  }

  /** Waits until the subscription's acked_offset for {@code path} equals {@code offset}. */
  static JsonNode awaitAcked(Target t, String id, String path, String offset, String rule) {
    JsonNode[] last = new JsonNode[1];
    return await(prompt(), () -> rule + ": the acked_offset of " + path + " must become " + offset + "; the last GET showed " + last[0],
        () -> {
          JsonNode sub = read(t, id);
          last[0] = sub;
          return link(sub, path).filter(l -> offset.equals(l.path("acked_offset").asText(null))).map(l -> sub);
        });
  }

  /** The events of a JSON wake stream that name subscription {@code id}. */
  static java.util.List<JsonNode> wakeEvents(Target t, String wakeStream, String id) {
    Exchange ex = t.get(url(wakeStream)).query("offset", "-1").send();
    if (ex.status() != 200) throw new AssertionError("reading the wake stream " + wakeStream + " must answer 200\n" + ex);
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode e : json(ex, "the wake stream")) if (id.equals(e.path("subscription_id").asText(null))) out.add(e);
    return out;
  }
}
