package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Subscriptions.action;
import static io.streamcert.conformance.checks.Subscriptions.array;
import static io.streamcert.conformance.checks.Subscriptions.create;
import static io.streamcert.conformance.checks.Subscriptions.createStream;
import static io.streamcert.conformance.checks.Subscriptions.encode;
import static io.streamcert.conformance.checks.Subscriptions.link;
import static io.streamcert.conformance.checks.Subscriptions.linkCount;
import static io.streamcert.conformance.checks.Subscriptions.put;
import static io.streamcert.conformance.checks.Subscriptions.read;
import static io.streamcert.conformance.checks.Subscriptions.subscription;
import static io.streamcert.conformance.checks.Subscriptions.tail;
import static io.streamcert.conformance.checks.Subscriptions.webhook;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import io.streamcert.fixtures.Feature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reserved subscription control API (PROTOCOL.md §6): routing of {@code __ds}, create and
 * re-confirm, read and delete, glob patterns with backfill, and explicit membership. Deliveries are
 * in {@link WebhookDeliveryChecks} and {@link PullWakeChecks}.
 *
 * <p>The webhook URL of these subscriptions is a loopback receiver that answers {@code done}; no
 * check here depends on a delivery.
 */
@Area("Subscriptions")
class SubscriptionApiChecks {

  private static final long LEASE = 30_000;

  // --- §6 routing of the reserved prefix ---

