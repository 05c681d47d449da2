package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Long-poll live reads (PROTOCOL.md §5.7), with the offset=now rules of §8 and closure of §4.1. */
@Area("Long-poll")
class LongPollChecks {

  private static final String TEXT = "text/plain";

  // --- request validation and missing streams ---

  @Test
  @Check(id = "long-poll.offset-required-400", requirements = {"DS-5.7-01"}, feature = Feature.LONG_POLL)
  void longPollWithoutOffsetAnswers400(Target t) {
    String s = t.newStream("lp-no-offset");
    // Data is present so that a server ignoring the rule answers at once instead of waiting.
    t.create(s, TEXT, "present");
    assertThat(t.get(s).query("live", "long-poll").send())
        .as("live=long-poll without an offset parameter is a bad request")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "offset={0}")
  @ValueSource(strings = {"-1", "now"})
  @Check(id = "long-poll.missing-stream-404", requirements = {"DS-5.7-05", "DS-8-22"}, feature = Feature.LONG_POLL)
  void longPollOnAMissingStreamAnswers404(String offset, Target t) {
    String s = t.newStream("lp-missing");
    assertThat(LiveWire.longPoll(t, s, offset).send())
        .as("a long-poll on a stream that does not exist answers 404 at once")
        .hasStatus(404);
  }

  // --- data behind the offset: no waiting ---

  @Test
  @Check(id = "long-poll.data-exists-answers-at-once", requirements = {"DS-5.7-04"}, feature = Feature.LONG_POLL)
  void longPollWithDataAfterTheOffsetAnswersAtOnce(Target t) {
    String s = t.newStream("lp-immediate");
    t.create(s, TEXT, "existing data");
    Exchange ex = LiveWire.longPoll(t, s, "-1").send();
    assertThat(ex).as("a long-poll with data after its offset returns that data at once").hasStatus(200).hasBody("existing data");
    LiveWire.answeredWithin(ex, t.longPollTimeout(), "a long-poll with data after its offset does not wait for the long-poll timeout");
  }

