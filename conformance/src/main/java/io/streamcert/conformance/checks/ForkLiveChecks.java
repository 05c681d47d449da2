package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.created;
import static io.streamcert.conformance.checks.Forking.encode;
import static io.streamcert.conformance.checks.Forking.fork;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Live reads of forks: long-poll and SSE serve inherited data at once and then wait only for the
 * fork's own appends (PROTOCOL.md §4.2, §5.7, §5.8).
 */
@Area("Fork live reads")
class ForkLiveChecks {

  private static final String TEXT = "text/plain";

  /** How long an SSE check waits for one event the server already has. */
  private static final Duration EVENT_WAIT = Duration.ofSeconds(2);

  private static Duration pollBudget(Target t) {
    return t.longPollTimeout().plusSeconds(3);
  }

  private static Target.Call longPoll(Target t, String path, String offset) {
    return t.get(path).query("offset", encode(offset)).query("live", "long-poll");
  }

  @Test
  @Check(id = "fork.live-long-poll-inherited-at-once", requirements = {"DS-5.7-18"}, feature = Feature.FORK, also = Feature.LONG_POLL)
  void longPollInsideInheritedDataAnswersAtOnce(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "inherited");
    created(fork(t, dst, src).contentType(TEXT));
    Exchange ex = t.get(dst).query("offset", "-1").query("live", "long-poll").send();
    assertThat(ex)
        .as("a long-poll of a fork inside its inherited data returns that data without waiting")
        .hasStatus(200)
        .hasBody("inherited")
        .hasHeader("Stream-Up-To-Date", "true");
    if (ex.elapsed().compareTo(t.longPollTimeout()) >= 0) {
      throw new AssertionError("[a long-poll of inherited data does not wait] it took " + ex.elapsed().toMillis()
          + " ms, at least the long-poll timeout of " + t.longPollTimeout().toMillis() + " ms\n" + ex);
    }
  }

  @Test
  @Check(id = "fork.live-long-poll-woken-by-fork-append", requirements = {"DS-5.7-19"}, feature = Feature.FORK, also = Feature.LONG_POLL)
  void longPollAtTheForkTailIsWokenByAForkAppend(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    String tail = created(fork(t, dst, src).contentType(TEXT)).nextOffset();
    PendingCall poll = PendingCall.start(longPoll(t, dst, tail));
    t.append(dst, TEXT, "fork-new");
    assertThat(poll.await(pollBudget(t)))
        .as("a long-poll waiting at a fork's tail is answered with the fork's next append")
        .hasStatus(200)
        .hasBody("fork-new");
  }

  @Test
  @Check(id = "fork.live-long-poll-not-woken-by-source", requirements = {"DS-5.7-20"}, feature = Feature.FORK, also = Feature.LONG_POLL)
  void longPollAtTheForkTailIgnoresSourceAppends(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    String tail = created(fork(t, dst, src).contentType(TEXT)).nextOffset();
    PendingCall poll = PendingCall.start(longPoll(t, dst, tail));
    t.append(src, TEXT, "-source-later");
    assertThat(poll.await(pollBudget(t)))
        .as("an append to the source does not answer a long-poll waiting at the fork's tail: it times out with 204 at the same tail")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset", tail)
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.live-long-poll-handover", requirements = {"DS-5.7-21"}, feature = Feature.FORK, also = Feature.LONG_POLL)
  void longPollHandsOverFromInheritedToForkData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source data");
    created(fork(t, dst, src).contentType(TEXT));
    Exchange first = t.get(dst).query("offset", "-1").query("live", "long-poll").send();
    assertThat(first).as("setup: the long-poll returns the inherited data").hasStatus(200).hasBody("source data");
    PendingCall next = PendingCall.start(longPoll(t, dst, first.nextOffset()));
    t.append(dst, TEXT, " fork append");
    assertThat(next.await(pollBudget(t)))
        .as("a long-poll from the offset that ended the inherited data continues with the fork's own data")
        .hasStatus(200)
        .hasBody(" fork append");
  }

  @Test
  @Check(id = "fork.live-sse-inherited-then-own", requirements = {"DS-5.8-37"}, feature = Feature.FORK, also = Feature.SSE)
  void sseOnAForkDeliversInheritedThenOwnData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "inherited;");
    created(fork(t, dst, src).contentType(TEXT));
    t.append(dst, TEXT, "own;");
    try (SseEvents sse = new SseEvents(t.get(dst).query("offset", "-1").query("live", "sse").open())) {
      requireOk(sse);
      String text = dataUntil(sse, "inherited;own;");
      if (!text.equals("inherited;own;")) {
        throw new AssertionError("[SSE over a fork delivers the inherited data, then the fork's own] got data '" + text
            + "' within " + EVENT_WAIT.toMillis() + " ms; events: " + sse.seen());
      }
    }
  }

  @Test
  @Check(id = "fork.live-sse-never-source-appends", requirements = {"DS-5.8-37"}, feature = Feature.FORK, also = Feature.SSE)
  void sseOnAForkNeverDeliversSourceAppends(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "inherited;");
    created(fork(t, dst, src).contentType(TEXT));
    try (SseEvents sse = new SseEvents(t.get(dst).query("offset", "-1").query("live", "sse").open())) {
      requireOk(sse);
      String caughtUp = dataUntil(sse, "inherited;");
      if (!caughtUp.equals("inherited;")) {
        throw new AssertionError("[setup: SSE over a fork first delivers the inherited data] got '" + caughtUp + "'; events: " + sse.seen());
      }
      t.append(src, TEXT, "source-after;");
      t.append(dst, TEXT, "fork-after;");
      String live = dataUntil(sse, "fork-after;");
      if (!live.equals("fork-after;")) {
        throw new AssertionError("[SSE over a fork never delivers source appends made after the fork; the next data is the fork's append]"
            + " got '" + live + "'; events: " + sse.seen());
      }
    }
  }

  private static void requireOk(SseEvents sse) {
    if (sse.exchange().status() != 200) {
      throw new AssertionError("[an SSE read of a fork is answered 200] status was " + sse.exchange().status()
          + " " + sse.exchange().headers());
    }
  }

  /**
   * Concatenates the payloads of {@code data} events until they are as long as {@code expected}
   * (or longer) or no further event arrives in time.
   */
  private static String dataUntil(SseEvents sse, String expected) {
    StringBuilder got = new StringBuilder();
    long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
    while (got.length() < expected.length()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      Optional<SseEvents.Event> e = sse.next(Duration.ofNanos(left));
      if (e.isEmpty()) break;
      if (e.get().type().equals("data")) got.append(e.get().data());
    }
    return got.toString();
  }
}
