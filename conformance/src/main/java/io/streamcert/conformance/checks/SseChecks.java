package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.SseEvents.Event;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SSE responses, data encoding and event framing (PROTOCOL.md §5.8). */
@Area("SSE")
class SseChecks {

  private static final String TEXT = "text/plain";
  private static final String JSON = "application/json";

  // --- request validation and the response head ---

  @Test
  @Check(id = "sse.offset-required-400", requirements = {"DS-5.8-01"}, feature = Feature.SSE)
  void sseWithoutOffsetAnswers400(Target t) {
    String s = t.newStream("sse-no-offset");
    t.create(s, TEXT, "present");
    try (SseReader r = SseReader.open(t, t.get(s).query("live", "sse"))) {
      assertThat(r.head()).as("live=sse without an offset parameter is a bad request").hasStatus(400);
    }
  }

  @ParameterizedTest(name = "offset={0}")
  @ValueSource(strings = {"-1", "now"})
  @Check(id = "sse.missing-stream-404", requirements = {"DS-5.8-02", "DS-8-22"}, feature = Feature.SSE)
  void sseOnAMissingStreamAnswers404(String offset, Target t) {
    try (SseReader r = SseReader.open(t, t.newStream("sse-missing"), offset)) {
      assertThat(r.head()).as("SSE on a stream that does not exist answers 404").hasStatus(404);
    }
  }

  @Test
  @Check(id = "sse.content-type-event-stream", requirements = {"DS-5.8-07"}, feature = Feature.SSE)
  void sseAnswersWithTextEventStream(Target t) {
    try (SseReader r = openOnText(t, "sse-ct")) {
      assertThat(r.head()).as("an SSE response has Content-Type: text/event-stream").hasStatus(200)
          .hasHeaderMatching("Content-Type", "(?i)text/event-stream(\\s*;.*)?");
    }
  }

  @Test
  @Check(id = "sse.no-content-length", requirements = {"DS-5.8-08"}, feature = Feature.SSE)
  void sseResponseHasNoContentLength(Target t) {
    try (SseReader r = openOnText(t, "sse-cl")) {
      assertThat(r.head()).as("an SSE response is open-ended: it has no Content-Length").hasStatus(200).hasNoHeader("Content-Length");
    }
  }

  @Test
  @Check(id = "sse.cache-control-no-cache", requirements = {"DS-5.8-08"}, feature = Feature.SSE)
  void sseResponseCacheControlContainsNoCache(Target t) {
    try (SseReader r = openOnText(t, "sse-cc")) {
      assertThat(r.head()).as("an SSE response carries Cache-Control containing no-cache").hasStatus(200)
          .hasHeaderContaining("Cache-Control", "no-cache");
    }
  }