  @Test
  @Check(id = "long-poll.middle-offset-returns-only-later-data", requirements = {"DS-5.7-04"}, feature = Feature.LONG_POLL)
  void longPollFromAMiddleOffsetReturnsOnlyTheLaterData(Target t) {
    String s = t.newStream("lp-middle");
    String middle = t.create(s, TEXT, "first|").nextOffset();
    t.append(s, TEXT, "second|");
    assertThat(LiveWire.longPoll(t, s, middle).send())
        .as("a long-poll from an offset inside the stream returns exactly the data after that offset")
        .hasStatus(200)
        .hasBody("second|");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Stream-Next-Offset", "Stream-Up-To-Date", "ETag", "Content-Type"})
  @Check(id = "long-poll.data-carries-catch-up-headers", requirements = {"DS-5.7-06"}, feature = Feature.LONG_POLL)
  void longPollDataResponseCarriesTheCatchUpHeader(String header, Target t) {
    String s = t.newStream("lp-headers");
    String tail = t.create(s, TEXT, "payload").nextOffset();
    Exchange ex = LiveWire.longPoll(t, s, "-1").send();
    String rule = "a long-poll 200 carries the catch-up header " + header;
    assertThat(ex).as(rule).hasStatus(200);
    switch (header) {
      case "Stream-Next-Offset" -> assertThat(ex).as(rule + " equal to the tail it reached").hasHeader(header, tail);
      case "Stream-Up-To-Date" -> assertThat(ex).as(rule + ": true when the data reaches the tail").hasHeaderIgnoringCase(header, "true");
      case "Content-Type" -> assertThat(ex).as(rule + " naming the stream's type").hasHeaderMatching(header, "(?i)text/plain(\\s*;.*)?");
      default -> assertThat(ex).as(rule).hasHeader(header);
    }
  }

  @Test
  @Check(id = "long-poll.data-cache-control-public", requirements = {"DS-10.1-01"}, feature = Feature.CACHING)
  void longPollDataResponseIsPubliclyCacheable(Target t) {
    String s = t.newStream("lp-cache");
    t.create(s, TEXT, "cacheable");
    Exchange ex = LiveWire.longPoll(t, s, "-1").send();
    assertThat(ex).as("a long-poll 200 of a shared stream is cacheable").hasStatus(200).hasHeader("Cache-Control");
    Set<String> directives = Arrays.stream(ex.header("Cache-Control").orElse("").split(","))
        .map(d -> d.trim().toLowerCase()).collect(Collectors.toSet());
    Assertions.assertThat(directives)
        .as("a long-poll 200 carries Cache-Control: public, max-age=60, stale-while-revalidate=300\n" + ex)
        .contains("public", "max-age=60", "stale-while-revalidate=300");
  }

  // --- waiting at the tail ---

  @Test
  @Check(id = "long-poll.wakes-on-append", requirements = {"DS-5.7-02"}, feature = Feature.LONG_POLL)
  void aWaitingLongPollWakesOnAppendWithTheNewData(Target t, TestReporter reporter) {
    Wake w = wake(t, TEXT, "fresh", reporter);
    assertThat(w.response())
        .as("a long-poll waiting at the tail answers 200 with exactly the appended data (woke "
            + w.wakeMillis() + " ms after the append was acknowledged; measured, not asserted)")
        .hasStatus(200)
        .hasBody("fresh");
  }

  @Test
  @Check(id = "long-poll.wake-next-offset-is-tail", requirements = {"DS-5.7-06", "DS-5.7-02"}, feature = Feature.LONG_POLL)
  void aWokenLongPollPointsStreamNextOffsetAtTheNewTail(Target t, TestReporter reporter) {
    Wake w = wake(t, TEXT, "moved", reporter);
    assertThat(w.response())
        .as("the woken long-poll's Stream-Next-Offset is the tail the append reported, with Stream-Up-To-Date")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", w.append().nextOffset())
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "long-poll.wake-carries-cursor", requirements = {"DS-5.7-07"}, feature = Feature.LONG_POLL)
  void aWokenLongPollCarriesStreamCursor(Target t, TestReporter reporter) {
    Wake w = wake(t, TEXT, "cursor", reporter);
    assertThat(w.response()).as("a long-poll 200 after waiting carries Stream-Cursor").hasStatus(200).hasHeader("Stream-Cursor");
  }

  @Test
  @Check(id = "long-poll.json-wake-is-array", requirements = {"DS-5.7-02", "DS-9.1.5-01"}, feature = Feature.LONG_POLL)
  void aWaitingLongPollOnAJsonStreamWakesWithAJsonArray(Target t, TestReporter reporter) {
    Wake w = wake(t, "application/json", "{\"k\":\"v\"}", reporter);
    assertThat(w.response())
        .as("a woken long-poll on a JSON stream answers with the new message in a JSON array")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/json(\\s*;.*)?");
    Assertions.assertThat(w.response().bodyText().replaceAll("\\s", ""))
        .as("a woken long-poll on a JSON stream answers [{\"k\":\"v\"}]\n" + w.response())
        .isEqualTo("[{\"k\":\"v\"}]");
  }

  // --- timeout ---

  @Test
  @Check(id = "long-poll.timeout-204", requirements = {"DS-5.7-03"}, feature = Feature.LONG_POLL)
  void anIdleLongPollAnswers204WithNoBody(Target t) {
    assertThat(idlePoll(t)).as("a long-poll whose timeout passes without data answers 204 No Content").hasStatus(204).hasEmptyBody();
  }

  @Test
  @Check(id = "long-poll.timeout-next-offset-is-tail", requirements = {"DS-5.7-08"}, feature = Feature.LONG_POLL)
  void aLongPollTimeoutCarriesTheTailAsStreamNextOffset(Target t) {
    String s = t.newStream("lp-idle");
    String tail = t.create(s, TEXT, "some").nextOffset();
    assertThat(LiveWire.longPoll(t, s, tail).send())
        .as("a long-poll 204 carries Stream-Next-Offset equal to the current tail")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "long-poll.timeout-up-to-date", requirements = {"DS-5.7-09"}, feature = Feature.LONG_POLL)
  void aLongPollTimeoutCarriesStreamUpToDate(Target t) {
    assertThat(idlePoll(t)).as("a long-poll 204 carries Stream-Up-To-Date: true").hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "long-poll.timeout-cursor", requirements = {"DS-5.7-10"}, feature = Feature.LONG_POLL)
  void aLongPollTimeoutOnAnOpenStreamCarriesStreamCursor(Target t) {
    assertThat(idlePoll(t)).as("a long-poll 204 on an open stream carries Stream-Cursor").hasStatus(204).hasHeader("Stream-Cursor");
  }

  @Test
  @Check(id = "long-poll.timeout-within-official-budget", requirements = {"DS-5.7-17"}, feature = Feature.LONG_POLL)
  void anIdleLongPollAnswersWithinTheOfficialSuitesBudget(Target t) {
    String s = t.newStream("lp-budget");
    String tail = t.create(s, TEXT, null).nextOffset();
    LiveWire.Pending p = LiveWire.inBackground(LiveWire.longPoll(t, s, tail), "an idle long-poll at the tail of " + s);
    Exchange ex = p.await(LiveWire.OFFICIAL_IDLE_BUDGET).exchange();
    assertThat(ex).as("an idle long-poll answers 204 within the official suite's 5 s budget").hasStatus(204);
  }

  // --- offset=now ---

  @Test
  @Check(id = "long-poll.now-waits-without-empty-reply", requirements = {"DS-8-23"}, feature = Feature.LONG_POLL)
  void offsetNowLongPollWaitsInsteadOfAnsweringEmpty(Target t) {
    String s = t.newStream("lp-now");
    t.create(s, TEXT, "history");
    assertThat(LiveWire.longPoll(t, s, "now").send())
        .as("offset=now long-poll starts waiting at the tail: with no append it ends in 204, never in an empty 200 or the history")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "long-poll.now-wakes-with-only-new-data", requirements = {"DS-8-23"}, feature = Feature.LONG_POLL)
  void offsetNowLongPollWakesWithOnlyTheNewData(Target t) {
    String s = t.newStream("lp-now-wake");
    t.create(s, TEXT, "history|");
    LiveWire.Pending p = LiveWire.inBackground(LiveWire.longPoll(t, s, "now"), "an offset=now long-poll on " + s);
    LiveWire.headStart(t);
    t.append(s, TEXT, "future|");
    assertThat(p.await(LiveWire.longPollBudget(t)).exchange())
        .as("offset=now long-poll answers 200 with the data appended during the wait and none of the history")
        .hasStatus(200)
        .hasBody("future|");
  }

  @Test
  @Check(id = "long-poll.now-next-offset-is-tail", requirements = {"DS-8-24"}, feature = Feature.LONG_POLL)
  void offsetNowLongPollCarriesTheTailAsStreamNextOffset(Target t) {
    String s = t.newStream("lp-now-tail");
    String tail = t.create(s, TEXT, "history").nextOffset();
    assertThat(LiveWire.longPoll(t, s, "now").send())
        .as("an offset=now long-poll response carries Stream-Next-Offset set to the tail")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "long-poll.now-never-issues-sentinel", requirements = {"DS-8-32", "DS-8-24"}, feature = Feature.LONG_POLL)
  void offsetNowLongPollNeverAnswersWithASentinelOffset(Target t) {
    String s = t.newStream("lp-now-sentinel");
    t.create(s, TEXT, null);
    Exchange ex = LiveWire.longPoll(t, s, "now").send();
    assertThat(ex).as("the server never issues now or -1 as Stream-Next-Offset").hasHeaderMatching("Stream-Next-Offset", "(?!now$)(?!-1$).+");
  }

  // --- closure ---

  @Test
  @Check(id = "long-poll.closed-at-tail-204-closed", requirements = {"DS-5.7-15", "DS-5.7-13"}, feature = Feature.CLOSURE)
  void longPollAtTheTailOfAClosedStreamAnswers204WithStreamClosed(Target t) {
    String s = t.newStream("lp-closed");
    t.create(s, TEXT, "data");
    String tail = LiveWire.close(t, s).nextOffset();
    assertThat(LiveWire.longPoll(t, s, tail).send())
        .as("a long-poll at the tail of a closed stream answers 204 with Stream-Closed: true and Stream-Up-To-Date: true")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "long-poll.closed-at-tail-no-wait", requirements = {"DS-5.7-14"}, feature = Feature.CLOSURE)
  void longPollAtTheTailOfAClosedStreamDoesNotWait(Target t) {
    String s = t.newStream("lp-closed-fast");
    t.create(s, TEXT, null);
    String tail = LiveWire.close(t, s).nextOffset();
    Exchange ex = LiveWire.longPoll(t, s, tail).send();
    assertThat(ex).as("a long-poll at the tail of a closed stream answers 204").hasStatus(204);
    LiveWire.answeredWithin(ex, t.longPollTimeout(), "a long-poll at the tail of a closed stream does not wait for the timeout");
  }

  @Test
  @Check(id = "long-poll.close-ends-the-wait", requirements = {"DS-5.7-13", "DS-5.7-14"}, feature = Feature.CLOSURE)
  void closingTheStreamEndsAWaitingLongPoll(Target t) {
    String s = t.newStream("lp-close-wait");
    String tail = t.create(s, TEXT, "before").nextOffset();
    LiveWire.Pending p = LiveWire.inBackground(LiveWire.longPoll(t, s, tail), "a long-poll at the tail of " + s);
    LiveWire.headStart(t);
    LiveWire.close(t, s);
    Exchange ex = p.await(LiveWire.longPollBudget(t)).exchange();
    assertThat(ex).as("a close ends a waiting long-poll with 204 and Stream-Closed: true").hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
    LiveWire.answeredWithin(ex, t.longPollTimeout(), "a close ends a waiting long-poll before its timeout");
  }

  @Test
  @Check(id = "long-poll.final-append-wakes-with-closed", requirements = {"DS-5.2-17", "DS-5.6-22"}, feature = Feature.CLOSURE)
  void aWaitingLongPollReceivesTheFinalAppendWithStreamClosed(Target t) {
    String s = t.newStream("lp-final");
    String tail = t.create(s, TEXT, "before|").nextOffset();
    LiveWire.Pending p = LiveWire.inBackground(LiveWire.longPoll(t, s, tail), "a long-poll at the tail of " + s);
    LiveWire.headStart(t);
    LiveWire.appendAndClose(t, s, TEXT, "last|".getBytes(StandardCharsets.UTF_8));
    assertThat(p.await(LiveWire.longPollBudget(t)).exchange())
        .as("a long-poll waiting at the tail receives the data appended with the close, marked Stream-Closed: true")
        .hasStatus(200)
        .hasBody("last|")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "long-poll.closed-data-reaching-end-marked", requirements = {"DS-5.6-22"}, feature = Feature.CLOSURE)
  void longPollDeliveringTheFinalDataOfAClosedStreamCarriesStreamClosed(Target t) {
    String s = t.newStream("lp-closed-data");
    t.create(s, TEXT, "all of it");
    LiveWire.close(t, s);
    assertThat(LiveWire.longPoll(t, s, "-1").send())
        .as("a long-poll that delivers the final data of a closed stream answers 200 with Stream-Closed: true")
        .hasStatus(200)
        .hasBody("all of it")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "long-poll.now-on-closed-204-closed", requirements = {"DS-8-29", "DS-8-30"}, feature = Feature.CLOSURE)
  void offsetNowLongPollOnAClosedStreamAnswers204WithClosureHeaders(Target t) {
    String s = t.newStream("lp-now-closed");
    t.create(s, TEXT, "history");
    String tail = LiveWire.close(t, s).nextOffset();
    assertThat(LiveWire.longPoll(t, s, "now").send())
        .as("offset=now long-poll on a closed stream answers 204 with Stream-Closed, Stream-Up-To-Date and the final tail")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "long-poll.now-on-closed-no-wait", requirements = {"DS-8-28"}, feature = Feature.CLOSURE)
  void offsetNowLongPollOnAClosedStreamDoesNotWait(Target t) {
    String s = t.newStream("lp-now-closed-fast");
    t.create(s, TEXT, null);
    LiveWire.close(t, s);
    Exchange ex = LiveWire.longPoll(t, s, "now").send();
    assertThat(ex).as("offset=now long-poll on a closed stream answers 204").hasStatus(204);
    LiveWire.answeredWithin(ex, t.longPollTimeout(), "offset=now long-poll on a closed stream answers at once, without waiting");
  }

  // --- helpers ---

  /** A long-poll at the tail of a fresh empty stream that nobody appends to. */
  private static Exchange idlePoll(Target t) {
    String s = t.newStream("lp-idle");
    String tail = t.create(s, TEXT, null).nextOffset();
    return LiveWire.longPoll(t, s, tail).send();
  }

  /** The outcome of a long-poll woken by an append: its response, the append, and the measured wake time. */
  private record Wake(Exchange response, Exchange append, long wakeMillis) {}

  private static Wake wake(Target t, String contentType, String body, TestReporter reporter) {
    String s = t.newStream("lp-wake");
    String tail = t.create(s, contentType, null).nextOffset();
    LiveWire.Pending p = LiveWire.inBackground(LiveWire.longPoll(t, s, tail), "a long-poll at the tail of " + s);
    LiveWire.headStart(t);
    Exchange append = t.append(s, contentType, body);
    long acked = System.nanoTime();
    LiveWire.Timed r = p.await(LiveWire.longPollBudget(t));
    long wakeMillis = LiveWire.millisBetween(acked, r.doneNanos());
    reporter.publishEntry("streamcert.measure.long-poll-wake-ms", Long.toString(wakeMillis));
    return new Wake(r.exchange(), append, wakeMillis);
  }
}
