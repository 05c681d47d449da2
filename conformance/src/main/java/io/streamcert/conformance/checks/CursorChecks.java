package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents.Event;
import io.streamcert.conformance.kit.Target;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-generated cursors of live responses: Stream-Cursor on long-poll, streamCursor in SSE
 * control events (PROTOCOL.md §10.1 "Server-Generated Cursors", with §5.7 and §5.8).
 */
@Area("Cursors")
class CursorChecks {

  private static final String TEXT = "text/plain";
  private static final String DECIMAL = "[0-9]+";
  private static final long EPOCH_MILLIS = Instant.parse("2024-10-09T00:00:00Z").toEpochMilli();
  private static final long INTERVAL_MILLIS = 20_000;

  // --- shape ---

  @Test
  @Check(id = "cursor.long-poll-200-decimal", requirements = {"DS-5.7-07", "DS-10.1-15"}, feature = Feature.LONG_POLL)
  void longPollDataCursorIsADecimalInteger(Target t) {
    assertThat(LiveWire.longPoll(t, streamWithData(t), "-1").send())
        .as("Stream-Cursor on a long-poll 200 is a decimal integer")
        .hasStatus(200)
        .hasHeaderMatching("Stream-Cursor", DECIMAL);
  }

  @Test
  @Check(id = "cursor.long-poll-204-decimal", requirements = {"DS-5.7-10", "DS-10.1-15"}, feature = Feature.LONG_POLL)
  void longPollTimeoutCursorIsADecimalInteger(Target t) {
    String s = t.newStream("cursor-idle");
    String tail = t.create(s, TEXT, null).nextOffset();
    assertThat(LiveWire.longPoll(t, s, tail).send())
        .as("Stream-Cursor on a long-poll 204 is a decimal integer")
        .hasStatus(204)
        .hasHeaderMatching("Stream-Cursor", DECIMAL);
  }

  @Test
  @Check(id = "cursor.sse-decimal", requirements = {"DS-5.8-23", "DS-10.1-15"}, feature = Feature.SSE)
  void sseStreamCursorIsADecimalInteger(Target t) {
    try (SseReader r = SseReader.open(t, streamWithData(t), "-1")) {
      String rule = "streamCursor in SSE control events is a decimal integer string";
      List<Event> controls = SseReader.controls(r.readUntilCaughtUp(rule));
      Assertions.assertThat(controls).as(r.rule(rule)).isNotEmpty();
      for (Event c : controls) {
        Assertions.assertThat(r.control(c, rule).path("streamCursor").asText("")).as(r.rule(rule)).matches(DECIMAL);
      }
    }
  }

  @Test
  @Check(id = "cursor.interval-since-epoch", requirements = {"DS-10.1-14", "DS-5.7-07"}, feature = Feature.LONG_POLL)
  void aFreshCursorIsTheNumberOfTwentySecondIntervalsSinceTheEpoch(Target t) {
    String s = streamWithData(t);
    long before = interval(System.currentTimeMillis());
    Exchange ex = LiveWire.longPoll(t, s, "-1").send();
    long after = interval(System.currentTimeMillis());
    BigInteger cursor = cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor");
    Assertions.assertThat(cursor)
        .as("without a client cursor, Stream-Cursor is the number of 20 s intervals since 2024-10-09T00:00:00Z ("
            + before + (after != before ? " or " + after : "") + " by this machine's clock, one interval of skew allowed)\n" + ex)
        .isBetween(BigInteger.valueOf(before - 1), BigInteger.valueOf(after + 1));
  }

  // --- progression ---