  // --- data encoding ---

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "text/markdown", "application/json"})
  @Check(id = "sse.text-data-as-utf8", requirements = {"DS-5.8-03"}, feature = Feature.SSE)
  void dataEventsOfTextAndJsonStreamsCarryTheUtf8Text(String contentType, Target t) {
    boolean json = contentType.equals(JSON);
    String text = "h\u00e9llo w\u00f6rld \u2713 \ud83d\ude00";
    String payload = json ? "{\"greeting\":\"" + text + "\"}" : text;
    String s = t.newStream("sse-utf8");
    t.create(s, contentType, null);
    t.append(s, contentType, payload);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "data events of a " + contentType + " stream carry the appended text as UTF-8, unencoded";
      List<Event> data = SseReader.data(r.readUntilCaughtUp(rule));
      if (json) {
        Assertions.assertThat(data).as(r.rule(rule)).hasSize(1);
        Assertions.assertThat(r.json(data.get(0), rule).path(0).path("greeting").asText()).as(r.rule(rule)).isEqualTo(text);
      } else {
        Assertions.assertThat(SseReader.text(data)).as(r.rule(rule)).isEqualTo(payload);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/octet-stream", "application/x-protobuf", "image/png"})
  @Check(id = "sse.binary-encoding-header", requirements = {"DS-5.8-05"}, feature = Feature.SSE)
  void binaryStreamsAnnounceBase64Encoding(String contentType, Target t) {
    String s = t.newStream("sse-b64-header");
    t.put(s).contentType(contentType).body(new byte[] {0, 1, 2}).send();
    try (SseReader r = SseReader.open(t, s, "-1")) {
      assertThat(r.head()).as("SSE on a " + contentType + " stream carries Stream-SSE-Data-Encoding: base64").hasStatus(200)
          .hasHeaderIgnoringCase("Stream-SSE-Data-Encoding", "base64");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/octet-stream", "application/x-protobuf", "image/png"})
  @Check(id = "sse.binary-data-base64", requirements = {"DS-5.8-04"}, feature = Feature.SSE)
  void dataEventsOfBinaryStreamsAreBase64OfTheBytes(String contentType, Target t) {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) all[i] = (byte) i;
    String s = t.newStream("sse-b64");
    t.put(s).contentType(contentType).send();
    LiveWire.append(t, s, contentType, all);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "data events of a " + contentType + " stream are the base64 encoding of the appended bytes";
      Assertions.assertThat(decodeAll(r, r.readUntilCaughtUp(rule), rule)).as(r.rule(rule)).isEqualTo(all);
    }
  }

  @Test
  @Check(id = "sse.base64-standard-alphabet-padded", requirements = {"DS-5.8-11", "DS-5.8-14"}, feature = Feature.SSE)
  void base64DataUsesTheStandardAlphabetInWholeQuanta(Target t) {
    String s = t.newStream("sse-b64-alphabet");
    t.put(s).contentType("application/octet-stream").send();
    // 0xFB 0xFF 0xBF encode to "+/+/" (base64url would send "-_-_"); lengths 1 and 2 need padding.
    LiveWire.append(t, s, "application/octet-stream", new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf});
    LiveWire.append(t, s, "application/octet-stream", new byte[] {(byte) 0xff});
    LiveWire.append(t, s, "application/octet-stream", new byte[] {(byte) 0xfb, (byte) 0xef});
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "each base64 data event uses the RFC 4648 standard alphabet with padding, a multiple of 4 long";
      List<Event> data = SseReader.data(r.readUntilCaughtUp(rule));
      Assertions.assertThat(data).as(r.rule(rule)).isNotEmpty();
      for (Event e : data) {
        String text = e.data().replace("\r", "").replace("\n", "");
        Assertions.assertThat(text).as(r.rule(rule)).matches("[A-Za-z0-9+/]*={0,2}");
        Assertions.assertThat(text.length() % 4).as(r.rule(rule)).isZero();
      }
      Assertions.assertThat(decodeAll(r, data, rule)).as(r.rule(rule))
          .isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, (byte) 0xff, (byte) 0xfb, (byte) 0xef});
    }
  }

  @Test
  @Check(id = "sse.binary-large-payload", requirements = {"DS-5.8-04", "DS-5.8-14"}, feature = Feature.SSE)
  void aLargeBinaryPayloadSurvivesBase64Intact(Target t) {
    byte[] big = new byte[64 * 1024];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < big.length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      big[i] = (byte) x;
    }
    String s = t.newStream("sse-b64-large");
    t.put(s).contentType("application/octet-stream").send();
    LiveWire.append(t, s, "application/octet-stream", big);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "a 64 KiB binary append arrives over SSE as base64 that decodes to the same bytes";
      Assertions.assertThat(decodeAll(r, r.readUntilCaughtUp(rule), rule)).as(r.rule(rule)).isEqualTo(big);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "text/csv", "application/json", "application/json; charset=utf-8"})
  @Check(id = "sse.text-no-encoding-header", requirements = {"DS-5.8-06"}, feature = Feature.SSE)
  void textAndJsonStreamsHaveNoEncodingHeader(String contentType, Target t) {
    String s = t.newStream("sse-no-b64");
    t.create(s, contentType, null);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      assertThat(r.head()).as("SSE on a " + contentType + " stream has no Stream-SSE-Data-Encoding header").hasStatus(200)
          .hasNoHeader("Stream-SSE-Data-Encoding");
    }
  }

  @Test
  @Check(id = "sse.control-events-not-encoded", requirements = {"DS-5.8-16"}, feature = Feature.SSE)
  void controlEventsOfBinaryStreamsStayPlainJson(Target t) {
    String s = t.newStream("sse-b64-control");
    t.put(s).contentType("application/octet-stream").body(new byte[] {9, 8, 7}).send();
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "control events of a base64-encoded stream stay plain JSON";
      List<Event> controls = SseReader.controls(r.readUntilCaughtUp(rule));
      for (Event c : controls) {
        Assertions.assertThat(r.control(c, rule).has("streamNextOffset")).as(r.rule(rule)).isTrue();
      }
    }
  }

  // --- framing of payload lines ---

  static Stream<Arguments> lineBreaks() {
    return Stream.of(
        Arguments.of("LF", "one\ntwo\nthree", "one\ntwo\nthree"),
        Arguments.of("CRLF", "one\r\ntwo\r\nthree", "one\ntwo\nthree"),
        Arguments.of("CR", "one\rtwo\rthree", "one\ntwo\nthree"),
        Arguments.of("blank line", "one\n\ntwo", "one\n\ntwo"),
        Arguments.of("trailing LF", "end\n", "end\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineBreaks")
  @Check(id = "sse.payload-lines-prefixed", requirements = {"DS-5.8-17"}, feature = Feature.SSE)
  void eachPayloadLineGetsItsOwnDataPrefix(String name, String payload, String expected, Target t) {
    String s = t.newStream("sse-lines");
    t.create(s, TEXT, null);
    t.append(s, TEXT, payload);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "a payload with " + name + " line breaks arrives line by line, each behind its own data: prefix, in one event";
      List<Event> events = r.readUntilCaughtUp(rule);
      Assertions.assertThat(events).as(r.rule(rule)).extracting(Event::type).containsOnly("data", "control");
      Assertions.assertThat(SseReader.text(events)).as(r.rule(rule)).isEqualTo(expected);
    }
  }

  static Stream<Arguments> injections() {
    return Stream.of(Arguments.of("CRLF", "\r\n"), Arguments.of("LF", "\n"), Arguments.of("CR", "\r"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injections")
  @Check(id = "sse.payload-cannot-forge-events", requirements = {"DS-5.8-17"}, feature = Feature.SSE)
  void embeddedEventBoundariesStayLiteralData(String name, String br, Target t) {
    String forged = "{\"streamNextOffset\":\"forged\",\"streamClosed\":true}";
    String payload = "safe" + br + br + "event: control" + br + "data: " + forged + br + br + "id: 7" + br + "retry: 1" + br + "after";
    String s = t.newStream("sse-inject");
    t.create(s, TEXT, null);
    t.append(s, TEXT, payload);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "event boundaries embedded in a payload with " + name + " arrive as literal data and forge no event";
      List<Event> events = r.readUntilCaughtUp(rule);
      for (Event c : SseReader.controls(events)) {
        Assertions.assertThat(c.data()).as(r.rule(rule)).doesNotContain("forged");
      }
      Assertions.assertThat(SseReader.text(events)).as(r.rule(rule)).isEqualTo(payload.replace(br, "\n"));
    }
  }

  @Test
  @Check(id = "sse.leading-spaces-preserved", requirements = {"DS-5.8-03", "DS-5.8-17"}, feature = Feature.SSE)
  void payloadLinesStartingWithSpacesArriveIntact(Target t) {
    // SSE parsers drop one space after "data:", so a server must send such lines with an extra space.
    String payload = " indented\n  twice";
    String s = t.newStream("sse-spaces");
    t.create(s, TEXT, null);
    t.append(s, TEXT, payload);
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "payload lines that start with spaces arrive with every space after SSE parsing";
      Assertions.assertThat(SseReader.text(r.readUntilCaughtUp(rule))).as(r.rule(rule)).isEqualTo(payload);
    }
  }

  // --- JSON streams ---

  @Test
  @Check(id = "sse.json-data-events-are-arrays", requirements = {"DS-5.8-19"}, feature = Feature.JSON)
  void eachJsonDataEventParsesOnItsOwnAsAnArray(Target t) {
    String s = t.newStream("sse-json");
    t.create(s, JSON, null);
    t.append(s, JSON, "{\"n\":1}");
    t.append(s, JSON, "[{\"n\":2},{\"n\":3}]");
    t.append(s, JSON, "[[4]]");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "each data event of a JSON stream is on its own a JSON array of messages, together all messages in order";
      List<JsonNode> messages = new ArrayList<>();
      for (Event e : SseReader.data(r.readUntilCaughtUp(rule))) {
        JsonNode n = r.json(e, rule);
        Assertions.assertThat(n.isArray()).as(r.rule(rule)).isTrue();
        n.forEach(messages::add);
      }
      Assertions.assertThat(messages.toString()).as(r.rule(rule)).isEqualTo("[{\"n\":1}, {\"n\":2}, {\"n\":3}, [4]]");
    }
  }

  @Test
  @Check(id = "sse.json-multiline-message", requirements = {"DS-5.8-19", "DS-5.8-17"}, feature = Feature.JSON)
  void aPrettyPrintedJsonMessageArrivesAsValidJson(Target t) {
    String s = t.newStream("sse-json-lines");
    t.create(s, JSON, null);
    t.append(s, JSON, "{\r\n  \"a\": 1,\n  \"b\": \"x\\ny\"\r}");
    try (SseReader r = SseReader.open(t, s, "-1")) {
      String rule = "a JSON message containing raw line breaks arrives as a data event that parses as [{\"a\":1,\"b\":\"x\\ny\"}]";
      List<Event> data = SseReader.data(r.readUntilCaughtUp(rule));
      Assertions.assertThat(data).as(r.rule(rule)).hasSize(1);
      Assertions.assertThat(r.json(data.get(0), rule).toString()).as(r.rule(rule)).isEqualTo("[{\"a\":1,\"b\":\"x\\ny\"}]");
    }
  }

  // --- helpers ---

  private static SseReader openOnText(Target t, String hint) {
    String s = t.newStream(hint);
    t.create(s, TEXT, "hello");
    return SseReader.open(t, s, "-1");
  }

  private static byte[] decodeAll(SseReader r, List<Event> events, String rule) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Event e : SseReader.data(events)) out.writeBytes(r.base64(e, rule));
    return out.toByteArray();
  }
}
