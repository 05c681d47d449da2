package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.client.raw.RawRequest;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closing a stream with POST, alone or with a final append, and appends to a closed stream
 * (PROTOCOL.md §4.1, §5.2, §5.3).
 */
@Area("Closure")
class ClosureChecks {

  @Test
  @Check(id = "closure.close-only-204", requirements = {"DS-5.3-01", "DS-5.2-16"}, feature = Feature.CLOSURE)
  void closeOnlyAnswers204WithClosedHeader(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", "data");
    assertThat(close(t, s))
        .as("a close-only POST answers 204 with Stream-Closed: true and the tail offset")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "closure.close-only-keeps-tail", requirements = {"DS-5.3-01", "DS-5.2-16"}, feature = Feature.CLOSURE)
  void closeOnlyReportsTheUnchangedTail(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", null);
    String tail = t.append(s, "text/plain", "data").nextOffset();
    assertThat(close(t, s))
        .as("a close-only POST appends nothing, so Stream-Next-Offset is the tail before the close")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "closure.close-only-stores-nothing", requirements = {"DS-5.2-16"}, feature = Feature.CLOSURE)
  void closeOnlyLeavesTheDataAsItWas(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", "all of it");
    close(t, s);
    assertThat(t.get(s).send())
        .as("after a close-only POST the stream holds exactly the data written before")
        .hasStatus(200)
        .hasBody("all of it");
  }

