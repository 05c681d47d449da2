package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Subscriptions.prompt;
import static io.streamcert.conformance.checks.Subscriptions.ackDone;
import static io.streamcert.conformance.checks.Subscriptions.ackedOffset;
import static io.streamcert.conformance.checks.Subscriptions.create;
import static io.streamcert.conformance.checks.Subscriptions.createStream;
import static io.streamcert.conformance.checks.Subscriptions.link;
import static io.streamcert.conformance.checks.Subscriptions.pathOf;
import static io.streamcert.conformance.checks.Subscriptions.postWithToken;
import static io.streamcert.conformance.checks.Subscriptions.read;
import static io.streamcert.conformance.checks.Subscriptions.webhook;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.checks.WebhookReceiver.Delivery;
import io.streamcert.conformance.checks.WebhookReceiver.Reply;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import io.streamcert.fixtures.Feature;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery (PROTOCOL.md §6.5, §7, §7.1, §7.3): the JWK Set, signed wakes, the synchronous
 * {@code done} reply, callbacks with the bearer token, fencing of stale wakes, leases, and retries
 * with exponential backoff.
 *
 * <p>Every receiver is a loopback HTTP server of the suite, so the target must accept
 * {@code http://127.0.0.1:<port>} webhooks (the development exception of §6.2).
 */
@Area("Webhooks")
class WebhookDeliveryChecks {

  /** A lease long enough never to expire during a check (the maximum, 10 minutes). */
  private static final long LONG_LEASE = 600_000;

  /** The settings of one wake as the webhook body carries them. */
  record Wake(String wakeId, long generation, String token, String callbackPath, JsonNode body, Delivery delivery) {
    static Wake of(Delivery d) {
      JsonNode b = d.json();
      List<String> missing = new ArrayList<>();
      for (String f : List.of("subscription_id", "wake_id", "generation", "streams", "callback_url", "callback_token")) {
        if (b.path(f).isMissingNode() || b.path(f).isNull()) missing.add(f);
      }
      if (!missing.isEmpty() || !b.path("generation").canConvertToLong() || !b.path("streams").isArray()) {
        throw new AssertionError("a webhook wake is JSON with subscription_id, wake_id, generation (a number), streams, callback_url and"
            + " callback_token (DS-7.1-01); missing or malformed: " + missing + "\n" + d);
      }
      return new Wake(b.path("wake_id").asText(), b.path("generation").asLong(), b.path("callback_token").asText(),
          pathOf(b.path("callback_url").asText()), b, d);
    }

    String tailOf(String path) {
      return link(body, path).map(s -> s.path("tail_offset").asText(null)).filter(s -> s != null)
          .orElseThrow(() -> new AssertionError("the wake must list stream " + path + " with its tail_offset (DS-7.1-01)\n" + delivery));
    }
  }

  private static Wake nextWake(WebhookReceiver hook, String what) {
    return Wake.of(hook.next(prompt(), what));
  }

  /**
   * The setup most webhook checks share: subscribes {@code id} to {@code prefix/*} with deliveries
   * to {@code hook}, creates the stream {@code prefix/a} and returns the wake that stream causes.
   */
  private static Wake firstWake(Target t, String id, String prefix, WebhookReceiver hook, long leaseTtlMs) {
    create(t, id, webhook(prefix + "/*", hook.url(), leaseTtlMs));
    createStream(t, prefix + "/a", "{\"n\":1}");
    return nextWake(hook, "setup: a wake for the new stream");
  }

  // --- §6.5 key discovery ---

  @Test
  @Check(id = "webhooks.jwks-served", requirements = {"DS-6.5-01", "DS-6.5-05", "DS-6.5-07"}, feature = Feature.SUBSCRIPTIONS)
  void theJwksPublishesEd25519PublicKeys(Target t) {
    Exchange ex = t.get(Subscriptions.JWKS).send();
    assertThat(ex).as("GET {root}/__ds/jwks.json serves the webhook signing keys (DS-6.5-01)")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/jwk-set\\+json\\s*(;.*)?");
    // kty/crv/x shape (DS-6.5-01), unique kids (DS-6.5-05), no private member d (DS-6.5-07)
    WebhookSigning.keys(Subscriptions.json(ex, "the JWK Set"));
  }

  @Test
  @Check(id = "webhooks.jwks-kid-stable", requirements = {"DS-6.5-04"}, feature = Feature.SUBSCRIPTIONS)
  void aKidKeepsNamingTheSameKey(Target t) {
    Map<String, PublicKey> first = Subscriptions.jwks(t);
    Map<String, PublicKey> second = Subscriptions.jwks(t);
    for (var e : first.entrySet()) {
      PublicKey again = second.get(e.getKey());
      if (again != null && !again.equals(e.getValue())) {
        throw new AssertionError("a kid is stable for its key's lifetime (DS-6.5-04), but kid " + e.getKey() + " named another key on a second fetch");
      }
    }
    if (java.util.Collections.disjoint(first.keySet(), second.keySet())) {
      throw new AssertionError("two JWKS fetches in a row share no kid (first " + first.keySet() + ", then " + second.keySet()
          + "): kids must be stable (DS-6.5-04)");
    }
  }

  // --- §7.1 the wake request ---

  @Test
  @Check(id = "webhooks.wake-shape", requirements = {"DS-7.1-01", "DS-6.2-12", "DS-7-01"}, feature = Feature.SUBSCRIPTIONS)
  void aNewMatchingStreamIsDeliveredAsAWake(Target t) {
    String id = Subscriptions.newId(t, "wake");
    String p = Subscriptions.prefix(t, "wake");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      String path = createStream(t, p + "/new", "{\"event\":\"created\"}");
      Delivery d = hook.next(prompt(), "a stream created under the pattern is linked before its first append and wakes the subscription"
          + " (DS-6.2-12, DS-7-01)");
      if (!"POST".equals(d.method())) throw new AssertionError("wakes are POSTed to webhook.url (DS-7.1-01) but the method was " + d.method());
      if (!d.header("Content-Type").map(v -> v.toLowerCase().startsWith("application/json")).orElse(false)) {
        throw new AssertionError("a wake is JSON (DS-7.1-01): Content-Type must be application/json\n" + d);
      }
      if (d.header("Webhook-Signature").isEmpty()) throw new AssertionError("every wake carries a Webhook-Signature header (DS-7.1-01)\n" + d);
      Wake w = Wake.of(d);
      if (!id.equals(w.body().path("subscription_id").asText())) {
        throw new AssertionError("the wake names its subscription " + id + " (DS-7.1-01)\n" + d);
      }
      if (!w.callbackPath().equals(Subscriptions.action(id, "callback"))) {
        throw new AssertionError("callback_url is {root}/__ds/subscriptions/" + id + "/callback (DS-7.1-01) but was "
            + w.body().path("callback_url") + "\n" + d);
      }
      w.tailOf(path);
      if (w.token().isBlank()) throw new AssertionError("the wake carries a callback_token (DS-7.1-01)\n" + d);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.signature-verifies", requirements = {"DS-7.1-02"}, feature = Feature.SUBSCRIPTIONS)
  void everyWakeIsSignedWithAPublishedKey(Target t) {
    String id = Subscriptions.newId(t, "signed");
    String p = Subscriptions.prefix(t, "signed");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      Map<String, PublicKey> keys = Subscriptions.jwks(t);
      String path = createStream(t, p + "/a", "{\"n\":1}");
      Delivery first = hook.next(prompt(), "setup: a wake for the new stream");
      t.append(Subscriptions.url(path), "application/json", "{\"n\":2}");
      Delivery second = hook.next(prompt(), "setup: a second wake after the first was done");
      long now = System.currentTimeMillis() / 1000;
      for (Delivery d : List.of(first, second)) {
        String header = d.header("Webhook-Signature").orElse(null);
        Optional<String> problem = WebhookSigning.problem(header, d.body(), keys);
        if (problem.isPresent()) {
          throw new AssertionError("Webhook-Signature is an Ed25519 signature over '<t>.<raw body>' by a key of {root}/__ds/jwks.json"
              + " (DS-7.1-02): " + problem.get() + "\n" + d);
        }
        long ts = WebhookSigning.parse(header).timestamp();
        if (Math.abs(ts - now) > 300) {
          throw new AssertionError("t= is the signing time in unix seconds (DS-7.1-02), but " + ts + " is more than 5 minutes from now ("
              + now + "); receivers would reject it as a replay\n" + d);
        }
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- §7.1 done, callback ---

  @Test
  @Check(id = "webhooks.done-acks-snapshot", requirements = {"DS-7.1-04"}, feature = Feature.SUBSCRIPTIONS)
  void aDoneReplyAcksTheWakeSnapshot(Target t) {
    String id = Subscriptions.newId(t, "done");
    String p = Subscriptions.prefix(t, "done");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.done())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, LONG_LEASE);
      Subscriptions.awaitAcked(t, id, path, w.tailOf(path), "a {\"done\":true} reply acks the tail offsets of the wake snapshot (DS-7.1-04)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.done-releases-lease", requirements = {"DS-7.1-05", "DS-7-02"}, feature = Feature.SUBSCRIPTIONS)
  void aDoneReplyReleasesTheLease(Target t) {
    String id = Subscriptions.newId(t, "release");
    String p = Subscriptions.prefix(t, "release");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.done())) {
      // A 10-minute lease: if done did not release it, no second wake could come within the check.
      String path = p + "/a";
      Wake first = firstWake(t, id, p, hook, LONG_LEASE);
      Subscriptions.awaitAcked(t, id, path, first.tailOf(path), "setup: the done reply acks the snapshot");
      t.append(Subscriptions.url(path), "application/json", "{\"n\":2}");
      Wake second = nextWake(hook, "a {\"done\":true} reply releases the lease (DS-7.1-05), so the next append wakes the subscription"
          + " again without waiting for the 10-minute lease to expire");
      checkNewWake(first, second);
      String acked = ackedOffset(second.body(), path);
      if (acked != null && !acked.equals(first.tailOf(path))) {
        throw new AssertionError("acks are inclusive (DS-7-02): after the first wake's snapshot " + first.tailOf(path)
            + " was acked, the next wake shows acked_offset " + acked + "\n" + second.delivery());
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.events-after-snapshot-wake-again", requirements = {"DS-7.1-06", "DS-7-02"}, feature = Feature.SUBSCRIPTIONS)
  void eventsArrivingDuringAWakeCauseAnotherWake(Target t) {
    String id = Subscriptions.newId(t, "during");
    String p = Subscriptions.prefix(t, "during");
    String path = p + "/a";
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.done())) {
      // The first delivery appends to the stream before it answers done: that event is after the snapshot.
      boolean[] appended = new boolean[1];
      hook.behave(d -> {
        if (!appended[0]) {
          appended[0] = true;
          t.append(Subscriptions.url(path), "application/json", "{\"event\":\"during the wake\"}");
        }
        return Reply.done();
      });
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      createStream(t, path, "{\"event\":\"created\"}");
      Wake first = nextWake(hook, "setup: a wake for the new stream");
      Wake second = nextWake(hook, "an event that arrived after a done wake's snapshot triggers another wake (DS-7.1-06)");
      checkNewWake(first, second);
      String tail = Subscriptions.tail(t, path);
      Subscriptions.awaitAcked(t, id, path, tail, "the second wake covers the event that arrived during the first and its done acks it (DS-7.1-06)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.callback-acks", requirements = {"DS-7.1-07"}, feature = Feature.SUBSCRIPTIONS)
  void aCallbackWithTheTokenAcks(Target t) {
    String id = Subscriptions.newId(t, "callback");
    String p = Subscriptions.prefix(t, "callback");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, LONG_LEASE);
      Exchange cb = postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation(), path, w.tailOf(path)));
      assertThat(cb).as("POST …/callback with the bearer token, the current wake_id/generation and acks answers 200 (DS-7.1-07)").hasStatus(200);
      JsonNode body = Subscriptions.json(cb, "the callback answer");
      if (!body.path("ok").asBoolean(false) || !body.path("next_wake").isBoolean()) {
        throw new AssertionError("a callback answers {\"ok\": true, \"next_wake\": <bool>} (DS-7.1-07)\n" + cb);
      }
      if (body.path("next_wake").asBoolean()) {
        throw new AssertionError("with everything acked there is no pending work, so next_wake is false (DS-7.1-07)\n" + cb);
      }
      JsonNode sub = read(t, id);
      String acked = ackedOffset(sub, path);
      if (!w.tailOf(path).equals(acked)) {
        throw new AssertionError("the callback's acks apply: acked_offset of " + path + " must be " + w.tailOf(path) + " but is " + acked
            + " (DS-7.1-07): " + sub);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.stale-callback-fenced", requirements = {"DS-7.1-08", "DS-7.3-02"}, feature = Feature.SUBSCRIPTIONS)
  void aRepeatedCallbackOfAFinishedWakeIsFenced(Target t) {
    String id = Subscriptions.newId(t, "stale");
    String p = Subscriptions.prefix(t, "stale");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, LONG_LEASE);
      JsonNode ack = ackDone(w.wakeId(), w.generation(), path, w.tailOf(path));
      assertThat(postWithToken(t, w.callbackPath(), w.token(), ack)).as("setup: the first callback finishes the wake").hasStatus(200);
      assertFenced(postWithToken(t, w.callbackPath(), w.token(), ack),
          "the same callback again names a finished wake: 409 {\"error\":{\"code\":\"FENCED\"}} (DS-7.1-08)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.wrong-generation-or-wake-fenced", requirements = {"DS-7.3-02", "DS-7.1-08"}, feature = Feature.SUBSCRIPTIONS)
  void aCallbackForAnotherWakeIsFencedAndChangesNothing(Target t) {
    String id = Subscriptions.newId(t, "fence");
    String p = Subscriptions.prefix(t, "fence");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      String path = createStream(t, p + "/a", "{\"event\":\"created\"}");
      String before = link(read(t, id), path).map(l -> l.path("acked_offset").asText()).orElse(null);
      Wake w = nextWake(hook, "setup: a wake for the new stream");
      String tail = w.tailOf(path);
      assertFenced(postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation() - 1, path, tail)),
          "a callback with an older generation than the current wake's is fenced (DS-7.3-02)");
      assertFenced(postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation() + 1, path, tail)),
          "a callback with a generation that is not the current wake's is fenced (DS-7.3-02)");
      assertFenced(postWithToken(t, w.callbackPath(), w.token(), ackDone("not-" + w.wakeId(), w.generation(), path, tail)),
          "a callback with another wake_id is fenced (DS-7.3-02)");
      String after = link(read(t, id), path).map(l -> l.path("acked_offset").asText()).orElse(null);
      if (before != null && !before.equals(after)) {
        throw new AssertionError("fenced callbacks apply nothing (DS-7.3-02): acked_offset moved from " + before + " to " + after);
      }
      assertThat(postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation(), path, tail)))
          .as("fenced attempts leave the current wake usable: its own callback still answers 200 (DS-7.3-02)")
          .hasStatus(200);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.callback-needs-current-token", requirements = {"DS-7.3-01", "DS-12.9-03"}, feature = Feature.SUBSCRIPTIONS)
  void aCallbackWithoutTheCurrentTokenIsRejected(Target t) {
    String id = Subscriptions.newId(t, "token");
    String p = Subscriptions.prefix(t, "token");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake first = firstWake(t, id, p, hook, LONG_LEASE);
      String before = link(read(t, id), path).map(l -> l.path("acked_offset").asText()).orElse(null);
      JsonNode ack = ackDone(first.wakeId(), first.generation(), path, first.tailOf(path));
      assertRejected(postWithToken(t, first.callbackPath(), null, ack), "a callback without Authorization is rejected (DS-7.3-01)");
      assertRejected(postWithToken(t, first.callbackPath(), tamper(first.token()), ack),
          "a callback whose bearer token is not the one issued is rejected (DS-7.3-01)");
      String after = link(read(t, id), path).map(l -> l.path("acked_offset").asText()).orElse(null);
      if (before != null && !before.equals(after)) {
        throw new AssertionError("rejected callbacks apply nothing (DS-7.3-01): acked_offset moved from " + before + " to " + after);
      }
      assertThat(postWithToken(t, first.callbackPath(), first.token(), ack)).as("setup: the real callback finishes the first wake").hasStatus(200);
      t.append(Subscriptions.url(path), "application/json", "{\"n\":2}");
      Wake second = nextWake(hook, "setup: the next append wakes the subscription again");
      checkNewWake(first, second);
      if (!second.token().equals(first.token())) {
        assertRejected(postWithToken(t, second.callbackPath(), first.token(),
                ackDone(second.wakeId(), second.generation(), path, second.tailOf(path))),
            "a token issued for an earlier generation is not valid for the current wake (DS-7.3-01)");
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.token-only-in-authorization", requirements = {"DS-12.9-01"}, feature = Feature.SUBSCRIPTIONS)
  void theCallbackTokenTravelsInTheAuthorizationHeaderOnly(Target t) {
    String id = Subscriptions.newId(t, "bearer");
    String p = Subscriptions.prefix(t, "bearer");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, LONG_LEASE);
      String callbackUrl = w.body().path("callback_url").asText();
      if (callbackUrl.contains(w.token()) || w.delivery().path().contains(w.token())) {
        throw new AssertionError("callback tokens never travel in URLs (DS-12.9-01), but the token appears in "
            + (callbackUrl.contains(w.token()) ? "callback_url " + callbackUrl : "the webhook request URL " + w.delivery().path()));
      }
      JsonNode ack = ackDone(w.wakeId(), w.generation(), path, w.tailOf(path));
      String enc = Subscriptions.encode(w.token());
      Exchange inQuery = t.post(w.callbackPath() + "?token=" + enc + "&access_token=" + enc)
          .contentType("application/json").body(ack.toString()).send();
      assertRejected(inQuery, "a token in the URL instead of the Authorization header is not accepted (DS-12.9-01)");
      assertThat(postWithToken(t, w.callbackPath(), w.token(), ack))
          .as("the same token as Authorization: Bearer is accepted (DS-12.9-01)")
          .hasStatus(200);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.deleted-subscription-callback-fails", requirements = {"DS-6.3-06"}, feature = Feature.SUBSCRIPTIONS)
  void aCallbackForADeletedSubscriptionFails(Target t) {
    String id = Subscriptions.newId(t, "deleted");
    String p = Subscriptions.prefix(t, "deleted");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, LONG_LEASE);
      assertThat(t.delete(Subscriptions.subscription(id)).send()).as("setup: DELETE of the subscription").hasStatus(204);
      assertRejected(postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation(), path, w.tailOf(path))),
          "a callback for a deleted subscription fails (DS-6.3-06)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- §7 one wake at a time, §7.3 leases ---

  @Test
  @Check(id = "webhooks.one-wake-in-flight", requirements = {"DS-7-01", "DS-7-02"}, feature = Feature.SUBSCRIPTIONS)
  void noSecondWakeWhileOneIsInFlightAndPendingWorkWakesAfterIt(Target t) {
    String id = Subscriptions.newId(t, "inflight");
    String p = Subscriptions.prefix(t, "inflight");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake first = firstWake(t, id, p, hook, LONG_LEASE);
      for (int i = 2; i <= 4; i++) t.append(Subscriptions.url(path), "application/json", "{\"n\":" + i + "}");
      // Bounded negative observation: while the lease is held no new wake starts (DS-7-01).
      Optional<Delivery> extra = hook.poll(Duration.ofMillis(1500));
      if (extra.isPresent()) {
        Wake x = Wake.of(extra.get());
        if (!x.wakeId().equals(first.wakeId())) {
          throw new AssertionError("a new wake starts only when no wake is in flight and no lease is held (DS-7-01), but wake "
              + x.wakeId() + " came while wake " + first.wakeId() + " holds its 10-minute lease\n" + extra.get());
        }
      }
      Exchange cb = postWithToken(t, first.callbackPath(), first.token(), ackDone(first.wakeId(), first.generation(), path, first.tailOf(path)));
      assertThat(cb).as("setup: the callback finishes the first wake").hasStatus(200);
      if (!Subscriptions.json(cb, "the callback answer").path("next_wake").asBoolean(false)) {
        throw new AssertionError("events after the acked offset are pending, so the callback answers next_wake: true (DS-7.1-07, DS-7-01)\n" + cb);
      }
      Wake second = nextWake(hook, "with the stream's tail past its acked_offset and the lease released, a new wake starts (DS-7-01)");
      checkNewWake(first, second);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.lease-expiry-fences-and-rewakes", requirements = {"DS-7.3-04", "DS-7.3-05", "DS-7.3-03"}, feature = Feature.SUBSCRIPTIONS)
  void anExpiredLeaseFencesItsTokenAndWakesAgain(Target t) {
    String id = Subscriptions.newId(t, "expiry");
    String p = Subscriptions.prefix(t, "expiry");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      // The shortest lease the spec allows: 1 s from wake issue (DS-7.3-03).
      String path = p + "/a";
      Wake first = firstWake(t, id, p, hook, 1_000);
      Wake second = nextWake(hook, "when the 1 s lease of an unfinished wake expires with work pending, another wake is scheduled (DS-7.3-05)");
      checkNewWake(first, second);
      Exchange late = postWithToken(t, first.callbackPath(), first.token(), ackDone(first.wakeId(), first.generation(), path, first.tailOf(path)));
      assertRejected(late, "after its lease expired, the old wake's token and wake are no longer valid (DS-7.3-04)");
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @Test
  @Check(id = "webhooks.callbacks-extend-lease", requirements = {"DS-7.3-03"}, feature = Feature.SUBSCRIPTIONS)
  void callbacksWithoutDoneKeepTheLease(Target t) {
    String id = Subscriptions.newId(t, "heartbeat");
    String p = Subscriptions.prefix(t, "heartbeat");
    try (WebhookReceiver hook = WebhookReceiver.answering(Reply.accepted())) {
      String path = p + "/a";
      Wake w = firstWake(t, id, p, hook, 2_000);
      // Heartbeats every 400 ms for 3.2 s, well past the 2 s lease.
      for (int i = 0; i < 8; i++) {
        sleep(400);
        Exchange beat = postWithToken(t, w.callbackPath(), w.token(), Subscriptions.wakeRequest(w.wakeId(), w.generation()));
        assertThat(beat).as("a valid callback without done extends the webhook lease (DS-7.3-03); heartbeat " + (i + 1)
            + " of 8, sent 400 ms after the previous one, under a 2 s lease").hasStatus(200);
      }
      List<Delivery> others = hook.deliveries().stream().filter(d -> !Wake.of(d).wakeId().equals(w.wakeId())).toList();
      if (!others.isEmpty()) {
        throw new AssertionError("while callbacks keep extending the lease it does not expire, so no other wake starts (DS-7.3-03)\n" + others.get(0));
      }
      assertThat(postWithToken(t, w.callbackPath(), w.token(), ackDone(w.wakeId(), w.generation(), path, w.tailOf(path))))
          .as("the extended lease still holds: the wake's final callback answers 200 (DS-7.3-03)")
          .hasStatus(200);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- §7.1 retries, §6.3 status ---

  /**
   * Retry timing against the spec's schedule: 1 s, then 2 s (doubling up to 60 s), each ±20 %
   * jitter. Bounded to the first three attempts (about 3 s). A retry may not come early; lateness
   * is allowed up to {@link #LATE} for scheduling on a loaded machine.
   */
  @Test
  @Check(id = "webhooks.retry-backoff", requirements = {"DS-7.1-09"}, feature = Feature.SUBSCRIPTIONS)
  void failedDeliveriesAreRetriedWithExponentialBackoff(Target t) {
    String id = Subscriptions.newId(t, "retry");
    String p = Subscriptions.prefix(t, "retry");
    try (WebhookReceiver hook = WebhookReceiver.start(d -> d.index() <= 2 ? Reply.fail() : Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      createStream(t, p + "/a", "{\"n\":1}");
      Delivery a1 = hook.next(prompt(), "setup: a wake for the new stream");
      Delivery a2 = hook.next(Duration.ofMillis(1200 + LATE), "a failed delivery is retried after about 1 s (DS-7.1-09)");
      Delivery a3 = hook.next(Duration.ofMillis(2400 + LATE), "a second failure is retried after about 2 s (DS-7.1-09)");
      long d1 = (a2.arrivedNanos() - a1.arrivedNanos()) / 1_000_000;
      long d2 = (a3.arrivedNanos() - a2.arrivedNanos()) / 1_000_000;
      if (d1 < 800 || d1 > 1200 + LATE) {
        throw new AssertionError("the first retry comes 1 s ±20% after the failure (DS-7.1-09), but came after " + d1 + " ms");
      }
      if (d2 < 1600 || d2 > 2400 + LATE) {
        throw new AssertionError("backoff is exponential: the second retry comes 2 s ±20% after the first (DS-7.1-09), but came after " + d2 + " ms");
      }
      if (!Wake.of(a1).wakeId().equals(Wake.of(a3).wakeId())) {
        throw new AssertionError("a retry delivers the same wake again, not a new one (DS-7.1-09)\n" + a1 + "\n" + a3);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  /** Scheduling slack allowed after a retry's latest due time. */
  static final long LATE = 1000;

  @Test
  @Check(id = "webhooks.status-failed-while-retrying", requirements = {"DS-6.3-04"}, feature = Feature.SUBSCRIPTIONS)
  void statusIsFailedWhileARetryIsScheduledAndActiveAfterSuccess(Target t) {
    String id = Subscriptions.newId(t, "status");
    String p = Subscriptions.prefix(t, "status");
    // Two failures in a row: the status must read 'failed' for the 2.4 s at least before the third attempt can succeed.
    try (WebhookReceiver hook = WebhookReceiver.start(d -> d.index() <= 2 ? Reply.fail() : Reply.done())) {
      create(t, id, webhook(p + "/*", hook.url(), LONG_LEASE));
      String status = read(t, id).path("status").asText(null);
      if (!"active".equals(status)) throw new AssertionError("a new subscription whose delivery works is 'active' (DS-6.3-04) but is " + status);
      String path = createStream(t, p + "/a", "{\"n\":1}");
      hook.next(prompt(), "setup: a wake for the new stream (the receiver fails it)");
      Subscriptions.await(Duration.ofMillis(2000), "after a failed delivery, while its retry is scheduled, the status is 'failed' (DS-6.3-04)",
          () -> Optional.of(read(t, id)).filter(s -> "failed".equals(s.path("status").asText())));
      hook.next(prompt(), "setup: the first retry (the receiver fails it too)");
      Wake retried = nextWake(hook, "setup: the second retry of the failed delivery");
      Subscriptions.awaitAcked(t, id, path, retried.tailOf(path), "setup: the retry succeeds with done");
      status = read(t, id).path("status").asText(null);
      if (!"active".equals(status)) {
        throw new AssertionError("once a delivery works again the status is back to 'active' (DS-6.3-04) but is " + status);
      }
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  // --- helpers ---

  static void checkNewWake(Wake first, Wake second) {
    if (second.wakeId().equals(first.wakeId())) {
      throw new AssertionError("each wake has a unique wake_id (DS-7-02), but the next wake reused " + first.wakeId() + "\n" + second.delivery());
    }
    if (second.generation() <= first.generation()) {
      throw new AssertionError("generations increase monotonically per subscription (DS-7-02), but wake " + second.wakeId() + " has generation "
          + second.generation() + " after " + first.generation() + "\n" + second.delivery());
    }
  }

  static void assertFenced(Exchange ex, String rule) {
    assertThat(ex).as(rule).hasStatus(409);
    String code = Subscriptions.json(ex, "the 409 answer").path("error").path("code").asText(null);
    if (!"FENCED".equals(code)) throw new AssertionError(rule + ": the body must be {\"error\":{\"code\":\"FENCED\"}} but the code was " + code + "\n" + ex);
  }

  static void assertRejected(Exchange ex, String rule) {
    assertThat(ex).as(rule).isClientError();
  }

  /** The token with its first character changed (the first character of base64 carries only data bits). */
  static String tamper(String token) {
    char first = token.charAt(0);
    return (first == 'a' ? 'b' : 'a') + token.substring(1);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static Set<String> wakeIds(List<Delivery> ds) {
    Set<String> out = new HashSet<>();
    for (Delivery d : ds) out.add(Wake.of(d).wakeId());
    return out;
  }
}
