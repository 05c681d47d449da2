package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscription engine's rules (§6, §7), driven with a manual clock and a recording transport. */
class SubscriptionsTest {

  private static final String WEBHOOK = "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"webhook\":{\"url\":\"" + Harness.HOOK
      + "\"},\"lease_ttl_ms\":1000}";

  private static SubscriptionException code(Throwable t) {
    return (SubscriptionException) t;
  }

  private static Map<String, Object> ackBody(Map<String, Object> wake, String stream, String offset, boolean done) {
    return Map.of("wake_id", wake.get("wake_id"), "generation", wake.get("generation"),
        "acks", offset == null ? List.of() : List.of(Map.of("stream", stream, "offset", offset)), "done", done);
  }

  @Test
  void createConfirmAndConflictCompareTheNormalizedConfiguration() throws Exception {
    Harness h = new Harness();
    assertThat(h.put("s1", "{\"type\":\"webhook\",\"streams\":[\"b\",\"a\",\"/a/\"],\"webhook\":{\"url\":\"" + Harness.HOOK + "\"}}").created())
        .isTrue();
    assertThat(h.put("s1", "{\"type\":\"webhook\",\"streams\":[\"a\",\"b\"],\"webhook\":{\"url\":\"" + Harness.HOOK + "\"},"
        + "\"lease_ttl_ms\":30000}").created()).as("same config after normalization").isFalse();
    assertThatThrownBy(() -> h.put("s1", "{\"type\":\"webhook\",\"streams\":[\"a\",\"b\"],\"webhook\":{\"url\":\"" + Harness.HOOK
        + "\"},\"description\":\"other\"}"))
        .satisfies(t -> {
          assertThat(code(t).status()).isEqualTo(409);
          assertThat(code(t).code()).isEqualTo("SUBSCRIPTION_ALREADY_EXISTS");
        });
    Map<String, Object> view = h.get("s1");
    assertThat(view.get("type")).isEqualTo("webhook");
    assertThat(view.toString()).doesNotContain("secret");
    @SuppressWarnings("unchecked")
    Map<String, Object> signing = (Map<String, Object>) ((Map<String, Object>) view.get("webhook")).get("signing");
    assertThat(signing.get("kid")).isEqualTo(h.signer.kid());
    assertThat(signing.get("jwks_url")).isEqualTo("http://127.0.0.1:4437/v1/stream/__ds/jwks.json");
  }

  @Test
  void creationBackfillsMatchingStreamsAtTheirTailWithoutWaking() throws Exception {
    Harness h = new Harness();
    h.create("events/a", "text/plain", "history");
    h.create("events/a/deeper", "text/plain", "x");
    h.create("other/a", "text/plain", "x");
    h.put("s", WEBHOOK);
    assertThat(h.link("s", "events/a")).containsEntry("acked_offset", h.tail("events/a")).containsEntry("link_type", "glob");
    assertThat(h.link("s", "events/a/deeper")).isNull();
    assertThat(h.link("s", "other/a")).isNull();
    assertThat(h.sent).as("backfilled history is not replayed").isEmpty();
    h.put("deep", WEBHOOK.replace("events/*", "events/**"));
    assertThat(h.link("deep", "events/a/deeper")).isNotNull();
  }

