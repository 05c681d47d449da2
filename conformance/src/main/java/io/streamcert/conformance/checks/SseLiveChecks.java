package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents.Event;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live SSE: appends while connected, offset=now, closure and the end of the connection,
 * reconnection, and the periodic close (PROTOCOL.md §5.8, with §8 offset=now and §4.1 closure).
 */
@Area("SSE live")
class SseLiveChecks {

  private static final String TEXT = "text/plain";
  private static final String BINARY = "application/octet-stream";

  /** How long a reader at the tail waits for the initial caught-up control event before the check acts anyway. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  // --- appends while connected ---

  @Test
  @Check(id = "sse.live-append-delivered", requirements = {"DS-5.8-09"}, feature = Feature.SSE)
  void aConnectedReaderReceivesAnAppendPromptly(Target t, TestReporter reporter) {
    String s = t.newStream("sse-live");
    String tail = t.create(s, TEXT, "before|").nextOffset();
    try (SseReader r = SseReader.open(t, s, tail)) {
      settle(r);
      t.append(s, TEXT, "live|");
      long acked = System.nanoTime();
      String rule = "a reader connected at the tail receives an append as a data event while the connection stays open";
      Event e = r.expectNext(rule, LiveWire.PROMPT);
      long millis = LiveWire.millisBetween(acked, e.arrivedNanos());
      reporter.publishEntry("streamcert.measure.sse-delivery-ms", Long.toString(millis));
      Assertions.assertThat(e.type()).as(r.rule(rule + " (arrived " + millis + " ms after the append was acknowledged; measured, not asserted)"))
          .isEqualTo("data");
      Assertions.assertThat(e.data()).as(r.rule(rule)).isEqualTo("live|");
    }
  }

  @Test
  @Check(id = "sse.live-append-control-tail", requirements = {"DS-5.8-20", "DS-5.8-22"}, feature = Feature.SSE)
  void aLiveDataEventIsFollowedByAControlEventWithTheNewTail(Target t) {
    String s = t.newStream("sse-live-control");
    String tail = t.create(s, TEXT, null).nextOffset();
    try (SseReader r = SseReader.open(t, s, tail)) {
      settle(r);
      String newTail = t.append(s, TEXT, "live|").nextOffset();
      String rule = "a live data event is followed by a control event whose streamNextOffset is the tail the append reported";
      r.readThroughControl(c -> newTail.equals(c.path("streamNextOffset").asText()), "streamNextOffset " + newTail, rule,
          LiveWire.PROMPT);
      List<Event> seen = r.seen();
      Assertions.assertThat(seen.size() >= 2 ? seen.get(seen.size() - 2).type() : "(nothing)").as(r.rule(rule)).isEqualTo("data");
    }
  }

  @Test
  @Check(id = "sse.middle-offset-only-later-data", requirements = {"DS-5.8-36"}, feature = Feature.SSE)
  void sseFromAnOffsetInsideTheStreamSendsOnlyLaterData(Target t) {
    String s = t.newStream("sse-middle");
    String middle = t.create(s, TEXT, "first|").nextOffset();
    t.append(s, TEXT, "second|");
    try (SseReader r = SseReader.open(t, s, middle)) {
      String rule = "SSE from an offset inside the stream sends exactly the data after that offset";
      Assertions.assertThat(SseReader.text(r.readUntilCaughtUp(rule))).as(r.rule(rule)).isEqualTo("second|");
    }
  }

  // --- offset=now ---

  @Test
  @Check(id = "sse.now-first-control-tail", requirements = {"DS-8-26"}, feature = Feature.SSE)
  void offsetNowStartsWithAControlEventCarryingTheTail(Target t) {
    String s = t.newStream("sse-now");
    String tail = t.create(s, TEXT, "history").nextOffset();
    try (SseReader r = SseReader.open(t, s, "now")) {
      String rule = "SSE with offset=now first sends a control event whose streamNextOffset is the tail";
      Event first = r.expectNext(rule, LiveWire.PROMPT);
      Assertions.assertThat(first.type()).as(r.rule(rule)).isEqualTo("control");
      Assertions.assertThat(r.control(first, rule).path("streamNextOffset").asText()).as(r.rule(rule)).isEqualTo(tail);
    }
  }

  @Test
  @Check(id = "sse.now-first-control-up-to-date", requirements = {"DS-8-27"}, feature = Feature.SSE)
  void offsetNowFirstControlEventSaysUpToDate(Target t) {
    String s = t.newStream("sse-now-utd");
    t.create(s, TEXT, "history");
    try (SseReader r = SseReader.open(t, s, "now")) {
      String rule = "with nothing appended, the first control event of an offset=now SSE carries upToDate: true";
      Event first = r.expectNext(rule, LiveWire.PROMPT);
      Assertions.assertThat(first.type()).as(r.rule(rule)).isEqualTo("control");
      Assertions.assertThat(SseReader.isTrue(r.control(first, rule), "upToDate")).as(r.rule(rule)).isTrue();
    }
  }

  @Test
  @Check(id = "sse.now-no-history", requirements = {"DS-8-25"}, feature = Feature.SSE)
  void offsetNowSendsOnlyDataAppendedAfterConnecting(Target t) {
    String s = t.newStream("sse-now-new");
    t.create(s, TEXT, "history|");
    try (SseReader r = SseReader.open(t, s, "now")) {
      settle(r);
      String newTail = t.append(s, TEXT, "future|").nextOffset();
      String rule = "SSE with offset=now sends the data appended after connecting and none of the history";
      r.readThroughControl(c -> newTail.equals(c.path("streamNextOffset").asText()), "streamNextOffset " + newTail, rule,
          LiveWire.PROMPT);
      Assertions.assertThat(SseReader.text(r.seen())).as(r.rule(rule)).isEqualTo("future|");
    }
  }

  @Test
  @Check(id = "sse.now-no-history-base64", requirements = {"DS-8-25", "DS-5.8-04"}, feature = Feature.SSE)
  void offsetNowOnABinaryStreamSendsOnlyNewBytesInBase64(Target t) {
    String s = t.newStream("sse-now-b64");
    t.put(s).contentType(BINARY).body(new byte[] {1, 1, 1}).send();
    try (SseReader r = SseReader.open(t, s, "now")) {
      settle(r);
      String newTail = LiveWire.append(t, s, BINARY, new byte[] {7, 8, 9, (byte) 0xff}).nextOffset();
      String rule = "SSE with offset=now on a binary stream sends only the new bytes, base64-encoded";
      r.readThroughControl(c -> newTail.equals(c.path("streamNextOffset").asText()), "streamNextOffset " + newTail, rule,
          LiveWire.PROMPT);
      Assertions.assertThat(decodeAll(r, r.seen(), rule)).as(r.rule(rule)).isEqualTo(new byte[] {7, 8, 9, (byte) 0xff});
    }
  }

  // --- closure ---

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/json", "application/octet-stream"})
  @Check(id = "sse.final-append-before-closed", requirements = {"DS-5.2-17", "DS-5.8-27"}, feature = Feature.CLOSURE)
  void aReaderAtTheTailReceivesTheFinalAppendBeforeStreamClosed(String contentType, Target t) {
    boolean json = contentType.equals("application/json");
    String s = t.newStream("sse-final");
    String tail = t.put(s).contentType(contentType).body(json ? "{\"n\":0}" : "initial").send().nextOffset();
    byte[] last = (json ? "{\"final\":true}" : "sse-final-data").getBytes(StandardCharsets.UTF_8);
    try (SseReader r = SseReader.open(t, s, tail)) {
      settle(r);
      LiveWire.appendAndClose(t, s, contentType, last);
      String rule = "a reader at the tail receives the data appended with the close, then a control event with streamClosed: true";
      List<Event> events = r.readThroughControl(c -> SseReader.isTrue(c, "streamClosed"), "streamClosed: true", rule, LiveWire.PROMPT);
      String delivered;
      if (contentType.equals(BINARY)) {
        delivered = new String(decodeAll(r, events, rule), StandardCharsets.UTF_8);
      } else if (json) {
        StringBuilder sb = new StringBuilder();
        for (Event e : SseReader.data(events)) r.json(e, rule).forEach(n -> sb.append(n));
        delivered = sb.toString();
      } else {
        delivered = SseReader.text(events);
      }
      Assertions.assertThat(delivered).as(r.rule(rule)).isEqualTo(new String(last, StandardCharsets.UTF_8));
    }
  }

  @Test
  @Check(id = "sse.close-while-waiting", requirements = {"DS-5.8-27"}, feature = Feature.CLOSURE)
  void closingTheStreamSendsStreamClosedToAWaitingReader(Target t) {
    String s = t.newStream("sse-close-wait");
    String tail = t.create(s, TEXT, "data").nextOffset();
    try (SseReader r = SseReader.open(t, s, tail)) {
      settle(r);
      LiveWire.close(t, s);
      String rule = "closing the stream sends a waiting reader a control event with streamClosed: true";
      List<Event> events = r.readThroughControl(c -> SseReader.isTrue(c, "streamClosed"), "streamClosed: true", rule, LiveWire.PROMPT);
      Assertions.assertThat(SseReader.data(events)).as(r.rule(rule + ", and no data when none was appended")).isEmpty();
    }
  }

  @Test
  @Check(id = "sse.closed-only-final-control-marked", requirements = {"DS-5.8-27"}, feature = Feature.CLOSURE)
  void onlyTheControlEventAfterTheFinalDataCarriesStreamClosed(Target t) {
    String s = t.newStream("sse-closed-backlog");
    t.create(s, TEXT, "a|");
    t.append(s, TEXT, "b|");
    t.append(s, TEXT, "c|");
    LiveWire.close(t, s);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "streamClosed: true comes only once all data up to the final offset was sent";
      List<Event> events = r.readThroughControl(c -> SseReader.isTrue(c, "streamClosed"), "streamClosed: true", rule, LiveWire.PROMPT);
      Assertions.assertThat(SseReader.text(events)).as(r.rule(rule)).isEqualTo("a|b|c|");
      List<Event> controls = SseReader.controls(events);
      for (Event c : controls.subList(0, controls.size() - 1)) {
        Assertions.assertThat(SseReader.isTrue(r.control(c, rule), "streamClosed")).as(r.rule(rule)).isFalse();
      }
    }
  }

  @Test
  @Check(id = "sse.closed-connection-ends", requirements = {"DS-5.8-29"}, feature = Feature.CLOSURE)
  void theServerEndsTheConnectionAfterStreamClosed(Target t) {
    String s = t.newStream("sse-closed-end");
    t.create(s, TEXT, "a|");
    LiveWire.close(t, s);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "after the control event with streamClosed: true the server sends nothing more and closes the connection";
      r.readThroughControl(c -> SseReader.isTrue(c, "streamClosed"), "streamClosed: true", rule, LiveWire.PROMPT);
      int before = r.seen().size();
      r.drain(LiveWire.PROMPT);
      Assertions.assertThat(r.ended()).as(r.rule(rule)).isTrue();
      Assertions.assertThat(r.seen()).as(r.rule(rule)).hasSize(before);
    }
  }

  @Test
  @Check(id = "sse.closed-at-tail-single-control", requirements = {"DS-5.8-31", "DS-5.8-32"}, feature = Feature.CLOSURE)
  void sseAtTheTailOfAClosedStreamSendsOneClosingControlEventAndEnds(Target t) {
    String s = t.newStream("sse-closed-tail");
    t.create(s, TEXT, "data");
    String tail = LiveWire.close(t, s).nextOffset();
    try (SseReader r = SseReader.open(t, s, tail)) {
      String rule = "SSE at the tail of a closed stream sends exactly one control event, with streamClosed and upToDate, then closes";
      List<Event> all = r.drain(LiveWire.PROMPT);
      Assertions.assertThat(r.ended()).as(r.rule(rule)).isTrue();
      Assertions.assertThat(all).as(r.rule(rule)).hasSize(1);
      Assertions.assertThat(all.get(0).type()).as(r.rule(rule)).isEqualTo("control");
      JsonNode c = r.control(all.get(0), rule);
      Assertions.assertThat(SseReader.isTrue(c, "streamClosed")).as(r.rule(rule)).isTrue();
      Assertions.assertThat(SseReader.isTrue(c, "upToDate")).as(r.rule(rule)).isTrue();
    }
  }

  @Test
  @Check(id = "sse.closed-control-no-cursor", requirements = {"DS-5.8-24", "DS-5.8-27"}, feature = Feature.CLOSURE)
  void theClosingControlEventOmitsStreamCursor(Target t) {
    String s = t.newStream("sse-closed-cursor");
    t.create(s, TEXT, null);
    String tail = LiveWire.close(t, s).nextOffset();
    try (SseReader r = SseReader.open(t, s, tail)) {
      String rule = "the control event with streamClosed: true leaves out streamCursor (as the official suite requires)";
      List<Event> events = r.readThroughControl(c -> SseReader.isTrue(c, "streamClosed"), "streamClosed: true", rule, LiveWire.PROMPT);
      Assertions.assertThat(r.control(events.get(events.size() - 1), rule).has("streamCursor")).as(r.rule(rule)).isFalse();
    }
  }

  @Test
  @Check(id = "sse.now-on-closed", requirements = {"DS-8-31"}, feature = Feature.CLOSURE)
  void offsetNowOnAClosedStreamSendsOneClosingControlEventAndEnds(Target t) {
    String s = t.newStream("sse-now-closed");
    t.create(s, TEXT, "history");
    String tail = LiveWire.close(t, s).nextOffset();
    try (SseReader r = SseReader.open(t, s, "now")) {
      String rule = "SSE with offset=now on a closed stream sends one control event (final tail, streamClosed, upToDate), then closes";
      List<Event> all = r.drain(LiveWire.PROMPT);
      Assertions.assertThat(r.ended()).as(r.rule(rule)).isTrue();
      Assertions.assertThat(all).as(r.rule(rule)).hasSize(1);
      Assertions.assertThat(all.get(0).type()).as(r.rule(rule)).isEqualTo("control");
      JsonNode c = r.control(all.get(0), rule);
      Assertions.assertThat(c.path("streamNextOffset").asText()).as(r.rule(rule)).isEqualTo(tail);
      Assertions.assertThat(SseReader.isTrue(c, "streamClosed")).as(r.rule(rule)).isTrue();
      Assertions.assertThat(SseReader.isTrue(c, "upToDate")).as(r.rule(rule)).isTrue();
    }
  }

  // --- reconnection and the connection's lifetime ---

  @Test
  @Check(id = "sse.reconnect-no-duplicates", requirements = {"DS-5.8-36"}, feature = Feature.SSE)
  void reconnectingFromTheLastOffsetDeliversNoDuplicates(Target t) {
    String s = t.newStream("sse-reconnect");
    t.create(s, TEXT, "a|");
    t.append(s, TEXT, "b|");
    String resumeAt;
    try (SseReader first = SseReader.open(t, s, "-1")) {
      List<Event> events = first.readUntilCaughtUp("the first connection catches up");
      resumeAt = first.control(events.get(events.size() - 1), "the first connection catches up").path("streamNextOffset").asText();
    }
    t.append(s, TEXT, "c|");
    try (SseReader r = SseReader.open(t, s, resumeAt)) {
      String rule = "reconnecting from the last streamNextOffset (" + resumeAt + ") delivers only the later data, once";
      Assertions.assertThat(SseReader.text(r.readUntilCaughtUp(rule))).as(r.rule(rule)).isEqualTo("c|");
    }
  }

  @Test
  @Check(id = "sse.reconnect-offsets-advance", requirements = {"DS-5.8-36", "DS-8-06"}, feature = Feature.SSE)
  void offsetsAfterReconnectingAreGreaterThanTheResumeOffset(Target t) {
    String s = t.newStream("sse-reconnect-offsets");
    String resumeAt = t.create(s, TEXT, "a|").nextOffset();
    t.append(s, TEXT, "b|");
    t.append(s, TEXT, "c|");
    try (SseReader r = SseReader.open(t, s, resumeAt)) {
      String rule = "every streamNextOffset after reconnecting from " + resumeAt + " is greater than it";
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        Assertions.assertThat(r.control(c, rule).path("streamNextOffset").asText()).as(r.rule(rule)).isGreaterThan(resumeAt);
      }
    }
  }

  @Test
  @Check(id = "sse.periodic-close", requirements = {"DS-5.8-33", "DS-10.2-01"}, feature = Feature.SSE)
  void theServerEndsAnIdleSseConnectionAboutEveryReconnectInterval(Target t, TestReporter reporter) {
    String s = t.newStream("sse-lifetime");
    String tail = t.create(s, TEXT, null).nextOffset();
    Duration allowed = t.sseReconnectInterval().plus(LiveWire.PROMPT);
    try (SseReader r = SseReader.open(t, s, tail)) {
      r.drain(allowed);
      long openMillis = LiveWire.millisBetween(r.openedNanos(), System.nanoTime());
      reporter.publishEntry("streamcert.measure.sse-connection-ms", Long.toString(openMillis));
      Assertions.assertThat(r.ended())
          .as(r.rule("the server ends an SSE connection after about the reconnect interval ("
              + t.sseReconnectInterval().toMillis() + " ms declared); it was still open after " + openMillis + " ms"))
          .isTrue();
    }
  }

  // --- helpers ---

  /** Waits briefly for the caught-up control event, so the reader is known to be at the tail before the check acts. */
  private static void settle(SseReader r) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (System.nanoTime() < deadline) {
      var e = r.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (e.isEmpty()) return;
      if (e.get().type().equals("control")) {
        JsonNode c = r.control(e.get(), "control events are JSON objects");
        if (SseReader.isTrue(c, "upToDate")) return;
      }
    }
  }

  private static byte[] decodeAll(SseReader r, List<Event> events, String rule) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Event e : SseReader.data(events)) out.writeBytes(r.base64(e, rule));
    return out.toByteArray();
  }
}
