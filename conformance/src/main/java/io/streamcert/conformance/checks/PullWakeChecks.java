package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Subscriptions.prompt;
import static io.streamcert.conformance.checks.Subscriptions.ackDone;
import static io.streamcert.conformance.checks.Subscriptions.ackedOffset;
import static io.streamcert.conformance.checks.Subscriptions.action;
import static io.streamcert.conformance.checks.Subscriptions.create;
import static io.streamcert.conformance.checks.Subscriptions.createStream;
import static io.streamcert.conformance.checks.Subscriptions.link;
import static io.streamcert.conformance.checks.Subscriptions.postWithToken;
import static io.streamcert.conformance.checks.Subscriptions.pullWake;
import static io.streamcert.conformance.checks.Subscriptions.read;
import static io.streamcert.conformance.checks.Subscriptions.wakeEvents;
import static io.streamcert.conformance.checks.Subscriptions.wakeRequest;
import static io.streamcert.conformance.checks.WebhookDeliveryChecks.assertFenced;
import static io.streamcert.conformance.checks.WebhookDeliveryChecks.assertRejected;
import static io.streamcert.conformance.checks.WebhookDeliveryChecks.sleep;
import static io.streamcert.conformance.checks.WebhookDeliveryChecks.tamper;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import io.streamcert.fixtures.Feature;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pull-wake subscriptions (PROTOCOL.md §7.2, §7.3): wake events in the application's wake stream,
 * claim, ack as heartbeat, release, and generation fencing of stale workers.
 *
 * <p>Each check's wake stream lives beside, not under, its pattern, so wake events never match.
 */
@Area("Pull-wake")
class PullWakeChecks {

  private static final long LEASE = 600_000;

  /** The lease of the heartbeat checks: heartbeats every 400 ms leave it 1.6 s of slack on a loaded machine. */
  private static final long HEARTBEAT_LEASE = 2_000;

  /** One check's streams: the watched pattern, one stream under it, and the wake stream. */
  record Setup(String id, String pattern, String stream, String wakeStream) {
    static Setup of(Target t, String hint) {
      String p = Subscriptions.prefix(t, hint);
      return new Setup(Subscriptions.newId(t, hint), p + "/events/*", p + "/events/a", p + "/wake");
    }

    /** Creates the wake stream and the subscription, then the watched stream, and waits for the first wake event. */
    JsonNode start(Target t, long leaseTtlMs) {
      t.create(Subscriptions.url(wakeStream), "application/json", "[]");
      create(t, id, pullWake(pattern, wakeStream, leaseTtlMs));
      createStream(t, stream, "{\"event\":\"created\"}");
      return awaitWakeEvents(t, 1, "setup: the new stream's first append writes a wake event to the wake stream").get(0);
    }

    List<JsonNode> awaitWakeEvents(Target t, int atLeast, String rule) {
      List<JsonNode>[] last = new List[1];
      return Subscriptions.await(prompt(), () -> rule + "; the wake stream holds " + (last[0] == null ? "nothing yet" : last[0]),
          () -> {
            last[0] = wakeEvents(t, wakeStream, id);
            return last[0].size() >= atLeast ? Optional.of(last[0]) : Optional.empty();
          });
    }
  }

  /** A successful claim as the server answered it. */
  record Claim(String wakeId, long generation, String token, JsonNode body, Exchange exchange) {
    String tailOf(String path) {
      return link(body, path).map(s -> s.path("tail_offset").asText(null)).filter(s -> s != null)
          .orElseThrow(() -> new AssertionError("a claim lists the pending streams with their tail_offset (DS-7.2-03); " + path + " is missing\n" + exchange));
    }
  }

  static Exchange claimRequest(Target t, String id, String worker) {
    return t.post(action(id, "claim")).contentType("application/json").body("{\"worker\":\"" + worker + "\"}").send();
  }

  /** POST …/ack with {@code token} as the bearer (none when null): a heartbeat, or acks with done. */
  static Exchange ack(Target t, String id, String token, JsonNode body) {
    return postWithToken(t, action(id, "ack"), token, body);
  }

  /** POST …/release with {@code token} as the bearer (none when null). */
  static Exchange release(Target t, String id, String token, JsonNode body) {
    return postWithToken(t, action(id, "release"), token, body);
  }

