package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON mode: message boundaries, one-level flattening, validation and array reads (PROTOCOL.md §9, §9.1). */
@Area("JSON mode")
class JsonModeChecks {

  private static String jsonStream(Target t) {
    String s = t.newStream("json");
    t.create(s, CatchUp.JSON, null);
    return s;
  }

  @Test
  @Check(id = "reads.json.single-value-wrapped", requirements = {"DS-9.1.1-01", "DS-9.1.5-01"}, feature = Feature.JSON)
  void singlePostedValueIsReadBackAsAOneElementArray(Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, "{\"message\":\"hello\"}");
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a single posted value is one message, read back inside one JSON array", "[{\"message\":\"hello\"}]");
  }

  static Stream<Arguments> flattening() {
    return Stream.of(
        Arguments.of("array of two objects", "[{\"event\":\"a\"},{\"event\":\"b\"}]", "[{\"event\":\"a\"},{\"event\":\"b\"}]"),
        Arguments.of("array of arrays", "[[1,2],[3,4]]", "[[1,2],[3,4]]"),
        Arguments.of("triple-nested array", "[[[1,2,3]]]", "[[[1,2,3]]]"),
        Arguments.of("array of mixed primitives", "[1,\"a\",null,true,2.5]", "[1,\"a\",null,true,2.5]"),
        Arguments.of("one-element array", "[{\"x\":1}]", "[{\"x\":1}]"),
        Arguments.of("array holding an empty array", "[[]]", "[[]]"),
        Arguments.of("array holding an empty object", "[{}]", "[{}]"));
  }

