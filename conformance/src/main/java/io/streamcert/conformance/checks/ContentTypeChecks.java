package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stream content types: arbitrary MIME types kept and returned, matched without regard to case,
 * and enforced on appends (PROTOCOL.md §9, §5.1, §5.2, §12.4).
 */
@Area("Content-Type")
class ContentTypeChecks {

  private static String mediaTypeRegex(String type) {
    return "(?i)" + Pattern.quote(type) + "\\s*(;.*)?";
  }

  @ParameterizedTest(name = "a {0} stream keeps its bytes and reports its type")
  @ValueSource(strings = {
      "text/plain", "application/octet-stream", "application/ndjson", "application/x-protobuf",
      "text/csv", "application/vnd.example.events+cbor", "image/png"})
  @Check(id = "ctype.arbitrary-type-kept", requirements = {"DS-9-01", "DS-5.6-02"})
  void anyMimeTypeIsAcceptedAndReturnedOnReads(String type, Target t) {
    String s = t.newStream("ct-any");
    assertThat(t.put(s).contentType(type).body("payload-1").send()).as("create a " + type + " stream").hasStatus(201);
    assertThat(t.post(s).contentType(type).body("payload-2").send()).as("append with the stream's type").isSuccess();
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a stream of any MIME type stores bytes as given and returns its content type on reads")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", mediaTypeRegex(type))
        .hasBody("payload-1payload-2");
  }

  @ParameterizedTest(name = "append to a text/plain stream with Content-Type: {0}")
  @ValueSource(strings = {"TEXT/PLAIN", "Text/Plain", "text/PLAIN"})
  @Check(id = "ctype.append-case-insensitive", requirements = {"DS-9-02"})
  void appendContentTypeIsMatchedWithoutRegardToCase(String variant, Target t) {
    String s = t.newStream("ct-case");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType(variant).body("test").send())
        .as("media types are case-insensitive: " + variant + " matches a text/plain stream")
        .hasStatus(204);
  }

  @ParameterizedTest(name = "re-create an application/json stream with Content-Type: {0}")
  @ValueSource(strings = {"APPLICATION/JSON", "Application/Json"})
  @Check(id = "ctype.recreate-case-insensitive", requirements = {"DS-5.1-08", "DS-9-02"})
  void recreateContentTypeIsComparedWithoutRegardToCase(String variant, Target t) {
    String s = t.newStream("ct-case-put");
    assertThat(t.put(s).contentType("application/json").send()).as("create").hasStatus(201);
    assertThat(t.put(s).contentType(variant).send())
        .as("a re-create whose content type differs only in case has the same configuration")
        .hasStatus(200);
  }

  @ParameterizedTest(name = "a {0} stream refuses an append of {1} with 409")
  @CsvSource({
      "text/plain, application/json, '{\"a\":1}'",
      "text/plain, text/html, <p>x</p>",
      "text/plain, text/csv, 'a,b'",
      "application/json, text/plain, '{\"a\":1}'",
      "application/octet-stream, text/plain, bytes",
      "application/x-protobuf, application/octet-stream, bytes"})
  @Check(id = "ctype.append-mismatch-409", requirements = {"DS-5.2-04", "DS-12.4-01"})
  void appendWithAnotherValidContentTypeIsAConflict(String streamType, String appendType, String body, Target t) {
    String s = t.newStream("ct-mismatch");
    t.create(s, streamType, null);
    assertThat(t.post(s).contentType(appendType).body(body).send())
        .as("an append whose valid content type differs from the stream's is refused with 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "ctype.mismatch-writes-nothing", requirements = {"DS-12.4-01"})
  void aRefusedMismatchedAppendStoresNothing(Target t) {
    String s = t.newStream("ct-mismatch-nothing");
    String tail = t.put(s).contentType("text/plain").body("kept").send().nextOffset();
    assertThat(t.post(s).contentType("text/html").body("<script>alert(1)</script>").send()).as("mismatch").hasStatus(409);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("content of a mismatched type never enters the stream (type confusion)")
        .hasStatus(200)
        .hasBody("kept")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "ctype.append-without-content-type-400", requirements = {"DS-5.2-05"})
  void appendWithABodyButNoContentTypeIsRefusedWith400(Target t) {
    String s = t.newStream("ct-missing");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).body("data").send())
        .as("an append with a body and no Content-Type is a malformed request: 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "ctype.parameters-kept-matching", requirements = {"DS-5.2-04", "DS-9-01"})
  void aContentTypeWithParametersAcceptsAppendsOfTheSameType(Target t) {
    String s = t.newStream("ct-params");
    assertThat(t.put(s).contentType("text/plain; charset=utf-8").send()).as("create").hasStatus(201);
    assertThat(t.post(s).contentType("text/plain; charset=utf-8").body("héllo").send())
        .as("an append with exactly the stream's content type, parameters included, is accepted")
        .hasStatus(204);
  }

  @ParameterizedTest(name = "a stream created as {0} runs in JSON mode")
  @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON"})
  @Check(id = "ctype.json-with-parameters-is-json-mode", requirements = {"DS-9-03", "DS-9-02"}, feature = Feature.JSON)
  void jsonWithParametersOrCaseIsStillJsonMode(String type, Target t) {
    String s = t.newStream("ct-json-param");
    assertThat(t.put(s).contentType(type).send()).as("create").hasStatus(201);
    assertThat(t.post(s).contentType(type).body("{\"a\":1}").send()).as("append one JSON message").hasStatus(204);
    assertThat(t.post(s).contentType(type).body("[{\"b\":2},{\"c\":3}]").send()).as("append a batch").hasStatus(204);
    Exchange read = t.get(s).query("offset", "-1").send();
    assertThat(read).as("a read of a JSON-mode stream is one JSON array of its messages").hasStatus(200);
    String body = read.bodyText().replaceAll("\\s", "");
    if (!body.equals("[{\"a\":1},{\"b\":2},{\"c\":3}]")) {
      throw new AssertionError("[" + type + " is application/json: messages are kept and batches flattened] expected the array "
          + "[{\"a\":1},{\"b\":2},{\"c\":3}] but the body was " + read.bodyText() + "\n--- exchange ---\n" + read);
    }
  }
}
