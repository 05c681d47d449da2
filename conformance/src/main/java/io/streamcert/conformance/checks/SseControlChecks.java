package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents.Event;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSE control events: pairing with data, fields, offsets and the caught-up signal (PROTOCOL.md §5.8, §8). */
@Area("SSE control events")
class SseControlChecks {

  private static final String TEXT = "text/plain";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/json", "application/octet-stream"})
  @Check(id = "sse.control-after-every-data", requirements = {"DS-5.8-20"}, feature = Feature.SSE)
  void aControlEventFollowsEveryDataEvent(String contentType, Target t) {
    String s = t.newStream("sse-pairing");
    t.put(s).contentType(contentType).send();
    String[] bodies = contentType.equals("application/json")
        ? new String[] {"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"}
        : new String[] {"one|", "two|", "three|"};
    for (String b : bodies) LiveWire.append(t, s, contentType, b.getBytes(StandardCharsets.UTF_8));
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "every data event is followed by a control event, also when catching up on a backlog of " + bodies.length + " appends";
      List<Event> events = r.readUntilCaughtUp(rule);
      Assertions.assertThat(SseReader.data(events)).as(r.rule(rule)).isNotEmpty();
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).type().equals("data")) {
          Assertions.assertThat(i + 1 < events.size() ? events.get(i + 1).type() : "(nothing)")
              .as(r.rule(rule + " (event #" + (i + 1) + " is data)")).isEqualTo("control");
        }
      }
    }
  }

  @Test
  @Check(id = "sse.control-json-camel-case", requirements = {"DS-5.8-21"}, feature = Feature.SSE)
  void controlEventsAreJsonObjectsWithCamelCaseFields(Target t) {
    String s = t.newStream("sse-control-shape");
    t.create(s, TEXT, "a|");
    t.append(s, TEXT, "b|");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "control event data is a JSON object: streamNextOffset and streamCursor strings, upToDate and streamClosed booleans";
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        JsonNode n = r.control(c, rule);
        Assertions.assertThat(n.path("streamNextOffset").isTextual()).as(r.rule(rule)).isTrue();
        if (n.has("streamCursor")) Assertions.assertThat(n.get("streamCursor").isTextual()).as(r.rule(rule)).isTrue();
        if (n.has("upToDate")) Assertions.assertThat(n.get("upToDate").isBoolean()).as(r.rule(rule)).isTrue();
        if (n.has("streamClosed")) Assertions.assertThat(n.get("streamClosed").isBoolean()).as(r.rule(rule)).isTrue();
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
          Assertions.assertThat(names.next()).as(r.rule(rule + " (no snake_case or kebab-case names)")).doesNotContain("_", "-");
        }
      }
    }
  }

  @Test
  @Check(id = "sse.control-next-offset", requirements = {"DS-5.8-22"}, feature = Feature.SSE)
  void everyControlEventCarriesStreamNextOffset(Target t) {
    String s = t.newStream("sse-control-offset");
    t.create(s, TEXT, "a|");
    t.append(s, TEXT, "b|");
    t.append(s, TEXT, "c|");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "every control event carries a non-empty streamNextOffset";
      List<Event> controls = SseReader.controls(r.readUntilCaughtUp(rule));
      for (Event c : controls) {
        Assertions.assertThat(r.control(c, rule).path("streamNextOffset").asText("")).as(r.rule(rule)).isNotEmpty();
      }
    }
  }

  @Test
  @Check(id = "sse.caught-up-offset-is-tail", requirements = {"DS-5.8-22", "DS-5.8-25"}, feature = Feature.SSE)
  void theCaughtUpControlEventPointsAtTheTail(Target t) {
    String s = t.newStream("sse-tail");
    t.create(s, TEXT, "a|");
    String tail = t.append(s, TEXT, "b|").nextOffset();
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "the control event sent on catching up carries upToDate: true and the tail as streamNextOffset";
      List<Event> events = r.readUntilCaughtUp(rule);
      JsonNode last = r.control(events.get(events.size() - 1), rule);
      Assertions.assertThat(last.path("streamNextOffset").asText()).as(r.rule(rule)).isEqualTo(tail);
    }
  }

  @Test
  @Check(id = "sse.up-to-date-at-tail", requirements = {"DS-5.8-25"}, feature = Feature.SSE)
  void theControlEventThatReachesTheTailSaysUpToDate(Target t) {
    String s = t.newStream("sse-up-to-date");
    t.create(s, TEXT, "a|");
    String tail = t.append(s, TEXT, "b|").nextOffset();
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "the control event whose streamNextOffset reaches the tail carries upToDate: true";
      List<Event> events = r.readThroughControl(c -> tail.equals(c.path("streamNextOffset").asText()),
          "streamNextOffset " + tail, rule, LiveWire.PROMPT);
      JsonNode atTail = r.control(events.get(events.size() - 1), rule);
      Assertions.assertThat(SseReader.isTrue(atTail, "upToDate")).as(r.rule(rule)).isTrue();
    }
  }

  @Test
  @Check(id = "sse.control-cursor-while-open", requirements = {"DS-5.8-23", "DS-10.1-13"}, feature = Feature.SSE)
  void controlEventsOfAnOpenStreamCarryStreamCursor(Target t) {
    String s = t.newStream("sse-cursor");
    t.create(s, TEXT, "a|");
    t.append(s, TEXT, "b|");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "every control event of an open stream carries streamCursor";
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        Assertions.assertThat(r.control(c, rule).path("streamCursor").asText("")).as(r.rule(rule)).isNotEmpty();
      }
    }
  }

  @Test
  @Check(id = "sse.empty-stream-control", requirements = {"DS-5.8-25"}, feature = Feature.SSE)
  void anEmptyStreamGetsAControlEventWithTheTailOffset(Target t) {
    String s = t.newStream("sse-empty");
    String tail = t.create(s, TEXT, null).nextOffset();
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "SSE on an empty stream first sends a control event with the tail offset and upToDate: true";
      Event first = r.expectNext(rule, LiveWire.PROMPT);
      Assertions.assertThat(first.type()).as(r.rule(rule)).isEqualTo("control");
      JsonNode c = r.control(first, rule);
      Assertions.assertThat(c.path("streamNextOffset").asText()).as(r.rule(rule)).isEqualTo(tail);
      Assertions.assertThat(SseReader.isTrue(c, "upToDate")).as(r.rule(rule)).isTrue();
    }
  }

  @Test
  @Check(id = "sse.offsets-increase", requirements = {"DS-8-06", "DS-5.8-22"}, feature = Feature.SSE)
  void controlOffsetsStrictlyIncreaseAcrossDataEvents(Target t) {
    String s = t.newStream("sse-monotonic");
    t.create(s, TEXT, null);
    for (int i = 0; i < 5; i++) t.append(s, TEXT, "msg-" + i + "|");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "each control event after a data event carries a streamNextOffset lexicographically greater than the one before";
      List<Event> events = r.readUntilCaughtUp(rule);
      String previous = null;
      boolean afterData = false;
      for (Event e : events) {
        if (e.type().equals("data")) {
          afterData = true;
          continue;
        }
        String offset = r.control(e, rule).path("streamNextOffset").asText("");
        Assertions.assertThat(offset).as(r.rule(rule)).isNotEmpty();
        if (previous != null) {
          if (afterData) Assertions.assertThat(offset).as(r.rule(rule)).isGreaterThan(previous);
          else Assertions.assertThat(offset).as(r.rule(rule)).isGreaterThanOrEqualTo(previous);
        }
        previous = offset;
        afterData = false;
      }
    }
  }

  @ParameterizedTest(name = "offset={0}")
  @ValueSource(strings = {"-1", "now"})
  @Check(id = "sse.never-issues-sentinel", requirements = {"DS-5.8-22", "DS-8-32"}, feature = Feature.SSE)
  void controlEventsNeverCarryASentinelOffset(String offset, Target t) {
    String s = t.newStream("sse-sentinel");
    t.create(s, TEXT, offset.equals("now") ? "history" : null);
    try (SseReader r = SseReader.open(t, s, offset)) {
      String rule = "streamNextOffset is never -1 or now";
      for (Event c : SseReader.controls(r.readUntilCaughtUp(rule))) {
        Assertions.assertThat(r.control(c, rule).path("streamNextOffset").asText()).as(r.rule(rule)).isNotIn("-1", "now");
      }
    }
  }
}