  @ParameterizedTest(name = "{0}: POST {1} reads {2}")
  @MethodSource("flattening")
  @Check(id = "reads.json.flatten-one-level", requirements = {"DS-9.1.2-01"}, feature = Feature.JSON)
  void postedArrayIsFlattenedExactlyOneLevel(String name, String body, String expectedRead, Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, body);
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a posted array is flattened exactly one level (" + name + ")", expectedRead);
  }

  @Test
  @Check(id = "reads.json.appends-concatenate", requirements = {"DS-9.1.1-02"}, feature = Feature.JSON)
  void severalAppendsAreReadAsOneArrayInOrder(Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, "{\"event\":\"first\"}");
    t.append(s, CatchUp.JSON, "[{\"event\":\"second\"},{\"event\":\"third\"}]");
    t.append(s, CatchUp.JSON, "[[\"nested\",\"array\"]]");
    t.append(s, CatchUp.JSON, "42");
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a read returns every message of the range in one JSON array, in append order",
        "[{\"event\":\"first\"},{\"event\":\"second\"},{\"event\":\"third\"},[\"nested\",\"array\"],42]");
  }

  @Test
  @Check(id = "reads.json.boundaries-at-append-offsets", requirements = {"DS-9.1.1-01"}, feature = Feature.JSON)
  void readFromAnOffsetBetweenAppendsReturnsOnlyLaterMessages(Target t) {
    String s = jsonStream(t);
    String between = t.append(s, CatchUp.JSON, "[{\"batch\":1},{\"batch\":1}]").nextOffset();
    t.append(s, CatchUp.JSON, "{\"batch\":2}");
    Exchange ex = CatchUp.read(t, s, between);
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "message boundaries hold: a read from between two appends holds only the later messages",
        "[{\"batch\":2}]");
  }

  @Test
  @Check(id = "reads.json.content-type", requirements = {"DS-9.1.5-01"}, feature = Feature.JSON)
  void readsAnswerContentTypeApplicationJson(Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, "{\"a\":1}");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("a read of a JSON stream answers Content-Type: application/json")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/json\\s*(;.*)?");
  }

  @Test
  @Check(id = "reads.json.empty-stream-empty-array", requirements = {"DS-9.1.5-02"}, feature = Feature.JSON)
  void readOfAnEmptyJsonStreamIsAnEmptyArray(Target t) {
    String s = jsonStream(t);
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a read of a JSON stream with no messages returns []", "[]");
  }

  @Test
  @Check(id = "reads.json.tail-empty-array", requirements = {"DS-9.1.5-02"}, feature = Feature.JSON)
  void readAtTheTailOfAJsonStreamIsAnEmptyArray(Target t) {
    String s = jsonStream(t);
    String tail = t.append(s, CatchUp.JSON, "[1,2,3]").nextOffset();
    Exchange ex = CatchUp.read(t, s, tail);
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a read at the tail of a JSON stream (no messages in range) returns []", "[]");
  }

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("string", "\"string value\""),
        Arguments.of("empty string", "\"\""),
        Arguments.of("integer", "42"),
        Arguments.of("negative decimal", "-17.25"),
        Arguments.of("exponent number", "6.02e23"),
        Arguments.of("integer beyond 64 bits", "123456789012345678901234567890"),
        Arguments.of("true", "true"),
        Arguments.of("false", "false"),
        Arguments.of("null", "null"),
        Arguments.of("empty object", "{}"),
        Arguments.of("escapes and non-ASCII text", "\"tab\\t quote\\\" slash\\\\ \\u00e9 \u00fc \u4e2d \ud83d\ude00 \\ud83d\\ude80\""),
        Arguments.of("deeply nested structure",
            "{\"user\":{\"id\":123,\"name\":\"Alice\",\"tags\":[\"admin\",\"verified\"],\"prefs\":{\"a\":[{\"b\":[null,{\"c\":[[[]]]}]}]}},"
                + "\"timestamp\":\"2024-01-01T00:00:00Z\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @Check(id = "reads.json.value-round-trip", requirements = {"DS-9.1.4-03"}, feature = Feature.JSON)
  void everyJsonValueTypeRoundTripsUnchanged(String name, String value, Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, value);
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a JSON value (" + name + ") reads back unchanged", "[" + value + "]");
  }

  @Test
  @Check(id = "reads.json.whitespace-insignificant", requirements = {"DS-9.1.5-01", "DS-9.1.4-03"}, feature = Feature.JSON)
  void whitespaceAroundPostedValuesStillReadsAsValidJson(Target t) {
    String s = jsonStream(t);
    t.append(s, CatchUp.JSON, "\r\n  {\"a\" : 1 ,\n \"b\" : [ 1 , 2 ] }\n\t ");
    t.append(s, CatchUp.JSON, "  [ \"x\" ,\n\"y\" ]  ");
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "values posted with surrounding whitespace read back as one valid JSON array",
        "[{\"a\":1,\"b\":[1,2]},\"x\",\"y\"]");
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("unquoted garbage", "{ invalid json }"),
        Arguments.of("unterminated object", "{\"a\":1"),
        Arguments.of("unterminated array", "[1,2"),
        Arguments.of("single-quoted string", "'single'"),
        Arguments.of("unquoted key", "{a:1}"),
        Arguments.of("trailing comma", "[1,2,]"),
        Arguments.of("bare word", "undefined"),
        Arguments.of("NaN", "NaN"),
        Arguments.of("two top-level values", "{\"a\":1}{\"b\":2}"),
        Arguments.of("trailing garbage", "{\"a\":1} x"),
        Arguments.of("whitespace only", "   "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  @Check(id = "reads.json.invalid-400", requirements = {"DS-9.1.4-01"}, feature = Feature.JSON)
  void invalidJsonIsRejectedWith400(String name, String body, Target t) {
    String s = jsonStream(t);
    assertThat(t.post(s).contentType(CatchUp.JSON).body(body).send())
        .as("an append of invalid JSON (" + name + ") answers 400 Bad Request")
        .hasStatus(400);
  }

  @Test
  @Check(id = "reads.json.invalid-stores-nothing", requirements = {"DS-9.1.4-01"}, feature = Feature.JSON)
  void rejectedInvalidJsonLeavesTheStreamUnchanged(Target t) {
    String s = jsonStream(t);
    String tail = t.append(s, CatchUp.JSON, "{\"kept\":true}").nextOffset();
    t.post(s).contentType(CatchUp.JSON).body("[{\"ok\":1},{broken").send();
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a rejected invalid append stores nothing: the tail is unchanged").hasStatus(200).hasHeader("Stream-Next-Offset", tail);
    CatchUp.assertJsonArray(ex, "a rejected invalid append stores nothing, not even its valid leading elements", "[{\"kept\":true}]");
  }

  @Test
  @Check(id = "reads.json.invalid-explained", requirements = {"DS-9.1.4-02"}, feature = Feature.JSON)
  void invalidJsonRejectionCarriesAnErrorMessage(Target t) {
    String s = jsonStream(t);
    assertThat(t.post(s).contentType(CatchUp.JSON).body("{\"a\":").send())
        .as("the 400 for invalid JSON carries an error message")
        .hasStatus(400)
        .hasExplanation();
  }

  @Test
  @Check(id = "reads.json.post-empty-array-400", requirements = {"DS-9.1.3-01"}, feature = Feature.JSON)
  void postOfAnEmptyArrayAnswers400(Target t) {
    String s = jsonStream(t);
    assertThat(t.post(s).contentType(CatchUp.JSON).body("[]").send())
        .as("POST [] to a JSON stream answers 400 Bad Request")
        .hasStatus(400);
  }

  @Test
  @Check(id = "reads.json.post-empty-array-stores-nothing", requirements = {"DS-9.1.3-01"}, feature = Feature.JSON)
  void rejectedEmptyArrayLeavesTheStreamUnchanged(Target t) {
    String s = jsonStream(t);
    String tail = t.append(s, CatchUp.JSON, "\"before\"").nextOffset();
    t.post(s).contentType(CatchUp.JSON).body(" [ ] ").send();
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a rejected empty-array append stores nothing: the tail is unchanged").hasStatus(200).hasHeader("Stream-Next-Offset", tail);
    CatchUp.assertJsonArray(ex, "a rejected empty-array append stores nothing", "[\"before\"]");
  }

  @Test
  @Check(id = "reads.json.put-empty-array-creates-empty", requirements = {"DS-9.1.3-02"}, feature = Feature.JSON)
  void putWithAnEmptyArrayCreatesAnEmptyStream(Target t) {
    String s = t.newStream("json");
    assertThat(t.put(s).contentType(CatchUp.JSON).body("[]").send())
        .as("PUT [] creates an empty JSON stream")
        .hasStatus(201);
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex)
        .as("the stream created by PUT [] is empty and up to date")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
    CatchUp.assertJsonArray(ex, "the stream created by PUT [] reads as []", "[]");
  }

  @Test
  @Check(id = "reads.json.charset-flattens", requirements = {"DS-9-03", "DS-9.1.2-01"}, feature = Feature.JSON)
  void jsonWithACharsetParameterIsStillFlattened(Target t) {
    String s = t.newStream("json-charset");
    String type = "application/json; charset=utf-8";
    t.create(s, type, null);
    t.append(s, type, "[{\"message\":\"hello\"},{\"message\":\"world\"}]");
    Exchange ex = CatchUp.read(t, s, "-1");
    assertThat(ex).as("a read of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "application/json; charset=utf-8 is JSON mode: arrays are flattened and reads are one array",
        "[{\"message\":\"hello\"},{\"message\":\"world\"}]");
  }

  @Test
  @Check(id = "reads.json.charset-validates", requirements = {"DS-9-03", "DS-9.1.4-01"}, feature = Feature.JSON)
  void jsonWithACharsetParameterIsStillValidated(Target t) {
    String s = t.newStream("json-charset");
    String type = "application/json; charset=utf-8";
    t.create(s, type, null);
    assertThat(t.post(s).contentType(type).body("{ not json").send())
        .as("application/json; charset=utf-8 is JSON mode: invalid JSON answers 400")
        .hasStatus(400);
  }
}