  static Claim claim(Target t, String id, String worker, String rule) {
    Exchange ex = claimRequest(t, id, worker);
    assertThat(ex).as(rule).hasStatus(200);
    JsonNode b = Subscriptions.json(ex, "the claim answer");
    if (!b.path("wake_id").isTextual() || !b.path("generation").canConvertToLong() || !b.path("token").isTextual()
        || !b.path("streams").isArray()) {
      throw new AssertionError("a claim answers 200 with wake_id, generation, token, streams and lease_ttl_ms (DS-7.2-03)\n" + ex);
    }
    return new Claim(b.path("wake_id").asText(), b.path("generation").asLong(), b.path("token").asText(), b, ex);
  }

  @Test
  @Check(id = "pull-wake.wake-event-appended", requirements = {"DS-7.2-02", "DS-6.2-12"}, feature = Feature.SUBSCRIPTIONS)
  void anAppendWritesAWakeEventToTheWakeStream(Target t) {
    Setup s = Setup.of(t, "pull-event");
    try {
      JsonNode e = s.start(t, LEASE);
      List<String> wrong = new java.util.ArrayList<>();
      if (!"wake".equals(e.path("type").asText(null))) wrong.add("type must be \"wake\"");
      if (!s.stream().equals(e.path("stream").asText(null))) wrong.add("stream must be " + s.stream());
      if (!e.path("generation").canConvertToLong()) wrong.add("generation must be a number");
      if (!e.path("ts").canConvertToLong()) wrong.add("ts must be a number");
      if (!wrong.isEmpty()) {
        throw new AssertionError("a wake event is {type: wake, subscription_id, stream, generation, ts} (DS-7.2-02): " + wrong + "; was " + e);
      }
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.claim-and-already-claimed", requirements = {"DS-7.2-03"}, feature = Feature.SUBSCRIPTIONS)
  void aClaimGrantsTheLeaseToOneWorker(Target t) {
    Setup s = Setup.of(t, "pull-claim");
    try {
      s.start(t, LEASE);
      Claim c = claim(t, s.id(), "worker-1", "a claim of a woken pull-wake subscription answers 200 (DS-7.2-03)");
      c.tailOf(s.stream());
      if (c.body().path("lease_ttl_ms").asLong(-1) != LEASE) {
        throw new AssertionError("a claim answers the lease_ttl_ms of the subscription, " + LEASE + " (DS-7.2-03)\n" + c.exchange());
      }
      Exchange busy = claimRequest(t, s.id(), "worker-2");
      assertThat(busy).as("while worker-1 holds the lease, another claim answers 409 (DS-7.2-03)").hasStatus(409);
      JsonNode err = Subscriptions.json(busy, "the 409 answer").path("error");
      if (!"ALREADY_CLAIMED".equals(err.path("code").asText(null)) || !"worker-1".equals(err.path("current_holder").asText(null))) {
        throw new AssertionError("a claim of a held lease answers {\"error\":{\"code\":\"ALREADY_CLAIMED\",\"current_holder\":\"worker-1\"}} (DS-7.2-03)\n" + busy);
      }
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.ack-heartbeat-then-done", requirements = {"DS-7.2-04", "DS-7.3-03"}, feature = Feature.SUBSCRIPTIONS)
  void acksExtendTheLeaseAndDoneAppliesAndReleases(Target t) {
    Setup s = Setup.of(t, "pull-ack");
    try {
      s.start(t, HEARTBEAT_LEASE);
      Claim c = claim(t, s.id(), "worker-1", "setup: claim");
      // Heartbeats every 400 ms for 3.2 s, well past the 2 s lease (DS-7.3-03).
      for (int i = 0; i < 8; i++) {
        sleep(400);
        Exchange beat = ack(t, s.id(), c.token(), wakeRequest(c.wakeId(), c.generation()));
        assertThat(beat).as("an ack without done is a heartbeat that extends the lease (DS-7.2-04, DS-7.3-03); heartbeat " + (i + 1)
            + " of 8, sent 400 ms after the previous one, under a 2 s lease").hasStatus(200);
      }
      assertThat(claimRequest(t, s.id(), "worker-2")).as("the heartbeats kept the lease: another worker's claim still answers 409 (DS-7.3-03)")
          .hasStatus(409);
      String tail = c.tailOf(s.stream());
      Exchange done = ack(t, s.id(), c.token(), ackDone(c.wakeId(), c.generation(), s.stream(), tail));
      assertThat(done).as("an ack with done answers 200 (DS-7.2-04)").hasStatus(200);
      JsonNode b = Subscriptions.json(done, "the ack answer");
      if (!b.path("ok").asBoolean(false) || !b.path("next_wake").isBoolean() || b.path("next_wake").asBoolean()) {
        throw new AssertionError("an ack with done of everything answers {\"ok\": true, \"next_wake\": false} (DS-7.2-04)\n" + done);
      }
      Exchange afterDone = claimRequest(t, s.id(), "worker-2");
      if (afterDone.status() == 409 && "ALREADY_CLAIMED".equals(Subscriptions.json(afterDone, "the claim answer").path("error").path("code").asText(null))) {
        throw new AssertionError("an ack with done releases the lease (DS-7.2-04), but right after it another worker's claim is refused as"
            + " ALREADY_CLAIMED\n" + afterDone);
      }
      if (afterDone.status() == 200) {
        // A server may grant a claim with nothing pending; give it back so the next wake can be claimed.
        JsonNode granted = Subscriptions.json(afterDone, "the claim answer");
        release(t, s.id(), granted.path("token").asText(),
            wakeRequest(granted.path("wake_id").asText(), granted.path("generation").asLong()));
      }
      String acked = ackedOffset(read(t, s.id()), s.stream());
      if (!tail.equals(acked)) throw new AssertionError("the done ack applies: acked_offset must be " + tail + " but is " + acked + " (DS-7.2-04)");
      int events = wakeEvents(t, s.wakeStream(), s.id()).size();
      t.append(Subscriptions.url(s.stream()), "application/json", "{\"event\":\"after done\"}");
      s.awaitWakeEvents(t, events + 1, "setup: an append after done writes a new wake event");
      claim(t, s.id(), "worker-2", "done released the lease: after a new append another worker's claim answers 200 (DS-7.2-04)");
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.release-frees-and-rewakes", requirements = {"DS-7.2-05", "DS-7.2-06"}, feature = Feature.SUBSCRIPTIONS)
  void releaseFreesTheLeaseWithoutAckingAndWakesAgain(Target t) {
    Setup s = Setup.of(t, "pull-release");
    try {
      s.start(t, LEASE);
      String before = ackedOffset(read(t, s.id()), s.stream());
      Claim c = claim(t, s.id(), "worker-1", "setup: claim");
      int events = wakeEvents(t, s.wakeStream(), s.id()).size();
      Exchange rel = release(t, s.id(), c.token(), wakeRequest(c.wakeId(), c.generation()));
      assertThat(rel).as("POST …/release with the current wake_id and generation answers 204 (DS-7.2-05)").hasStatus(204);
      String after = ackedOffset(read(t, s.id()), s.stream());
      if (before == null || !before.equals(after)) {
        throw new AssertionError("release frees the lease without acking (DS-7.2-05): acked_offset moved from " + before + " to " + after);
      }
      s.awaitWakeEvents(t, events + 1, "work is still pending after the release, so another wake event is written (DS-7.2-06)");
      claim(t, s.id(), "worker-2", "the released lease is free: another worker's claim answers 200 (DS-7.2-05)");
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.stale-ack-and-release-fenced", requirements = {"DS-7.2-07", "DS-7.3-02"}, feature = Feature.SUBSCRIPTIONS)
  void staleAcksAndReleasesAreFenced(Target t) {
    Setup s = Setup.of(t, "pull-stale");
    try {
      s.start(t, LEASE);
      Claim c = claim(t, s.id(), "worker-1", "setup: claim");
      String tail = c.tailOf(s.stream());
      assertFenced(ack(t, s.id(), c.token(), ackDone(c.wakeId(), c.generation() + 1, s.stream(), tail)),
          "an ack naming another generation than the current one is fenced (DS-7.3-02)");
      assertFenced(release(t, s.id(), c.token(), wakeRequest("not-" + c.wakeId(), c.generation())),
          "a release naming another wake_id is fenced (DS-7.3-02)");
      JsonNode ack = ackDone(c.wakeId(), c.generation(), s.stream(), tail);
      assertThat(ack(t, s.id(), c.token(), ack)).as("setup: the real done ack").hasStatus(200);
      assertFenced(ack(t, s.id(), c.token(), ack), "the same ack again is stale: 409 FENCED (DS-7.2-07)");
      assertFenced(release(t, s.id(), c.token(), wakeRequest(c.wakeId(), c.generation())),
          "a release of a finished wake is stale: 409 FENCED (DS-7.2-07)");
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.ack-needs-current-token", requirements = {"DS-7.3-01", "DS-12.9-03"}, feature = Feature.SUBSCRIPTIONS)
  void acksAndReleasesWithoutTheTokenAreRejected(Target t) {
    Setup s = Setup.of(t, "pull-token");
    try {
      s.start(t, LEASE);
      Claim c = claim(t, s.id(), "worker-1", "setup: claim");
      JsonNode ack = ackDone(c.wakeId(), c.generation(), s.stream(), c.tailOf(s.stream()));
      assertRejected(ack(t, s.id(), null, ack), "an ack without Authorization is rejected (DS-7.3-01)");
      assertRejected(ack(t, s.id(), tamper(c.token()), ack), "an ack with another bearer token is rejected (DS-7.3-01)");
      assertRejected(release(t, s.id(), tamper(c.token()), wakeRequest(c.wakeId(), c.generation())),
          "a release with another bearer token is rejected (DS-7.3-01)");
      assertThat(ack(t, s.id(), c.token(), ack)).as("the rejected attempts left the claim intact: the real ack answers 200 (DS-7.3-01)")
          .hasStatus(200);
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.foreign-token-rejected", requirements = {"DS-12.9-03", "DS-7.3-01"}, feature = Feature.SUBSCRIPTIONS)
  void aTokenOfAnotherSubscriptionIsRejected(Target t) {
    Setup a = Setup.of(t, "pull-foreign-a");
    Setup b = Setup.of(t, "pull-foreign-b");
    try {
      a.start(t, LEASE);
      b.start(t, LEASE);
      Claim ca = claim(t, a.id(), "worker-a", "setup: claim of subscription a");
      Claim cb = claim(t, b.id(), "worker-b", "setup: claim of subscription b");
      JsonNode ackB = ackDone(cb.wakeId(), cb.generation(), b.stream(), cb.tailOf(b.stream()));
      assertRejected(ack(t, b.id(), ca.token(), ackB),
          "a token issued for another subscription is rejected even with this wake's wake_id and generation (DS-12.9-03, DS-7.3-01)");
      assertThat(ack(t, b.id(), cb.token(), ackB)).as("the subscription's own token is accepted").hasStatus(200);
    } finally {
      Subscriptions.delete(t, a.id());
      Subscriptions.delete(t, b.id());
    }
  }

  @Test
  @Check(id = "pull-wake.lease-expiry-fences-and-rewakes", requirements = {"DS-7.3-04", "DS-7.3-05", "DS-7.3-03"}, feature = Feature.SUBSCRIPTIONS)
  void anExpiredClaimIsFencedAndThePendingWorkWakesAgain(Target t) {
    Setup s = Setup.of(t, "pull-expiry");
    try {
      s.start(t, 1_000);
      Claim c = claim(t, s.id(), "worker-1", "setup: claim with a 1 s lease");
      int events = wakeEvents(t, s.wakeStream(), s.id()).size();
      s.awaitWakeEvents(t, events + 1, "when the 1 s lease expires with work pending, another wake is scheduled (DS-7.3-05)");
      assertRejected(ack(t, s.id(), c.token(), ackDone(c.wakeId(), c.generation(), s.stream(), c.tailOf(s.stream()))),
          "after the lease expired, the old claim's token is cleared and its ack is rejected (DS-7.3-04)");
      Claim again = claim(t, s.id(), "worker-2", "the expired lease has no holder: another worker's claim answers 200 (DS-7.3-04)");
      if (again.generation() <= c.generation()) {
        throw new AssertionError("the new wake has a higher generation than the expired one (DS-7-02): " + again.generation() + " after " + c.generation());
      }
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }

  @Test
  @Check(id = "pull-wake.deleted-subscription-ack-fails", requirements = {"DS-6.3-06"}, feature = Feature.SUBSCRIPTIONS)
  void acksAndReleasesOfADeletedSubscriptionFail(Target t) {
    Setup s = Setup.of(t, "pull-deleted");
    try {
      s.start(t, LEASE);
      Claim c = claim(t, s.id(), "worker-1", "setup: claim");
      assertThat(t.delete(Subscriptions.subscription(s.id())).send()).as("setup: DELETE of the subscription").hasStatus(204);
      assertRejected(ack(t, s.id(), c.token(), ackDone(c.wakeId(), c.generation(), s.stream(), c.tailOf(s.stream()))),
          "an ack for a deleted subscription fails (DS-6.3-06)");
      assertRejected(release(t, s.id(), c.token(), wakeRequest(c.wakeId(), c.generation())),
          "a release for a deleted subscription fails (DS-6.3-06)");
      assertRejected(claimRequest(t, s.id(), "worker-2"), "a deleted subscription cannot be claimed (DS-6.3-06)");
    } finally {
      Subscriptions.delete(t, s.id());
    }
  }
}