  @Test
  @Check(id = "subscriptions.control-prefix-is-routed", requirements = {"DS-6-01"}, feature = Feature.SUBSCRIPTIONS)
  void theReservedPrefixReachesTheControlApi(Target t) {
    String id = Subscriptions.newId(t, "routed");
    String prefix = Subscriptions.prefix(t, "routed");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      Exchange created = put(t, id, webhook(prefix + "/*", hook.url(), LEASE));
      assertThat(created)
          .as("PUT {root}/__ds/subscriptions/:id reaches the subscription API, which answers 201 for a new subscription (DS-6-01)")
          .hasStatus(201)
          .hasNoHeader("Stream-Next-Offset");
      JsonNode body = Subscriptions.json(created, "the answer to a subscription PUT");
      if (!id.equals(body.path("id").asText(null))) {
        throw new AssertionError("the answer to a subscription PUT is the subscription's JSON with its id " + id
            + " (not a stream creation) but was: " + body + "\n" + created);
      }
      assertThat(t.get(Subscriptions.JWKS).send())
          .as("GET {root}/__ds/jwks.json is answered by the control API, not read as a stream (DS-6-01)")
          .hasStatus(200)
          .hasNoHeader("Stream-Next-Offset");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.control-prefix-is-not-a-stream", requirements = {"DS-6-02"}, feature = Feature.SUBSCRIPTIONS)
  void streamsCannotBeCreatedUnderTheReservedPrefix(Target t) {
    String name = Subscriptions.prefix(t, "reserved");
    String path = Subscriptions.CONTROL + "/" + name;
    Exchange ex = t.put(path).contentType("text/plain").body("not a stream").send();
    if (ex.status() / 100 == 2) {
      throw new AssertionError("paths whose first root-relative segment is __ds are reserved (DS-6-02): PUT " + path
          + " must not create a stream, but it answered " + ex.status() + "\n" + ex);
    }
    Exchange head = t.head(path).send();
    if (head.status() == 200 || head.header("Stream-Next-Offset").isPresent()) {
      throw new AssertionError("no stream may exist under the reserved __ds prefix (DS-6-02), but HEAD " + path
          + " answers like a stream\n" + head);
    }
    Exchange append = t.post(Subscriptions.JWKS).contentType("text/plain").body("x").send();
    if (append.status() / 100 == 2 || append.header("Stream-Next-Offset").isPresent()) {
      throw new AssertionError("__ds/jwks.json is not a stream (DS-6-02): an append to it must fail, but it answered "
          + append.status() + "\n" + append);
    }
  }

  // --- §6.2 create and re-confirm ---

  @Test
  @Check(id = "subscriptions.create-201-confirm-200-conflict-409", requirements = {"DS-6.2-03"}, feature = Feature.SUBSCRIPTIONS)
  void createConfirmAndConflictStatuses(Target t) {
    String id = Subscriptions.newId(t, "statuses");
    String prefix = Subscriptions.prefix(t, "statuses");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(prefix + "/*", hook.url(), LEASE).put("description", "streamcert");
      assertThat(put(t, id, config)).as("a new subscription answers 201 Created (DS-6.2-03)").hasStatus(201);
      assertThat(put(t, id, config)).as("the same configuration again re-confirms it: 200 OK (DS-6.2-03)").hasStatus(200);
      ObjectNode other = config.deepCopy().put("description", "streamcert, changed");
      assertThat(put(t, id, other)).as("another configuration under an existing id answers 409 Conflict (DS-6.2-03)").hasStatus(409);
      JsonNode after = read(t, id);
      if (!"streamcert".equals(after.path("description").asText(null))) {
        throw new AssertionError("a 409 on re-confirmation must leave the subscription unchanged (DS-6.2-03), but its description is now "
            + after.path("description") + ": " + after);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.confirm-compares-normalized-config", requirements = {"DS-6.2-04"}, feature = Feature.SUBSCRIPTIONS)
  void reconfirmationComparesTheConfigurationNotTheBytes(Target t) {
    String id = Subscriptions.newId(t, "normalized");
    String prefix = Subscriptions.prefix(t, "normalized");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(prefix + "/*", hook.url(), LEASE).put("description", "same");
      create(t, id, config);
      // The same members in reverse order, with other whitespace: the same configuration.
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) fields.add(it.next());
      StringBuilder reordered = new StringBuilder("{\n");
      for (int i = fields.size() - 1; i >= 0; i--) {
        reordered.append("  ").append(Subscriptions.JSON.valueToTree(fields.get(i).getKey()).toString())
            .append(" :  ").append(fields.get(i).getValue().toString()).append(i > 0 ? ",\n" : "\n");
      }
      reordered.append("}");
      assertThat(put(t, id, reordered.toString()))
          .as("re-confirmation compares a hash of the normalized configuration, so member order and whitespace do not matter: 200 (DS-6.2-04)")
          .hasStatus(200);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  static Stream<Arguments> configChanges() {
    return Stream.of(
        Arguments.of("pattern", (Consumer<ObjectNode>) c -> c.put("pattern", c.path("pattern").asText() + "/*")),
        Arguments.of("webhook.url", (Consumer<ObjectNode>) c -> ((ObjectNode) c.path("webhook")).put("url", c.path("webhook").path("url").asText() + "/other")),
        Arguments.of("lease_ttl_ms", (Consumer<ObjectNode>) c -> c.put("lease_ttl_ms", LEASE + 1000)),
        Arguments.of("description", (Consumer<ObjectNode>) c -> c.put("description", "another description")),
        Arguments.of("streams", (Consumer<ObjectNode>) c -> c.set("streams", array(c.path("pattern").asText().replace("/*", "/explicit")))));
  }

  @ParameterizedTest(name = "a different {0} conflicts")
  @MethodSource("configChanges")
  @Check(id = "subscriptions.confirm-any-difference-409", requirements = {"DS-6.2-04", "DS-6.2-03"}, feature = Feature.SUBSCRIPTIONS)
  void anyConfigurationDifferenceConflicts(String field, Consumer<ObjectNode> change, Target t) {
    String id = Subscriptions.newId(t, "differs");
    String prefix = Subscriptions.prefix(t, "differs");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(prefix + "/*", hook.url(), LEASE).put("description", "original");
      create(t, id, config);
      ObjectNode changed = config.deepCopy();
      change.accept(changed);
      assertThat(put(t, id, changed))
          .as("re-confirming with a different " + field + " is a different configuration: 409 Conflict (DS-6.2-04)")
          .hasStatus(409);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.pattern-or-streams-required", requirements = {"DS-6.2-01"}, feature = Feature.SUBSCRIPTIONS)
  void aSubscriptionNeedsAPatternOrStreams(Target t) {
    String id = Subscriptions.newId(t, "neither");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      Exchange ex = put(t, id, webhook(null, hook.url(), LEASE));
      assertThat(ex).as("a subscription with neither pattern nor streams is rejected (DS-6.2-01)").isClientError();
      assertThat(t.get(subscription(id)).send())
          .as("a rejected subscription does not exist afterwards (DS-6.2-01)")
          .hasStatus(404);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.no-webhook-secret", requirements = {"DS-6.2-05"}, feature = Feature.SUBSCRIPTIONS)
  void noResponseCarriesASigningSecret(Target t) {
    String id = Subscriptions.newId(t, "secret");
    String prefix = Subscriptions.prefix(t, "secret");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(prefix + "/*", hook.url(), LEASE);
      List<Exchange> answers = List.of(put(t, id, config), put(t, id, config), t.get(subscription(id)).send());
      for (Exchange ex : answers) {
        assertThat(ex).as("setup: create, re-confirm and read succeed").isSuccess();
        List<String> secrets = new ArrayList<>();
        collectSecretMembers(Subscriptions.json(ex, "a subscription answer"), "$", secrets);
        if (!secrets.isEmpty()) {
          throw new AssertionError("webhook subscription answers never contain a shared signing secret (DS-6.2-05): "
              + "receivers verify with the public JWKS; found " + secrets + "\n" + ex);
        }
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  /** Members that carry a shared secret or private key material. */
  static void collectSecretMembers(JsonNode n, String at, List<String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
        if (k.contains("secret") || k.equals("d") || k.contains("private")) out.add(at + "." + e.getKey());
        collectSecretMembers(e.getValue(), at + "." + e.getKey(), out);
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) collectSecretMembers(n.get(i), at + "[" + i + "]", out);
    }
  }

  // --- §6.2 patterns and backfill ---

  @Test
  @Check(id = "subscriptions.glob-star-one-segment", requirements = {"DS-6.2-02", "DS-6.2-10"}, feature = Feature.SUBSCRIPTIONS)
  void starMatchesExactlyOneSegment(Target t) {
    String id = Subscriptions.newId(t, "star");
    String p = Subscriptions.prefix(t, "star");
    String one = createStream(t, p + "/a", "{\"n\":1}");
    String two = createStream(t, p + "/a/b", "{\"n\":2}");
    String base = createStream(t, p, "{\"n\":0}");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LEASE));
      JsonNode sub = read(t, id);
      expectLinked(sub, one, true, "'" + p + "/*' matches " + one + ": '*' is exactly one segment (DS-6.2-02), and existing matches are linked (DS-6.2-10)");
      expectLinked(sub, two, false, "'" + p + "/*' must not match " + two + ": '*' never spans two segments (DS-6.2-02)");
      expectLinked(sub, base, false, "'" + p + "/*' must not match " + base + ": '*' is exactly one segment, not zero (DS-6.2-02)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.glob-double-star-any-depth", requirements = {"DS-6.2-02", "DS-6.2-10"}, feature = Feature.SUBSCRIPTIONS)
  void doubleStarMatchesAnyNumberOfSegments(Target t) {
    String id = Subscriptions.newId(t, "dstar");
    String p = Subscriptions.prefix(t, "dstar");
    String one = createStream(t, p + "/x/a", "{\"n\":1}");
    String deep = createStream(t, p + "/x/a/b/c", "{\"n\":3}");
    String sibling = createStream(t, p + "/y/a", "{\"n\":9}");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/x/**", hook.url(), LEASE));
      JsonNode sub = read(t, id);
      expectLinked(sub, one, true, "'" + p + "/x/**' matches " + one + " (DS-6.2-02, DS-6.2-10)");
      expectLinked(sub, deep, true, "'" + p + "/x/**' matches " + deep + ": '**' spans any number of segments (DS-6.2-02)");
      expectLinked(sub, sibling, false, "'" + p + "/x/**' must not match " + sibling + " (DS-6.2-02)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.backfill-links-every-match", requirements = {"DS-6.2-10"}, feature = Feature.SUBSCRIPTIONS)
  void creationLinksEveryExistingMatchingStream(Target t) {
    String id = Subscriptions.newId(t, "backfill");
    String p = Subscriptions.prefix(t, "backfill");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 5; i++) paths.add(createStream(t, p + "/s" + i, "{\"i\":" + i + "}"));
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LEASE));
      JsonNode sub = read(t, id);
      for (String path : paths) {
        expectLinked(sub, path, true, "creating a subscription with a pattern links every existing matching stream (DS-6.2-10)");
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.backfill-at-tail", requirements = {"DS-6.2-11", "DS-6.3-01"}, feature = Feature.SUBSCRIPTIONS)
  void backfilledStreamsAreLinkedAtTheirTail(Target t) {
    String id = Subscriptions.newId(t, "tail");
    String p = Subscriptions.prefix(t, "tail");
    String path = createStream(t, p + "/history", "{\"n\":1}");
    t.append(Subscriptions.url(path), "application/json", "{\"n\":2}");
    String tail = tail(t, path);
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LEASE));
      JsonNode link = link(read(t, id), path).orElseThrow(() -> new AssertionError(
          "an existing matching stream is linked on creation (DS-6.2-10), but " + path + " is not listed"));
      if (!tail.equals(link.path("acked_offset").asText(null))) {
        throw new AssertionError("a backfilled stream is linked at its current tail " + tail
            + " so that history is not replayed (DS-6.2-11), but its acked_offset is " + link.path("acked_offset") + ": " + link);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- §6.3 read and delete ---

  @Test
  @Check(id = "subscriptions.get-shape", requirements = {"DS-6.3-01"}, feature = Feature.SUBSCRIPTIONS)
  void getReturnsTheSubscription(Target t) {
    String id = Subscriptions.newId(t, "get");
    String p = Subscriptions.prefix(t, "get");
    String path = createStream(t, p + "/a", "{}");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), 45_000).put("description", "shape"));
      Exchange ex = t.get(subscription(id)).send();
      assertThat(ex).as("GET of a subscription answers 200 (DS-6.3-01)").hasStatus(200)
          .hasHeaderMatching("Content-Type", "(?i)application/json.*");
      JsonNode sub = Subscriptions.json(ex, "the subscription JSON");
      List<String> wrong = new ArrayList<>();
      expect(wrong, sub, "id", id);
      expect(wrong, sub, "type", "webhook");
      expect(wrong, sub, "pattern", p + "/*");
      expect(wrong, sub, "description", "shape");
      if (sub.path("lease_ttl_ms").asLong(-1) != 45_000) wrong.add("lease_ttl_ms must be 45000 but is " + sub.path("lease_ttl_ms"));
      if (!hook.url().equals(sub.path("webhook").path("url").asText(null))) wrong.add("webhook.url must be " + hook.url() + " but is " + sub.path("webhook").path("url"));
      if (!sub.path("created_at").isTextual() || sub.path("created_at").asText().isBlank()) wrong.add("created_at is missing");
      if (!sub.path("status").isTextual()) wrong.add("status is missing");
      JsonNode link = link(sub, path).orElse(null);
      if (link == null) wrong.add("streams must list " + path);
      else {
        if (!"glob".equals(link.path("link_type").asText(null))) wrong.add("the link of " + path + " must have link_type glob but has " + link.path("link_type"));
        if (!link.path("acked_offset").isTextual()) wrong.add("the link of " + path + " must carry acked_offset");
      }
      if (!wrong.isEmpty()) {
        throw new AssertionError("GET returns the subscription as JSON with id, type, pattern, streams (path, link_type, acked_offset), "
            + "delivery config, lease_ttl_ms, created_at and status (DS-6.3-01): " + wrong + "\n" + ex);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.webhook-signing-metadata", requirements = {"DS-6.3-02", "DS-6.5-01"}, feature = Feature.SUBSCRIPTIONS)
  void signingMetadataNamesAPublishedKey(Target t) {
    String id = Subscriptions.newId(t, "signing");
    String p = Subscriptions.prefix(t, "signing");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      JsonNode created = create(t, id, webhook(p + "/*", hook.url(), LEASE));
      JsonNode signing = created.path("webhook").path("signing");
      if (signing.isMissingNode()) return; // the metadata is optional (MAY); when present it must be right
      if (!"ed25519".equalsIgnoreCase(signing.path("alg").asText(""))) {
        throw new AssertionError("webhook.signing.alg must name ed25519 (DS-6.3-02) but is " + signing.path("alg") + ": " + created);
      }
      String jwksUrl = signing.path("jwks_url").asText("");
      if (!jwksUrl.endsWith("/__ds/jwks.json")) {
        throw new AssertionError("webhook.signing.jwks_url must point to {root}/__ds/jwks.json (DS-6.3-02, DS-6.5-01) but is " + jwksUrl);
      }
      String kid = signing.path("kid").asText("");
      var keys = Subscriptions.jwks(t);
      if (!keys.containsKey(kid)) {
        throw new AssertionError("webhook.signing.kid " + kid + " must name a key of the JWKS (DS-6.3-02), which has " + keys.keySet());
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.delete-204", requirements = {"DS-6.3-05"}, feature = Feature.SUBSCRIPTIONS)
  void deleteTombstonesTheSubscription(Target t) {
    String id = Subscriptions.newId(t, "delete");
    String p = Subscriptions.prefix(t, "delete");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LEASE));
      assertThat(t.delete(subscription(id)).send()).as("DELETE of a subscription answers 204 (DS-6.3-05)").hasStatus(204).hasEmptyBody();
      assertThat(t.get(subscription(id)).send()).as("a deleted subscription is gone: GET answers 404 (DS-6.3-05)").hasStatus(404);
      assertThat(t.post(action(id, "streams")).contentType("application/json").body("{\"streams\":[\"" + p + "/x\"]}").send())
          .as("a deleted subscription takes no new members (DS-6.3-05)")
          .isClientError();
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- §6.4 explicit membership, §6.1 link types ---

  @Test
  @Check(id = "subscriptions.members-add", requirements = {"DS-6.4-01"}, feature = Feature.SUBSCRIPTIONS)
  void addingStreamsLinksThemAtTheirTailIdempotently(Target t) {
    String id = Subscriptions.newId(t, "add");
    String p = Subscriptions.prefix(t, "add");
    String first = createStream(t, p + "/first", "{}");
    String added = createStream(t, p + "/added/deep", "{\"n\":1}");
    t.append(Subscriptions.url(added), "application/json", "{\"n\":2}");
    String tail = tail(t, added);
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(null, hook.url(), LEASE);
      config.set("streams", array(first));
      create(t, id, config);
      String body = Subscriptions.object().set("streams", array(added)).toString();
      assertThat(t.post(action(id, "streams")).contentType("application/json").body(body).send())
          .as("POST …/:id/streams adds explicit links and answers 204 (DS-6.4-01)").hasStatus(204).hasEmptyBody();
      JsonNode sub = read(t, id);
      JsonNode link = link(sub, added).orElseThrow(() -> new AssertionError("an added stream is listed (DS-6.4-01): " + sub));
      if (!"explicit".equals(link.path("link_type").asText(null)) || !tail.equals(link.path("acked_offset").asText(null))) {
        throw new AssertionError("an added stream is an explicit link at its current tail " + tail + " (DS-6.4-01), but is: " + link);
      }
      assertThat(t.post(action(id, "streams")).contentType("application/json").body(body).send())
          .as("adding an already linked stream again is idempotent: 204 (DS-6.4-01)").hasStatus(204);
      int n = linkCount(read(t, id), added);
      if (n != 1) throw new AssertionError("adding a stream twice links it once (DS-6.4-01), but it is listed " + n + " times");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.members-remove", requirements = {"DS-6.4-02"}, feature = Feature.SUBSCRIPTIONS)
  void removingAStreamIsIdempotentAndTakesEncodedSlashes(Target t) {
    String id = Subscriptions.newId(t, "remove");
    String p = Subscriptions.prefix(t, "remove");
    String keep = createStream(t, p + "/keep", "{}");
    String gone = createStream(t, p + "/nested/gone", "{}");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(null, hook.url(), LEASE);
      config.set("streams", array(keep, gone));
      create(t, id, config);
      String del = action(id, "streams") + "/" + encode(gone);
      assertThat(t.delete(del).send()).as("DELETE …/:id/streams/:path (URL-encoded, with a slash) answers 204 (DS-6.4-02)").hasStatus(204);
      JsonNode sub = read(t, id);
      expectLinked(sub, gone, false, "the removed stream " + gone + " is no longer linked (DS-6.4-02)");
      expectLinked(sub, keep, true, "removing one link leaves the others (DS-6.4-02)");
      assertThat(t.delete(del).send()).as("removing an absent link again is idempotent: 204 (DS-6.4-02)").hasStatus(204);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "subscriptions.link-type-explicit-over-glob", requirements = {"DS-6.1-01", "DS-6.4-02"}, feature = Feature.SUBSCRIPTIONS)
  void anExplicitAndGlobLinkShowsExplicitAndTheGlobLinkSurvivesRemoval(Target t) {
    String id = Subscriptions.newId(t, "both");
    String p = Subscriptions.prefix(t, "both");
    String path = createStream(t, p + "/a", "{}");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      ObjectNode config = webhook(p + "/*", hook.url(), LEASE);
      config.set("streams", array(path));
      create(t, id, config);
      JsonNode sub = read(t, id);
      if (linkCount(sub, path) != 1 || !"explicit".equals(link(sub, path).map(l -> l.path("link_type").asText()).orElse(null))) {
        throw new AssertionError("a stream linked both explicitly and by glob is listed once with link_type explicit (DS-6.1-01): " + sub);
      }
      assertThat(t.delete(action(id, "streams") + "/" + encode(path)).send()).as("removing the explicit link").hasStatus(204);
      JsonNode after = read(t, id);
      String type = link(after, path).map(l -> l.path("link_type").asText()).orElse(null);
      if (!"glob".equals(type)) {
        throw new AssertionError("removing the explicit link leaves the glob link while the pattern matches (DS-6.1-01, DS-6.4-02), "
            + "so " + path + " must stay with link_type glob, but it shows " + type + ": " + after);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  static void expectLinked(JsonNode sub, String path, boolean linked, String rule) {
    if (link(sub, path).isPresent() != linked) {
      throw new AssertionError(rule + "; the subscription lists: " + sub.path("streams"));
    }
  }

  private static void expect(List<String> wrong, JsonNode n, String field, String value) {
    if (!value.equals(n.path(field).asText(null))) wrong.add(field + " must be " + value + " but is " + n.path(field));
  }
}