  @ParameterizedTest(name = "client cursor = current + {0}")
  @ValueSource(longs = {0, 1, 1000})
  @Check(id = "cursor.long-poll-collision-jitter", requirements = {"DS-5.7-07", "DS-10.1-17"}, feature = Feature.LONG_POLL)
  void aCursorAtOrAheadOfTheCurrentIntervalComesBackGreater(long ahead, Target t) {
    String s = streamWithData(t);
    BigInteger current = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    BigInteger sent = current.add(BigInteger.valueOf(ahead));
    Exchange ex = LiveWire.longPoll(t, s, "-1").query("cursor", sent.toString()).send();
    Assertions.assertThat(cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor"))
        .as("a client cursor at or ahead of the current interval (" + sent + ") comes back strictly greater\n" + ex)
        .isGreaterThan(sent);
  }

  @Test
  @Check(id = "cursor.jitter-bounded", requirements = {"DS-5.7-07", "DS-10.1-17"}, feature = Feature.LONG_POLL)
  void theJitterAddedToAnEchoedCursorStaysWithinAnHour(Target t) {
    String s = streamWithData(t);
    BigInteger current = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    BigInteger sent = current.add(BigInteger.valueOf(50));
    Exchange ex = LiveWire.longPoll(t, s, "-1").query("cursor", sent.toString()).send();
    // Jitter is 1-3600 s; whether counted in seconds or in 20 s intervals, it adds at most 3600.
    Assertions.assertThat(cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor"))
        .as("the cursor returned for an echoed cursor " + sent + " adds a jitter of at most 3600 s\n" + ex)
        .isBetween(sent.add(BigInteger.ONE), sent.add(BigInteger.valueOf(3600)));
  }

  @Test
  @Check(id = "cursor.long-poll-stale-cursor", requirements = {"DS-5.7-07", "DS-10.1-16"}, feature = Feature.LONG_POLL)
  void aStaleCursorComesBackAsAtLeastTheCurrentInterval(Target t) {
    String s = streamWithData(t);
    BigInteger current = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    BigInteger stale = current.subtract(BigInteger.valueOf(100)).max(BigInteger.ZERO);
    Exchange ex = LiveWire.longPoll(t, s, "-1").query("cursor", stale.toString()).send();
    Assertions.assertThat(cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor"))
        .as("a client echoing an old cursor (" + stale + ") gets one no lower than the current interval " + current + "\n" + ex)
        .isGreaterThanOrEqualTo(current);
  }

  @Test
  @Check(id = "cursor.echo-chain-increases", requirements = {"DS-5.7-07", "DS-10.1-16", "DS-10.1-17"}, feature = Feature.LONG_POLL)
  void aClientThatEchoesItsCursorSeesItStrictlyIncrease(Target t) {
    String s = streamWithData(t);
    BigInteger previous = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    for (int i = 0; i < 5; i++) {
      Exchange ex = LiveWire.longPoll(t, s, "-1").query("cursor", previous.toString()).send();
      BigInteger next = cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor");
      Assertions.assertThat(next)
          .as("echoing each received cursor yields a strictly greater one (round " + (i + 1) + " echoed " + previous + ")\n" + ex)
          .isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  @Check(id = "cursor.never-backwards", requirements = {"DS-5.7-07", "DS-10.1-16"}, feature = Feature.LONG_POLL)
  void successiveCursorsNeverGoBackwards(Target t) {
    String s = streamWithData(t);
    BigInteger first = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    Exchange ex = LiveWire.longPoll(t, s, "-1").send();
    Assertions.assertThat(cursor(ex, "a long-poll 200 carries a decimal Stream-Cursor"))
        .as("a later long-poll never gets a cursor lower than an earlier one (" + first + ")\n" + ex)
        .isGreaterThanOrEqualTo(first);
  }

  @Test
  @Check(id = "cursor.long-poll-204-jitter", requirements = {"DS-5.7-10", "DS-10.1-17"}, feature = Feature.LONG_POLL)
  void aLongPollTimeoutAlsoAdvancesAnEchoedCursor(Target t) {
    String s = t.newStream("cursor-idle");
    String tail = t.create(s, TEXT, "x").nextOffset();
    BigInteger current = cursor(LiveWire.longPoll(t, s, "-1").send(), "a long-poll 200 carries a decimal Stream-Cursor");
    Exchange ex = LiveWire.longPoll(t, s, tail).query("cursor", current.toString()).send();
    assertThat(ex).as("an idle long-poll answers 204").hasStatus(204);
    Assertions.assertThat(cursor(ex, "a long-poll 204 carries a decimal Stream-Cursor"))
        .as("a long-poll 204 answering an echoed current cursor " + current + " returns a strictly greater one\n" + ex)
        .isGreaterThan(current);
  }

  @ParameterizedTest(name = "client cursor = current + {0}")
  @ValueSource(longs = {0, 500})
  @Check(id = "cursor.sse-collision-jitter", requirements = {"DS-5.8-23", "DS-10.1-17"}, feature = Feature.SSE)
  void sseAdvancesAnEchoedCursorAtOrAheadOfTheCurrentInterval(long ahead, Target t) {
    String s = streamWithData(t);
    BigInteger current;
    try (SseReader first = SseReader.open(t, s, "-1")) {
      List<Event> events = first.readUntilCaughtUp("SSE control events carry streamCursor");
      current = decimal(first.control(events.get(events.size() - 1), "control events are JSON").path("streamCursor").asText(""),
          first, "SSE control events carry a decimal streamCursor");
    }
    BigInteger sent = current.add(BigInteger.valueOf(ahead));
    try (SseReader r = SseReader.open(t, LiveWire.sse(t, s, "-1").query("cursor", sent.toString()))) {
      String rule = "SSE with a client cursor at or ahead of the current interval (" + sent + ") sends a strictly greater streamCursor";
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        Assertions.assertThat(decimal(r.control(c, rule).path("streamCursor").asText(""), r, rule)).as(r.rule(rule)).isGreaterThan(sent);
      }
    }
  }

  @Test
  @Check(id = "cursor.sse-never-backwards", requirements = {"DS-5.8-23", "DS-10.1-16"}, feature = Feature.SSE)
  void sseCursorsNeverGoBackwardsWithinAConnection(Target t) {
    String s = streamWithData(t);
    for (int i = 0; i < 3; i++) t.append(s, TEXT, "more-" + i + "|");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "streamCursor never decreases from one control event to the next";
      BigInteger previous = BigInteger.ZERO;
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        BigInteger next = decimal(r.control(c, rule).path("streamCursor").asText(""), r, rule);
        Assertions.assertThat(next).as(r.rule(rule)).isGreaterThanOrEqualTo(previous);
        previous = next;
      }
    }
  }

  // --- helpers ---

  private static String streamWithData(Target t) {
    String s = t.newStream("cursor");
    t.create(s, TEXT, "data|");
    return s;
  }

  private static long interval(long epochMillis) {
    return Math.max(0, (epochMillis - EPOCH_MILLIS) / INTERVAL_MILLIS);
  }

  /** The response's Stream-Cursor as a number, failing with the evidence when it is absent or not decimal. */
  private static BigInteger cursor(Exchange ex, String rule) {
    assertThat(ex).as(rule).hasHeaderMatching("Stream-Cursor", DECIMAL);
    return new BigInteger(ex.header("Stream-Cursor").orElseThrow());
  }

  private static BigInteger decimal(String value, SseReader r, String rule) {
    if (!value.matches(DECIMAL)) throw r.failure(rule, "streamCursor must be a decimal integer but was '" + value + "'");
    return new BigInteger(value);
  }
}
