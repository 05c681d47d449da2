package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expiry of streams and the sliding {@code Stream-TTL} window: what refreshes it, what does not, and
 * how an expired stream answers (PROTOCOL.md §5.1, §5.5).
 *
 * <p>Every check waits on the clock, with TTLs of 1–2 s; the checks are independent and run
 * concurrently, so the class takes a few seconds of wall time.
 */
@Area("TTL expiry")
class TtlExpiryChecks {

  private static final String TEXT = "text/plain";

  /** The TTL of streams whose refresh is checked, and when the refresh happens and is observed. */
  private static final String REFRESH_TTL = "2";
  private static final Duration REFRESH_AT = Duration.ofMillis(1200);
  // Without a refresh the stream expired 300 ms before this; with one it has 900 ms left, room for
  // a late scheduling of this thread on a busy machine.
  private static final Duration OBSERVE_AT = Duration.ofMillis(2300);

  private static Expiry createWithTtl(Target t, String path, String ttl, String body) {
    Expiry clock = Expiry.startNow();
    assertThat(t.put(path).contentType(TEXT).header("Stream-TTL", ttl).body(body).send())
        .as("setup: a stream with Stream-TTL " + ttl)
        .hasStatus(201);
    return clock;
  }

  @ParameterizedTest(name = "{0} after the TTL elapsed")
  @ValueSource(strings = {"HEAD", "GET", "POST"})
  @Check(id = "ttl.expired-404", requirements = {"DS-5.1-18"}, feature = Feature.TTL)
  void idleStreamPastItsTtlAnswers404(String method, Target t) {
    String s = t.newStream("ttl-expire");
    Expiry clock = createWithTtl(t, s, "1", "data");
    Exchange gone = clock.headUntil(t, s, Duration.ofSeconds(1).plus(Expiry.GRACE), 404);
    Exchange ex = switch (method) {
      case "HEAD" -> gone;
      case "GET" -> t.get(s).query("offset", "-1").send();
      default -> t.post(s).contentType(TEXT).body("more").send();
    };
    assertThat(ex)
        .as("a stream left idle past its Stream-TTL has expired: " + method + " is answered 404")
        .hasStatus(404);
  }

