package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and reporting of {@code Stream-TTL} and {@code Stream-Expires-At} on create (PROTOCOL.md §5.1, §5.5). */
@Area("TTL and expiry")
class TtlChecks {

  private static final String TEXT = "text/plain";

  @ParameterizedTest(name = "Stream-TTL: {0}")
  @ValueSource(strings = {"+3600", "03600", "3600.0", "3.6e3", "-1", "abc", "0x10", "60s"})
  @Check(id = "ttl.malformed-ttl-400", requirements = {"DS-5.1-12"}, feature = Feature.TTL)
  void malformedTtlAnswers400(String ttl, Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", ttl).send())
        .as("a Stream-TTL that is not a non-negative decimal integer without sign, leading zeros, point or exponent is answered 400")
        .hasStatus(400);
    assertThat(t.head(s).send()).as("the rejected PUT creates no stream").hasStatus(404);
  }

  @ParameterizedTest(name = "Stream-TTL: {0}")
  @ValueSource(strings = {"0", "3600", "86400"})
  @Check(id = "ttl.well-formed-ttl-201", requirements = {"DS-5.1-12"}, feature = Feature.TTL)
  void wellFormedTtlIsAccepted(String ttl, Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", ttl).send())
        .as("a Stream-TTL that is a non-negative decimal integer is accepted")
        .hasStatus(201);
  }

  @ParameterizedTest(name = "Stream-Expires-At: {0}")
  @ValueSource(strings = {"not-a-timestamp", "2030-01-01", "2030-01-01T00:00:00", "2030-13-01T00:00:00Z",
      "Tue, 01 Jan 2030 00:00:00 GMT", "1893456000"})
  @Check(id = "ttl.malformed-expires-at-400", requirements = {"DS-5.1-20"}, feature = Feature.TTL)
  void malformedExpiresAtAnswers400(String expiresAt, Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", expiresAt).send())
        .as("a Stream-Expires-At that is not an RFC 3339 timestamp is answered 400")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-Expires-At with {0}")
  @ValueSource(strings = {"Z", "+00:00", "-05:00", "fractional seconds"})
  @Check(id = "ttl.rfc3339-expires-at-201", requirements = {"DS-5.1-20"}, feature = Feature.TTL)
  void rfc3339ExpiresAtIsAcceptedAndReported(String form, Target t) {
    String s = t.newStream("ttl");
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofHours(1));
    String text = switch (form) {
      case "Z" -> Expiry.rfc3339(at);
      case "+00:00" -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)).replace("Z", "+00:00");
      case "-05:00" -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(-5)));
      default -> Expiry.rfc3339(at.plusMillis(250));
    };
    Instant expected = form.equals("fractional seconds") ? at.plusMillis(250) : at;
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", text).send())
        .as("an RFC 3339 Stream-Expires-At (" + text + ") is accepted")
        .hasStatus(201);
    Exchange head = t.head(s).send();
    assertThat(head).as("the stream exists until its expiry").hasStatus(200);
    if (!form.equals("fractional seconds")) {
      Expiry.assertExpiresAt(head, "HEAD reports the Stream-Expires-At given on create", expected);
    }
  }

  @Test
  @Check(id = "ttl.both-ttl-and-expires-at-400", requirements = {"DS-5.1-21"}, feature = Feature.TTL)
  void ttlTogetherWithExpiresAtAnswers400(Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT)
            .header("Stream-TTL", "3600")
            .header("Stream-Expires-At", Expiry.rfc3339(Expiry.wholeSecondsFromNow(Duration.ofHours(1))))
            .send())
        .as("a PUT with both Stream-TTL and Stream-Expires-At is answered 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "ttl.head-reports-ttl", requirements = {"DS-5.5-04"}, feature = Feature.TTL)
  void headReportsTheStreamTtl(Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "3600").send()).as("setup").hasStatus(201);
    assertThat(t.head(s).send())
        .as("HEAD reports the stream's Stream-TTL")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "3600")
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "ttl.head-reports-expires-at", requirements = {"DS-5.5-04"}, feature = Feature.TTL)
  void headReportsTheStreamExpiresAt(Target t) {
    String s = t.newStream("ttl");
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofHours(2));
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at)).send()).as("setup").hasStatus(201);
    Exchange head = t.head(s).send();
    assertThat(head).as("HEAD on a stream with an expiry").hasStatus(200).hasNoHeader("Stream-TTL");
    Expiry.assertExpiresAt(head, "HEAD reports the stream's Stream-Expires-At", at);
  }

  @Test
  @Check(id = "ttl.recreate-same-ttl-200", requirements = {"DS-5.1-02"}, feature = Feature.TTL)
  void recreatingWithTheSameTtlAnswers200(Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "3600").send()).as("setup").hasStatus(201);
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "3600").send())
        .as("re-creating a stream with the same Stream-TTL is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "ttl.recreate-other-ttl-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithAnotherTtlAnswers409(Target t) {
    String s = t.newStream("ttl");
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "3600").send()).as("setup").hasStatus(201);
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "7200").send())
        .as("re-creating a stream with another Stream-TTL is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "ttl.recreate-same-expires-at-200", requirements = {"DS-5.1-02"}, feature = Feature.TTL)
  void recreatingWithTheSameExpiresAtAnswers200(Target t) {
    String s = t.newStream("ttl");
    String at = Expiry.rfc3339(Expiry.wholeSecondsFromNow(Duration.ofHours(1)));
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", at).send()).as("setup").hasStatus(201);
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", at).send())
        .as("re-creating a stream with the same Stream-Expires-At is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "ttl.recreate-other-expires-at-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithAnotherExpiresAtAnswers409(Target t) {
    String s = t.newStream("ttl");
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofHours(1));
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at)).send()).as("setup").hasStatus(201);
    assertThat(t.put(s).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at.plusSeconds(60))).send())
        .as("re-creating a stream with another Stream-Expires-At is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "ttl.recreate-ttl-instead-of-none-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithATtlWhereThereWasNoneAnswers409(Target t) {
    String s = t.newStream("ttl");
    t.create(s, TEXT, null);
    assertThat(t.put(s).contentType(TEXT).header("Stream-TTL", "3600").send())
        .as("re-creating a stream without lifetime with a Stream-TTL is a conflict")
        .hasStatus(409);
  }
}