  @Test
  void aNewMatchingStreamIsLinkedBeforeItsDataAndWakesASignedWebhook() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/new", "application/json", "{\"event\":\"created\"}");
    assertThat(h.sent).hasSize(1);
    Harness.Sent wake = h.last();
    assertThat(wake.url().toString()).isEqualTo(Harness.HOOK);
    assertThat(Harness.verifies(h.signer, wake.headers().get("Webhook-Signature"), wake.body())).isTrue();
    byte[] tampered = wake.body().clone();
    tampered[tampered.length - 2] ^= 1;
    assertThat(Harness.verifies(h.signer, wake.headers().get("Webhook-Signature"), tampered)).isFalse();
    Map<String, Object> body = wake.json();
    assertThat(body.get("subscription_id")).isEqualTo("s");
    assertThat(body.get("generation")).isEqualTo(1L);
    assertThat(body.get("callback_url")).isEqualTo("http://127.0.0.1:4437/v1/stream/__ds/subscriptions/s/callback");
    assertThat(body.get("callback_token")).isInstanceOf(String.class);
    assertThat(body.get("streams").toString()).contains("path=events/new", "has_pending=true", "tail_offset=" + h.tail("events/new"),
        "acked_offset=0000000000000000_0000000000000000");
  }

  @Test
  void aDoneReplyAcksTheWakeSnapshotAndLaterDataWakesAgain() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    String tail = h.tail("events/x");
    h.last().reply(200, "{\"done\":true}");
    assertThat(h.link("s", "events/x")).containsEntry("acked_offset", tail);
    assertThat(h.sent).hasSize(1);
    h.append("events/x", "text/plain", "two");
    assertThat(h.sent).hasSize(2);
    assertThat(h.last().json().get("generation")).isEqualTo(2L);
  }

  @Test
  void aCallbackAcksAndAStaleOneIsFenced() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    h.last().reply(200, "{}");
    String token = (String) wake.get("callback_token");
    Map<String, Object> ok = h.engine.callback("s", token, ackBody(wake, "events/x", h.tail("events/x"), true));
    assertThat(ok).containsEntry("ok", true).containsEntry("next_wake", false);
    assertThat(h.link("s", "events/x")).containsEntry("acked_offset", h.tail("events/x"));
    assertThatThrownBy(() -> h.engine.callback("s", token, ackBody(wake, "events/x", h.tail("events/x"), true)))
        .satisfies(t -> {
          assertThat(code(t).status()).isEqualTo(409);
          assertThat(code(t).code()).isEqualTo("FENCED");
        });
    assertThatThrownBy(() -> h.engine.callback("s", "forged." + token, ackBody(wake, "events/x", null, false)))
        .satisfies(t -> assertThat(code(t).status()).isEqualTo(401));
    assertThatThrownBy(() -> h.engine.callback("s", null, ackBody(wake, "events/x", null, false)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("TOKEN_INVALID"));
  }

  @Test
  void aCallbackWithAWrongGenerationOrWakeIdIsFencedAndAcksNothing() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    String token = (String) wake.get("callback_token");
    String tail = h.tail("events/x");
    Map<String, Object> wrongGen = Map.of("wake_id", wake.get("wake_id"), "generation", 7L,
        "acks", List.of(Map.of("stream", "events/x", "offset", tail)), "done", true);
    Map<String, Object> wrongWake = Map.of("wake_id", "w_other", "generation", wake.get("generation"),
        "acks", List.of(Map.of("stream", "events/x", "offset", tail)), "done", true);
    for (Map<String, Object> req : List.of(wrongGen, wrongWake)) {
      assertThatThrownBy(() -> h.engine.callback("s", token, req)).satisfies(t -> assertThat(code(t).code()).isEqualTo("FENCED"));
    }
    assertThat(h.link("s", "events/x")).containsEntry("acked_offset", "0000000000000000_0000000000000000");
  }

  @Test
  void acksAreCheckedAgainstTheLinkAndTheTail() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    String token = (String) wake.get("callback_token");
    assertThatThrownBy(() -> h.engine.callback("s", token, ackBody(wake, "events/x", "0000000000000000_0000000000000099", false)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("INVALID_OFFSET"));
    assertThatThrownBy(() -> h.engine.callback("s", token, ackBody(wake, "events/unlinked", h.tail("events/x"), false)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("INVALID_OFFSET"));
    h.engine.callback("s", token, ackBody(wake, "events/x", h.tail("events/x"), false));
    assertThatThrownBy(() -> h.engine.callback("s", token, ackBody(wake, "events/x", "0000000000000000_0000000000000000", false)))
        .as("acks never regress")
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("INVALID_OFFSET"));
  }

  @Test
  void workArrivingDuringAWakeTriggersTheNextWakeWhenItIsDone() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    String snapshotTail = h.tail("events/x");
    h.last().reply(200, "{}");
    h.append("events/x", "text/plain", "two");
    assertThat(h.sent).as("no second wake while one is in flight").hasSize(1);
    Map<String, Object> r = h.engine.callback("s", (String) wake.get("callback_token"), ackBody(wake, "events/x", snapshotTail, true));
    assertThat(r).containsEntry("next_wake", true);
    assertThat(h.sent).hasSize(2);
    Map<String, Object> next = h.last().json();
    assertThat(next.get("generation")).isEqualTo(2L);
    assertThat(next.get("wake_id")).isNotEqualTo(wake.get("wake_id"));
  }

  @Test
  void anExpiredLeaseFencesTheOldTokenAndWakesAgain() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    h.last().reply(200, "{}");
    h.clock.addAndGet(999);
    h.engine.tick();
    assertThat(h.sent).as("the lease still runs").hasSize(1);
    h.clock.addAndGet(1);
    h.engine.tick();
    assertThat(h.sent).hasSize(2);
    assertThat(h.last().json().get("generation")).isEqualTo(2L);
    assertThatThrownBy(() -> h.engine.callback("s", (String) wake.get("callback_token"), ackBody(wake, "events/x", null, true)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("FENCED"));
  }

  @Test
  void aCallbackExtendsTheLease() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    h.last().reply(200, "{}");
    h.clock.addAndGet(900);
    h.engine.callback("s", (String) wake.get("callback_token"), ackBody(wake, "events/x", null, false));
    h.clock.addAndGet(900);
    h.engine.tick();
    assertThat(h.sent).as("the heartbeat moved the expiry to 1900 ms").hasSize(1);
    h.clock.addAndGet(100);
    h.engine.tick();
    assertThat(h.sent).hasSize(2);
  }

  @Test
  void failedDeliveriesAreRetriedWithExponentialBackoffAndStatusFailed() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    long t0 = h.clock.get();
    h.last().reply(500, "oops");
    Map<String, Object> view = h.get("s");
    assertThat(view.get("status")).isEqualTo("failed");
    assertThat(view.get("next_attempt_at")).isEqualTo(java.time.Instant.ofEpochMilli(t0 + 1000).toString());
    h.clock.addAndGet(999);
    h.engine.tick();
    assertThat(h.sent).hasSize(1);
    h.clock.addAndGet(1);
    h.engine.tick();
    assertThat(h.sent).hasSize(2);
    assertThat(h.last().json().get("generation")).as("a retry re-sends the same wake").isEqualTo(1L);
    h.last().answer().completeExceptionally(new java.net.ConnectException("refused"));
    assertThat(h.get("s").get("next_attempt_at")).isEqualTo(java.time.Instant.ofEpochMilli(h.clock.get() + 2000).toString());
    h.clock.addAndGet(2000);
    h.engine.tick();
    h.last().reply(200, "{\"done\":true}");
    assertThat(h.get("s").get("status")).isEqualTo("active");
    assertThat(h.get("s")).doesNotContainKey("next_attempt_at");
  }

  @Test
  void pullWakeWritesWakeEventsAndLeasesThroughClaimAckAndRelease() throws Exception {
    Harness h = new Harness();
    h.create("wake/pool", "application/json", "[]");
    h.put("p", "{\"type\":\"pull-wake\",\"pattern\":\"events/*\",\"wake_stream\":\"wake/pool\",\"lease_ttl_ms\":1000}");
    assertThatThrownBy(() -> h.engine.claim("p", Harness.parse("{\"worker\":\"w1\"}")))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("NO_PENDING_WORK"));
    h.create("events/p", "application/json", "{\"e\":1}");
    String events = new String(readAll(h, "wake/pool"), StandardCharsets.UTF_8);
    assertThat(events).contains("\"type\":\"wake\"", "\"subscription_id\":\"p\"", "\"stream\":\"events/p\"", "\"generation\":1");
    Map<String, Object> claim = h.engine.claim("p", Harness.parse("{\"worker\":\"w1\"}"));
    assertThat(claim).containsKeys("wake_id", "token", "streams").containsEntry("generation", 1L).containsEntry("lease_ttl_ms", 1000L);
    assertThatThrownBy(() -> h.engine.claim("p", Harness.parse("{\"worker\":\"w2\"}")))
        .satisfies(t -> {
          assertThat(code(t).code()).isEqualTo("ALREADY_CLAIMED");
          assertThat(Json.writeString(code(t).body())).contains("\"current_holder\":\"w1\"");
        });
    String token = (String) claim.get("token");
    h.clock.addAndGet(900);
    assertThat(h.engine.ack("p", token, ackBody(claim, "events/p", null, false))).containsEntry("ok", true);
    h.clock.addAndGet(900);
    h.engine.tick();
    assertThatThrownBy(() -> h.engine.claim("p", Harness.parse("{\"worker\":\"w2\"}")))
        .as("the ack was a heartbeat")
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("ALREADY_CLAIMED"));
    assertThat(h.engine.ack("p", token, ackBody(claim, "events/p", h.tail("events/p"), true)))
        .containsEntry("ok", true).containsEntry("next_wake", false);
    h.append("events/p", "application/json", "{\"e\":2}");
    Map<String, Object> claim2 = h.engine.claim("p", Harness.parse("{\"worker\":\"w1\"}"));
    assertThat(claim2.get("generation")).isEqualTo(2L);
    h.engine.release("p", (String) claim2.get("token"), ackBody(claim2, "events/p", null, false));
    assertThat(new String(readAll(h, "wake/pool"), StandardCharsets.UTF_8))
        .as("work still pending after a release wakes again").contains("\"generation\":3");
    assertThatThrownBy(() -> h.engine.release("p", (String) claim2.get("token"), ackBody(claim2, "events/p", null, false)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("FENCED"));
  }

  @Test
  void anExpiredPullLeaseFreesTheClaim() throws Exception {
    Harness h = new Harness();
    h.create("wake/pool", "application/json", "[]");
    h.put("p", "{\"type\":\"pull-wake\",\"streams\":[\"jobs/1\"],\"wake_stream\":\"wake/pool\",\"lease_ttl_ms\":1000}");
    h.create("jobs/1", "text/plain", "job");
    Map<String, Object> claim = h.engine.claim("p", Harness.parse("{\"worker\":\"w1\"}"));
    h.clock.addAndGet(1000);
    h.engine.tick();
    Map<String, Object> again = h.engine.claim("p", Harness.parse("{\"worker\":\"w2\"}"));
    assertThat(again.get("generation")).isEqualTo(2L);
    assertThatThrownBy(() -> h.engine.ack("p", (String) claim.get("token"), ackBody(claim, "jobs/1", null, true)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("FENCED"));
  }

  @Test
  void explicitAndGlobLinksAreTrackedSeparately() throws Exception {
    Harness h = new Harness();
    h.create("events/a", "text/plain", "x");
    h.put("s", "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"streams\":[\"events/a\",\"manual/a\"],\"webhook\":{\"url\":\""
        + Harness.HOOK + "\"}}");
    assertThat(h.link("s", "events/a")).containsEntry("link_type", "explicit");
    assertThat(h.link("s", "manual/a")).containsEntry("link_type", "explicit").containsEntry("acked_offset", "-1");
    h.engine.removeStream("s", "events/a");
    assertThat(h.link("s", "events/a")).as("the glob link stays").containsEntry("link_type", "glob");
    h.engine.removeStream("s", "events/a");
    h.engine.removeStream("s", "manual/a");
    h.engine.removeStream("s", "manual/a");
    assertThat(h.link("s", "manual/a")).isNull();
    h.engine.addStreams("s", List.of("manual/b", "manual/b"));
    assertThat(h.link("s", "manual/b")).containsEntry("link_type", "explicit");
    assertThatThrownBy(() -> h.engine.addStreams("missing", List.of("x")))
        .satisfies(t -> assertThat(code(t).status()).isEqualTo(404));
  }

  @Test
  void deletedStreamsLoseGlobLinksAndExplicitLinksStartOver() throws Exception {
    Harness h = new Harness();
    h.create("events/g", "text/plain", "x");
    h.create("events/e", "text/plain", "x");
    h.put("s", "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"streams\":[\"events/e\"],\"webhook\":{\"url\":\""
        + Harness.HOOK + "\"}}");
    h.streams.delete(Harness.ROOT + "events/g");
    h.streams.delete(Harness.ROOT + "events/e");
    assertThat(h.link("s", "events/g")).isNull();
    assertThat(h.link("s", "events/e")).containsEntry("link_type", "explicit").containsEntry("acked_offset", "-1");
    h.create("events/e", "text/plain", "again");
    assertThat(h.sent).as("the re-created stream's data is new work").hasSize(1);
  }

  @Test
  void aPullWakeSubscriptionNeverLinksItsOwnWakeStream() throws Exception {
    Harness h = new Harness();
    h.create("wake/all", "application/json", "[]");
    h.put("p", "{\"type\":\"pull-wake\",\"pattern\":\"**\",\"wake_stream\":\"wake/all\"}");
    assertThat(h.link("p", "wake/all")).isNull();
    h.create("jobs/1", "text/plain", "x");
    Map<String, Object> claim = h.engine.claim("p", Harness.parse("{\"worker\":\"w\"}"));
    h.engine.ack("p", (String) claim.get("token"), ackBody(claim, "jobs/1", h.tail("jobs/1"), true));
    assertThat(h.link("p", "wake/all")).as("its own wake events are not work").isNull();
    assertThatThrownBy(() -> h.engine.claim("p", Harness.parse("{\"worker\":\"w\"}")))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("NO_PENDING_WORK"));
  }

  @Test
  void aDeletedSubscriptionRefusesCallbacksAndKeepsNothing() throws Exception {
    Harness h = new Harness();
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    h.engine.delete("s");
    h.engine.delete("s");
    assertThatThrownBy(() -> h.engine.callback("s", (String) wake.get("callback_token"), ackBody(wake, "events/x", h.tail("events/x"), true)))
        .satisfies(t -> assertThat(code(t).code()).isEqualTo("SUBSCRIPTION_NOT_FOUND"));
    assertThat(h.store.load()).isEmpty();
    assertThat(h.put("s", WEBHOOK).created()).as("the id can be used again").isTrue();
    assertThat(h.link("s", "events/x")).containsEntry("acked_offset", h.tail("events/x"));
  }

  @Test
  void stateSurvivesARestartOfTheEngine(@TempDir java.nio.file.Path dir) throws Exception {
    Harness h = new Harness(new FileSubscriptionStore(dir), Fencing.STRICT, 0.5);
    h.create("events/x", "text/plain", "one");
    h.put("s", WEBHOOK);
    h.append("events/x", "text/plain", "two");
    Map<String, Object> wake = h.last().json();
    h.last().reply(503, "busy");
    String kid = h.signer.kid();
    Map<String, Object> before = h.get("s");

    Harness after = new Harness(new FileSubscriptionStore(dir), Fencing.STRICT, 0.5);
    assertThat(after.signer.kid()).as("the signing key survives").isEqualTo(kid);
    Map<String, Object> reloaded = after.get("s");
    assertThat(reloaded).as("links, acked offsets, generation, status and retry schedule").isEqualTo(before);
    assertThat(reloaded.get("status")).isEqualTo("failed");
    assertThat(reloaded.get("next_attempt_at")).isNotNull();
    assertThat(reloaded.get("generation")).isEqualTo(wake.get("generation"));
    assertThat(after.link("s", "events/x")).containsEntry("acked_offset", "0000000000000000_0000000000000003");
  }

  @Test
  void theRetryScheduleAndTokensSurviveARestart(@TempDir java.nio.file.Path dir) throws Exception {
    Harness h = new Harness(new FileSubscriptionStore(dir), Fencing.STRICT, 0.5);
    h.put("s", "{\"type\":\"webhook\",\"streams\":[\"jobs/1\"],\"webhook\":{\"url\":\"" + Harness.HOOK + "\"},\"lease_ttl_ms\":1000}");
    h.create("jobs/1", "text/plain", "job");
    h.last().reply(500, "down");
    long due = h.clock.get() + 1000;

    // A second engine over the same state (the first is abandoned, as after a crash).
    Harness restarted = new Harness(new FileSubscriptionStore(dir), Fencing.STRICT, 0.5);
    restarted.clock.set(h.clock.get());
    restarted.create("jobs/1", "text/plain", "job");
    restarted.sent.clear();
    restarted.clock.set(due - 1);
    restarted.engine.tick();
    assertThat(restarted.sent).as("the persisted retry is not due yet").isEmpty();
    restarted.clock.set(due);
    restarted.engine.tick();
    assertThat(restarted.sent).hasSize(1);
    Map<String, Object> wake = restarted.last().json();
    assertThat(Harness.verifies(h.signer, restarted.last().headers().get("Webhook-Signature"), restarted.last().body()))
        .as("signed with the key published before the restart").isTrue();
    Map<String, Object> ok = restarted.engine.callback("s", (String) wake.get("callback_token"),
        ackBody(wake, "jobs/1", restarted.tail("jobs/1"), true));
    assertThat(ok).containsEntry("ok", true);
  }

  @Test
  void theFencingSeamDecidesStaleness() throws Exception {
    Harness h = new Harness(new MemorySubscriptionStore(), (cur, tg, tid, w, g) -> null, 0.5);
    h.put("s", WEBHOOK);
    h.create("events/x", "text/plain", "one");
    Map<String, Object> wake = h.last().json();
    String token = (String) wake.get("callback_token");
    h.engine.callback("s", token, ackBody(wake, "events/x", h.tail("events/x"), true));
    assertThat(h.engine.callback("s", token, ackBody(wake, "events/x", h.tail("events/x"), true)))
        .as("a server without fencing accepts the stale callback").containsEntry("ok", true);
  }

  private static byte[] readAll(Harness h, String path) {
    io.streamcert.reference.stream.StreamState s = h.streams.openForRead(Harness.ROOT + path);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    h.streams.read(s, 0, s.snapshot().tail(), Long.MAX_VALUE, (array, off, len, end, whole) -> out.write(array, off, len));
    return out.toByteArray();
  }
}
