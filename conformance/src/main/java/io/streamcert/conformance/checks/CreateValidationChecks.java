package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The syntax of the lifetime headers of a create, {@code Stream-TTL} and {@code Stream-Expires-At}:
 * what is accepted, what is refused with 400, and that a refused create leaves no stream behind
 * (PROTOCOL.md §5.1).
 */
@Area("Create")
class CreateValidationChecks {

  @ParameterizedTest(name = "Stream-TTL: ''{0}'' is refused with 400")
  @ValueSource(strings = {"abc", "-1", "03600", "+3600", "3600.0", "3.6e3", "", "0x10", "1 000", "3600s"})
  @Check(id = "create.malformed-ttl-400", requirements = {"DS-5.1-12"}, feature = Feature.TTL)
  void malformedTtlIsRefusedWith400(String ttl, Target t) {
    String s = t.newStream("ttl-bad");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", ttl).send())
        .as("Stream-TTL must be a non-negative decimal integer without sign, leading zeros, point or exponent")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-TTL: {0} is accepted")
  @ValueSource(strings = {"0", "1", "3600", "31536000"})
  @Check(id = "create.valid-ttl-accepted", requirements = {"DS-5.1-12"}, feature = Feature.TTL)
  void wellFormedTtlIsAccepted(String ttl, Target t) {
    String s = t.newStream("ttl-ok");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", ttl).send())
        .as("a non-negative decimal integer is a valid Stream-TTL")
        .hasStatus(201);
  }

  @Test
  @Check(id = "create.refused-ttl-creates-nothing", requirements = {"DS-5.1-12"}, feature = Feature.TTL)
  void aCreateRefusedForItsTtlLeavesNoStream(Target t) {
    String s = t.newStream("ttl-bad-nothing");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "03600").send()).as("malformed TTL").hasStatus(400);
    assertThat(t.head(s).send())
        .as("a create refused with 400 must not leave a stream behind")
        .hasStatus(404);
  }

  @Test
  @Check(id = "create.ttl-and-expires-at-400", requirements = {"DS-5.1-21"}, feature = Feature.TTL)
  void ttlTogetherWithExpiresAtIsRefusedWith400(Target t) {
    String s = t.newStream("ttl-and-exp");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").header("Stream-Expires-At", "2099-01-01T00:00:00Z").send())
        .as("a create with both Stream-TTL and Stream-Expires-At SHOULD be refused with 400")
        .hasStatus(400);
    assertThat(t.head(s).send()).as("the refused create leaves no stream").hasStatus(404);
  }

  @ParameterizedTest(name = "Stream-Expires-At: ''{0}'' is refused with 400")
  @ValueSource(strings = {
      "not-a-timestamp",
      "2099-13-01T00:00:00Z",
      "2099-02-30T00:00:00Z",
      "2099-01-01",
      "2099-01-01T00:00:00",
      "4070908800",
      "Thu, 01 Jan 2099 00:00:00 GMT",
      ""})
  @Check(id = "create.malformed-expires-at-400", requirements = {"DS-5.1-20"}, feature = Feature.TTL)
  void malformedExpiresAtIsRefusedWith400(String value, Target t) {
    String s = t.newStream("exp-bad");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", value).send())
        .as("Stream-Expires-At must be an RFC 3339 date-time with a time offset")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-Expires-At: {0} is accepted and reported as the same instant")
  @ValueSource(strings = {
      "2099-01-01T00:00:00Z",
      "2099-01-01T02:00:00+02:00",
      "2098-12-31T19:30:00-04:30",
      "2099-01-01T00:00:00.250Z",
      "2099-01-01t00:00:00z"})
  @Check(id = "create.valid-expires-at-accepted", requirements = {"DS-5.1-20", "DS-5.5-04"}, feature = Feature.TTL)
  void rfc3339ExpiresAtIsAcceptedAndKept(String value, Target t) {
    String s = t.newStream("exp-ok");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", value).send())
        .as("an RFC 3339 timestamp (any offset, fractional seconds, either letter case) is a valid Stream-Expires-At")
        .hasStatus(201);
    Exchange head = t.head(s).send();
    assertThat(head).as("HEAD reports the absolute expiry the stream was created with").hasStatus(200).hasHeader("Stream-Expires-At");
    Instant wanted = OffsetDateTime.parse(value.toUpperCase()).toInstant();
    String reported = head.header("Stream-Expires-At").orElseThrow();
    Instant got;
    try {
      got = OffsetDateTime.parse(reported.toUpperCase()).toInstant();
    } catch (DateTimeParseException e) {
      throw new AssertionError("[HEAD reports Stream-Expires-At as RFC 3339] '" + reported + "' is not an RFC 3339 timestamp\n--- exchange ---\n" + head);
    }
    if (!got.equals(wanted)) {
      throw new AssertionError("[HEAD reports the expiry the stream was created with] created with " + value + " (" + wanted
          + ") but HEAD reports " + reported + " (" + got + ")\n--- exchange ---\n" + head);
    }
  }
}