  @ParameterizedTest(name = "{0} after Expires-At passed")
  @ValueSource(strings = {"HEAD", "GET", "POST"})
  @Check(id = "ttl.expires-at-passed-404", requirements = {"DS-5.1-18"}, feature = Feature.TTL)
  void streamPastItsExpiresAtAnswers404(String method, Target t) {
    String s = t.newStream("ttl-expires-at");
    Expiry clock = Expiry.startNow();
    // Whole seconds, so that no server rounds the instant; it lies 1 to 2 s ahead.
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofSeconds(2));
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at)).body("data").send())
        .as("setup: a stream expiring in 1 to 2 s")
        .hasStatus(201);
    assertThat(t.head(s).send()).as("the stream is served before its Expires-At").hasStatus(200);
    Exchange gone = clock.headUntil(t, s, Duration.ofSeconds(2).plus(Expiry.GRACE), 404);
    Exchange ex = switch (method) {
      case "HEAD" -> gone;
      case "GET" -> t.get(s).query("offset", "-1").send();
      default -> t.post(s).contentType(TEXT).body("more").send();
    };
    assertThat(ex)
        .as("a stream whose Stream-Expires-At has passed has expired: " + method + " is answered 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "ttl.expires-at-in-past-404", requirements = {"DS-5.1-18"}, feature = Feature.TTL)
  void streamWithAnExpiresAtInThePastIsNotServed(Target t) {
    String s = t.newStream("ttl-past");
    // Whether the PUT is refused or accepted is not specified; either way no stream may be served.
    t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(Instant.now().minusSeconds(60))).body("data").send();
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a stream whose Stream-Expires-At is already in the past is never served (404)")
        .hasStatus(404);
  }

  @Test
  @Check(id = "ttl.recreate-after-expiry-201", requirements = {"DS-5.1-19"}, feature = Feature.TTL)
  void expiredStreamCanBeCreatedAgain(Target t) {
    String s = t.newStream("ttl-recreate");
    Expiry clock = createWithTtl(t, s, "1", "original");
    assertThat(clock.headUntil(t, s, Duration.ofSeconds(1).plus(Expiry.GRACE), 404)).as("setup: the stream expires").hasStatus(404);
    assertThat(t.put(s).contentType(TEXT).body("fresh").send())
        .as("a PUT on the URL of an expired stream creates a new stream (201)")
        .hasStatus(201);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("the re-created stream holds none of the expired stream's data")
        .hasStatus(200)
        .hasBody("fresh");
  }

  @ParameterizedTest(name = "refreshed by {0}")
  @ValueSource(strings = {"catch-up GET", "GET offset=now", "waiting long-poll", "SSE", "POST append",
      "close-only POST", "close-only POST with producer headers"})
  @Check(id = "ttl.sliding-refresh", requirements = {"DS-5.1-13", "DS-5.1-15", "DS-5.1-16"}, feature = Feature.TTL)
  void readsAndWritesRefreshTheSlidingTtl(String operation, Target t) {
    String s = t.newStream("ttl-slide");
    Expiry clock = createWithTtl(t, s, REFRESH_TTL, "data");
    String tail = t.head(s).send().nextOffset();
    clock.sleepUntil(REFRESH_AT);
    refresh(t, s, tail, operation);
    clock.sleepUntil(OBSERVE_AT);
    assertThat(t.head(s).send())
        .as("a " + operation + " restarts the Stream-TTL window: the stream is alive past its original expiry")
        .hasStatus(200);
  }

  private static void refresh(Target t, String s, String tail, String operation) {
    switch (operation) {
      case "catch-up GET" -> assertThat(t.get(s).query("offset", "-1").send()).as("the refreshing read").hasStatus(200);
      case "GET offset=now" -> assertThat(t.get(s).query("offset", "now").send()).as("the refreshing read").hasStatus(200);
      // The TTL restarts when the server begins a live read, so the check need not wait for the answer.
      case "waiting long-poll" -> PendingCall.start(t.get(s).query("offset", Forking.encode(tail)).query("live", "long-poll"));
      case "SSE" -> {
        try (SseEvents sse = new SseEvents(t.get(s).query("offset", "now").query("live", "sse").open())) {
          if (sse.exchange().status() != 200) {
            throw new AssertionError("[the refreshing SSE read is answered 200] status " + sse.exchange().status());
          }
          sse.next(Duration.ofMillis(500));
        }
      }
      case "POST append" -> assertThat(t.post(s).contentType(TEXT).body("more").send()).as("the refreshing append").hasStatus(204);
      case "close-only POST" -> assertThat(t.post(s).header("Stream-Closed", "true").send())
          .as("the refreshing close").hasStatus(204);
      default -> assertThat(t.post(s)
              .header("Producer-Id", "closer").header("Producer-Epoch", "0").header("Producer-Seq", "0")
              .header("Stream-Closed", "true").send())
          .as("the refreshing producer close").isSuccess();
    }
  }

  @Test
  @Check(id = "ttl.head-does-not-refresh", requirements = {"DS-5.1-14"}, feature = Feature.TTL)
  void headDoesNotRefreshTheSlidingTtl(Target t) {
    String s = t.newStream("ttl-head");
    Expiry clock = createWithTtl(t, s, "1", "data");
    // Polling HEAD every 100 ms would keep the stream alive forever if HEAD restarted the window.
    assertThat(clock.headUntil(t, s, Duration.ofSeconds(1).plus(Expiry.GRACE), 404))
        .as("HEAD does not restart the Stream-TTL window: a stream only polled with HEAD expires")
        .hasStatus(404);
  }

  @Test
  @Check(id = "ttl.expires-at-not-extended", requirements = {"DS-5.1-17"}, feature = Feature.TTL)
  void readsAndWritesDoNotExtendExpiresAt(Target t) {
    String s = t.newStream("ttl-fixed");
    Expiry clock = Expiry.startNow();
    Instant created = Instant.now();
    // Whole seconds, so that no server rounds the instant; it lies 2 to 3 s ahead.
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofSeconds(3));
    Duration lifetime = Duration.between(created, at);
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at)).body("data").send())
        .as("setup: a stream expiring in 2 to 3 s")
        .hasStatus(201);
    clock.sleepUntil(lifetime.minusSeconds(1));
    assertThat(t.get(s).query("offset", "-1").send()).as("a read before the expiry").hasStatus(200);
    assertThat(t.post(s).contentType(TEXT).body("more").send()).as("an append before the expiry").hasStatus(204);
    // Were the deadline moved by the read or the append, even by a second, the stream would outlive this wait.
    assertThat(clock.headUntil(t, s, lifetime.plusMillis(800), 404))
        .as("reads and appends do not move a Stream-Expires-At: the stream expires at the given instant")
        .hasStatus(404);
  }
}