  @Test
  @Check(id = "closure.repeat-close-204", requirements = {"DS-5.2-18", "DS-5.2-21"}, feature = Feature.CLOSURE)
  void closingAClosedStreamAgainAnswers204(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", "data");
    assertThat(close(t, s)).as("setup: the first close succeeds").hasStatus(204);
    assertThat(close(t, s))
        .as("close-only is idempotent: closing a closed stream answers 204 with Stream-Closed: true")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.repeat-close-same-offset", requirements = {"DS-5.2-18", "DS-5.3-01"}, feature = Feature.CLOSURE)
  void repeatedCloseReportsTheSameFinalOffset(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", "data");
    String finalOffset = close(t, s).nextOffset();
    assertThat(close(t, s))
        .as("a repeated close reports the same final offset as the first")
        .hasHeader("Stream-Next-Offset", finalOffset);
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @NullSource
  @ValueSource(strings = {"application/json", "application/octet-stream"})
  @Check(id = "closure.close-only-ignores-content-type", requirements = {"DS-5.2-06", "DS-5.2-07", "DS-5.2-08"},
      feature = Feature.CLOSURE)
  void closeOnlyIsNotJudgedByContentType(String contentType, Target t) {
    String s = t.newStream("close-ct");
    t.create(s, "text/plain", "data");
    assertThat(t.post(s).contentType(contentType).header("Stream-Closed", "true").send())
        .as("a close-only POST has no body, so its Content-Type (absent or different) cannot make it fail")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.close-only-without-body-framing", requirements = {"DS-5.2-16"}, feature = Feature.CLOSURE)
  void closeOnlyWithoutContentLengthCloses(Target t) {
    String s = t.newStream("close");
    t.create(s, "text/plain", "data");
    assertThat(t.send(RawRequest.builder("POST", s).header("Stream-Closed", "true").build()))
        .as("a POST with Stream-Closed: true and no body at all (no Content-Length) is a close")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.append-and-close-204", requirements = {"DS-5.2-15", "DS-5.2-21"}, feature = Feature.CLOSURE)
  void appendAndCloseAnswers204WithClosedHeader(Target t) {
    String s = t.newStream("close-final");
    t.create(s, "text/plain", "first|");
    assertThat(t.post(s).contentType("text/plain").header("Stream-Closed", "true").body("last").send())
        .as("an append with Stream-Closed: true succeeds and reports the stream closed")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "closure.append-and-close-stores-body", requirements = {"DS-5.2-15"}, feature = Feature.CLOSURE)
  void appendAndCloseStoresItsBodyAsTheLastData(Target t) {
    String s = t.newStream("close-final");
    t.create(s, "text/plain", "first|");
    t.post(s).contentType("text/plain").header("Stream-Closed", "true").body("last").send();
    assertThat(t.get(s).send())
        .as("the body of an append-and-close is stored as the stream's final data")
        .hasStatus(200)
        .hasBody("first|last");
  }

  @Test
  @Check(id = "closure.append-and-close-offset-final", requirements = {"DS-5.2-15", "DS-5.5-05"}, feature = Feature.CLOSURE)
  void appendAndCloseReportsTheFinalOffset(Target t) {
    String s = t.newStream("close-final");
    t.create(s, "text/plain", null);
    String finalOffset = t.post(s).contentType("text/plain").header("Stream-Closed", "true").body("only").send()
        .nextOffset();
    assertThat(t.head(s).send())
        .as("after an append-and-close, HEAD shows the closed stream at the offset the append reported")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", finalOffset)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.append-to-closed-409", requirements = {"DS-5.2-22"}, feature = Feature.CLOSURE)
  void appendToAClosedStreamAnswers409WithClosedHeader(Target t) {
    String s = t.newStream("closed-append");
    t.create(s, "text/plain", "data");
    close(t, s);
    assertThat(t.post(s).contentType("text/plain").body("too late").send())
        .as("an append to a closed stream is a conflict flagged with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.append-to-closed-final-offset", requirements = {"DS-5.2-23"}, feature = Feature.CLOSURE)
  void appendToAClosedStreamReportsItsFinalOffset(Target t) {
    String s = t.newStream("closed-append");
    t.create(s, "text/plain", "data");
    String finalOffset = close(t, s).nextOffset();
    assertThat(t.post(s).contentType("text/plain").body("too late").send())
        .as("the 409 for an append to a closed stream carries the final offset in Stream-Next-Offset")
        .hasStatus(409)
        .hasHeader("Stream-Next-Offset", finalOffset);
  }

  @Test
  @Check(id = "closure.append-to-closed-stores-nothing", requirements = {"DS-4-05", "DS-5.2-22"}, feature = Feature.CLOSURE)
  void appendToAClosedStreamStoresNothing(Target t) {
    String s = t.newStream("closed-append");
    t.create(s, "text/plain", "data");
    close(t, s);
    t.post(s).contentType("text/plain").body("too late").send();
    assertThat(t.get(s).send())
        .as("an append refused because the stream is closed leaves its data unchanged")
        .hasStatus(200)
        .hasBody("data");
  }

  @Test
  @Check(id = "closure.append-and-close-on-closed-409", requirements = {"DS-5.2-19"}, feature = Feature.CLOSURE)
  void appendAndCloseOnAClosedStreamAnswers409(Target t) {
    String s = t.newStream("closed-append");
    t.create(s, "text/plain", "data");
    close(t, s);
    assertThat(t.post(s).contentType("text/plain").header("Stream-Closed", "true").body("again").send())
        .as("append-and-close is not idempotent without producer headers: on a closed stream it is a 409")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.monotonic", requirements = {"DS-4-05", "DS-5.5-05"}, feature = Feature.CLOSURE)
  void aClosedStreamStaysClosed(Target t) {
    String s = t.newStream("closed-monotonic");
    t.create(s, "text/plain", "data");
    close(t, s);
    t.post(s).contentType("text/plain").body("a").send();
    t.post(s).contentType("text/plain").header("Stream-Closed", "false").body("b").send();
    t.put(s).contentType("text/plain").send();
    assertThat(t.head(s).send())
        .as("closure is monotonic: refused appends and re-creates do not reopen the stream")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "Stream-Closed: {0}")
  @ValueSource(strings = {"true", "TRUE", "True", "tRuE"})
  @Check(id = "closure.value-any-case-closes", requirements = {"DS-4.1-01"}, feature = Feature.CLOSURE)
  void trueInAnyCaseCloses(String value, Target t) {
    String s = t.newStream("closed-value");
    t.create(s, "text/plain", "data");
    assertThat(t.post(s).header("Stream-Closed", value).send())
        .as("'true' compared case-insensitively closes the stream")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
    assertThat(t.head(s).send()).as("the stream is closed afterwards").hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "Stream-Closed: \"{0}\"")
  @ValueSource(strings = {"false", "yes", "1", ""})
  @Check(id = "closure.other-values-plain-append", requirements = {"DS-4.1-02", "DS-4.1-03"}, feature = Feature.CLOSURE)
  void otherValuesMakeAPlainAppend(String value, Target t) {
    String s = t.newStream("closed-value");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType("text/plain").header("Stream-Closed", value).body("data").send())
        .as("a Stream-Closed value other than 'true' is ignored: the append succeeds and does not close")
        .hasStatus(204)
        .hasNoHeader("Stream-Closed");
    assertThat(t.head(s).send()).as("the stream is still open").hasStatus(200).hasNoHeader("Stream-Closed");
  }

  @ParameterizedTest(name = "Stream-Closed: \"{0}\"")
  @ValueSource(strings = {"false", "yes", "1", ""})
  @Check(id = "closure.other-values-empty-post-400", requirements = {"DS-4.1-02", "DS-5.2-20"}, feature = Feature.CLOSURE)
  void otherValuesDoNotMakeAnEmptyPostAClose(String value, Target t) {
    String s = t.newStream("closed-value");
    t.create(s, "text/plain", "data");
    assertThat(t.post(s).contentType("text/plain").header("Stream-Closed", value).send())
        .as("with a non-'true' Stream-Closed an empty POST is an empty append, which is a bad request")
        .hasStatus(400);
    assertThat(t.head(s).send()).as("the stream is still open").hasStatus(200).hasNoHeader("Stream-Closed");
  }

  @ParameterizedTest(name = "{0}: true")
  @ValueSource(strings = {"stream-closed", "STREAM-CLOSED"})
  @Check(id = "closure.header-name-any-case", requirements = {"DS-5.2-30", "DS-4.1-01"}, feature = Feature.CLOSURE)
  void streamClosedHeaderNameMatchesInAnyCase(String name, Target t) {
    String s = t.newStream("closed-name");
    t.create(s, "text/plain", "data");
    assertThat(t.post(s).header(name, "true").send())
        .as("a re-cased Stream-Closed header name still closes the stream")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closure.missing-stream-404", requirements = {"DS-5.3-02"}, feature = Feature.CLOSURE)
  void closingAMissingStreamAnswers404(Target t) {
    String s = t.newStream("close-missing");
    assertThat(close(t, s)).as("closing a stream that does not exist is 404").hasStatus(404);
  }

  private static Exchange close(Target t, String stream) {
    return t.post(stream).header("Stream-Closed", "true").send();
  }
}
