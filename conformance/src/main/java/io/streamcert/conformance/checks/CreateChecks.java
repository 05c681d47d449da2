package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream creation with PUT: status codes, response headers and initial content (PROTOCOL.md §5.1). */
@Area("Create")
class CreateChecks {

  @Test
  @Check(id = "create.new-stream-201", requirements = {"DS-5.1-01"})
  void createsANewStreamWith201(Target t) {
    String s = t.newStream("create");
    assertThat(t.put(s).contentType("text/plain").send())
        .as("a PUT to a new path creates the stream and answers 201 with its content type and tail offset")
        .hasStatus(201)
        .hasHeaderMatching("Content-Type", "(?i)text/plain\\s*(;.*)?")
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "create.idempotent-same-config-200", requirements = {"DS-5.1-02"})
  void recreatingWithTheSameConfigAnswers200(Target t) {
    String s = t.newStream("create");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").send())
        .as("re-creating with the same configuration is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "create.different-content-type-409", requirements = {"DS-5.1-03"})
  void recreatingWithAnotherContentTypeConflicts(Target t) {
    String s = t.newStream("create");
    t.create(s, "text/plain", null);
    Exchange ex = t.put(s).contentType("application/json").send();
    assertThat(ex).as("a different configuration on an existing path is a conflict").hasStatus(409);
  }

  @Test
  @Check(id = "create.location-on-201", requirements = {"DS-5.1-26"})
  void created201CarriesLocationOfTheStream(Target t) {
    String s = t.newStream("create-location");
    Exchange ex = t.put(s).contentType("text/plain").send();
    assertThat(ex).as("a 201 SHOULD carry Location equal to the stream URL").hasStatus(201).hasHeader("Location");
    String location = ex.header("Location").orElseThrow();
    // Location may be absolute or relative to the request; either way it must resolve to the stream.
    URI resolved = t.origin().resolve(location);
    if (!s.equals(resolved.getRawPath()) || resolved.getRawQuery() != null) {
      throw new AssertionError("[a 201 SHOULD carry Location equal to the stream URL] Location '" + location
          + "' resolves to " + resolved + ", not to the stream " + s + "\n--- exchange ---\n" + ex);
    }
  }

  @Test
  @Check(id = "create.201-echoes-content-type", requirements = {"DS-5.1-01", "DS-9-01"})
  void created201CarriesTheStreamContentType(Target t) {
    String s = t.newStream("create-ct");
    assertThat(t.put(s).contentType("application/x-protobuf").send())
        .as("the response to a create carries the stream's content type")
        .hasStatus(201)
        .hasHeaderMatching("Content-Type", "(?i)application/x-protobuf\\s*(;.*)?");
  }

  @Test
  @Check(id = "create.200-carries-content-type-and-tail", requirements = {"DS-5.1-02"})
  void idempotent200CarriesContentTypeAndTheCurrentTail(Target t) {
    String s = t.newStream("create-200-hdr");
    t.create(s, "text/plain", "abc");
    String tail = t.append(s, "text/plain", "def").nextOffset();
    assertThat(t.put(s).contentType("text/plain").send())
        .as("a 200 to an idempotent create carries the content type and the current tail offset")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)text/plain\\s*(;.*)?")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "create.initial-body-is-first-content", requirements = {"DS-5.1-11"})
  void initialBodyBecomesTheFirstContent(Target t) {
    String s = t.newStream("create-body");
    Exchange put = t.put(s).contentType("text/plain").body("first bytes").send();
    assertThat(put).as("a PUT with a body creates the stream").hasStatus(201);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("the PUT body forms the first content of the stream")
        .hasStatus(200)
        .hasBody("first bytes");
  }

  @Test
  @Check(id = "create.next-offset-is-tail-after-initial-body", requirements = {"DS-5.1-01", "DS-5.1-11"})
  void createNextOffsetIsTheTailAfterTheInitialBody(Target t) {
    String s = t.newStream("create-tail");
    String created = t.put(s).contentType("text/plain").body("0123456789").send().nextOffset();
    Exchange read = t.get(s).query("offset", "-1").send();
    assertThat(read)
        .as("Stream-Next-Offset of the 201 is the tail after the initial content, where a full read ends")
        .hasStatus(200)
        .hasBody("0123456789")
        .hasHeader("Stream-Next-Offset", created);
  }

  @Test
  @Check(id = "create.empty-stream-reads-empty", requirements = {"DS-5.1-01"})
  void aStreamCreatedWithoutBodyIsEmptyAtItsCreateOffset(Target t) {
    String s = t.newStream("create-empty");
    String created = t.put(s).contentType("text/plain").send().nextOffset();
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a stream created without a body is empty and its tail is the offset the 201 gave")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeader("Stream-Next-Offset", created);
  }

  @Test
  @Check(id = "create.binary-initial-body-byte-exact", requirements = {"DS-5.1-11", "DS-5.2-29"})
  void binaryInitialBodyIsStoredByteForByte(Target t) {
    String s = t.newStream("create-bin");
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
    assertThat(t.put(s).contentType("application/octet-stream").body(bytes).send())
        .as("a PUT with a binary body creates the stream").hasStatus(201);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("initial bytes, every byte value included, are stored exactly")
        .hasStatus(200)
        .hasBody(bytes);
  }

  @Test
  @Check(id = "create.same-config-200-keeps-data", requirements = {"DS-5.1-02"})
  void idempotentCreateNeitherClearsNorAppends(Target t) {
    String s = t.newStream("create-keep");
    t.create(s, "text/plain", "kept");
    assertThat(t.put(s).contentType("text/plain").send()).as("same config re-create").hasStatus(200);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("an idempotent re-create leaves the stream's data as it was")
        .hasStatus(200)
        .hasBody("kept");
  }

  @Test
  @Check(id = "create.put-without-content-type-uses-a-default", requirements = {"DS-5.1-10"})
  void createWithoutContentTypeGetsADefaultTypeReportedConsistently(Target t) {
    String s = t.newStream("create-no-ct");
    Exchange put = t.put(s).send();
    assertThat(put).as("a PUT without Content-Type still creates the stream").hasStatus(201).hasHeader("Content-Type");
    assertThat(t.head(s).send())
        .as("the default content type given on create is the one the stream keeps")
        .hasStatus(200)
        .hasHeader("Content-Type", put.header("Content-Type").orElseThrow());
  }

  @Test
  @Check(id = "create.closed-201-with-header", requirements = {"DS-5.1-24"}, feature = Feature.CLOSURE)
  void putWithStreamClosedCreatesAClosedStream(Target t) {
    String s = t.newStream("create-closed");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("a PUT with Stream-Closed: true creates the stream closed and says so")
        .hasStatus(201)
        .hasHeader("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset");
    assertThat(t.head(s).send())
        .as("a stream created closed is closed")
        .hasStatus(200)
        .hasHeader("Stream-Closed", "true");
  }

  @Test
  @Check(id = "create.closed-with-body-is-final-content", requirements = {"DS-5.1-24"}, feature = Feature.CLOSURE)
  void putWithStreamClosedAndBodyMakesTheBodyTheFinalContent(Target t) {
    String s = t.newStream("create-closed-body");
    String tail = t.put(s).contentType("text/plain").header("Stream-Closed", "true").body("complete").send().nextOffset();
    assertThat(t.get(s).query("offset", "-1").send())
        .as("the body of a create-and-close is the complete content, read with the EOF signal")
        .hasStatus(200)
        .hasBody("complete")
        .hasHeader("Stream-Next-Offset", tail)
        .hasHeader("Stream-Closed", "true");
  }

  @Test
  @Check(id = "create.open-201-has-no-closed-header", requirements = {"DS-5.1-24"}, feature = Feature.CLOSURE)
  void putWithoutStreamClosedAnswersWithoutStreamClosed(Target t) {
    String s = t.newStream("create-open");
    assertThat(t.put(s).contentType("text/plain").send())
        .as("Stream-Closed is present on a create response only when the stream was created closed")
        .hasStatus(201)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "create.default-content-type-octet-stream", requirements = {"DS-5.1-09"})
  void createWithoutContentTypeDefaultsToOctetStream(Target t) {
    String s = t.newStream("create-default-ct");
    assertThat(t.put(s).send())
        .as("a PUT without Content-Type MAY give the stream the type application/octet-stream")
        .hasStatus(201)
        .hasHeaderMatching("Content-Type", "(?i)application/octet-stream\\s*(;.*)?");
  }

  @ParameterizedTest(name = "Stream-Closed: {0} on PUT creates the stream closed")
  @ValueSource(strings = {"TRUE", "True", "tRuE"})
  @Check(id = "create.closed-value-any-case", requirements = {"DS-4.1-01", "DS-5.1-24"}, feature = Feature.CLOSURE)
  void streamClosedTrueIsRecognizedInAnyCase(String value, Target t) {
    String s = t.newStream("create-closed-case");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", value).send())
        .as("Stream-Closed is present when its value is 'true' compared case-insensitively")
        .hasStatus(201)
        .hasHeader("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "Stream-Closed: ''{0}'' on PUT is ignored")
  @ValueSource(strings = {"false", "yes", "1", "", "truee"})
  @Check(id = "create.closed-other-values-ignored", requirements = {"DS-4.1-02", "DS-4.1-03"}, feature = Feature.CLOSURE)
  void otherStreamClosedValuesCreateAnOpenStream(String value, Target t) {
    String s = t.newStream("create-closed-other");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", value).send())
        .as("a Stream-Closed value other than 'true' is treated as absent, without an error")
        .hasStatus(201)
        .hasNoHeader("Stream-Closed");
    assertThat(t.head(s).send())
        .as("the stream created with a non-'true' Stream-Closed value is open")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }
}
