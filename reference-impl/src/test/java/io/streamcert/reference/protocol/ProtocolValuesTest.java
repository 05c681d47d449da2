package io.streamcert.reference.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProtocolValuesTest {

  @Test
  void offsetsRoundTripInTheSixteenDigitShape() {
    assertThat(new Offset(10).toString()).isEqualTo("0000000000000000_0000000000000010");
    assertThat(Offset.parse("0000000000000000_0000000000000010")).isEqualTo(new Offset(10));
    assertThat(Offset.parse("0_5").position()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1_", "_1", "1__2", "a_1", "1_a", "1,2", "1 2", "12345678901234567_0", "1_0"})
  void malformedOrForeignOffsetsAreBadRequests(String text) {
    assertThatThrownBy(() -> Offset.parse(text))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void cursorsCountTwentySecondIntervalsAndNeverGoBackwards() {
    long at = Instant.parse("2024-10-09T00:01:00Z").toEpochMilli();
    Cursors c = new Cursors(() -> at);
    assertThat(c.next(null)).isEqualTo("3");
    assertThat(c.next("1")).isEqualTo("3");
    long collided = Long.parseLong(c.next("3"));
    assertThat(collided).isBetween(4L, 3L + 180);
    assertThat(Long.parseLong(c.next("99999999"))).isGreaterThan(99999999L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "+5", "01", "1e3", "", " 5", "99999999999999"})
  void invalidTtlsAreRejected(String ttl) {
    assertThatThrownBy(() -> Lifetime.parse(ttl, null))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void ttlAndExpiresAtTogetherAreRejectedAndEachAloneParses() {
    assertThatThrownBy(() -> Lifetime.parse("5", "2030-01-01T00:00:00Z")).isInstanceOf(ProtocolException.class);
    assertThat(Lifetime.parse("0", null).ttlSeconds()).isZero();
    assertThat(Lifetime.parse(null, "2030-01-01T01:00:00+01:00").expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> Lifetime.parse(null, "tomorrow")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void producerHeadersAreAllOrNoneAndSafeIntegers() {
    assertThat(ProducerHeaders.parse(null, null, null)).isNull();
    assertThat(ProducerHeaders.parse("p", "0", "9007199254740991").seq()).isEqualTo(9007199254740991L);
    assertThatThrownBy(() -> ProducerHeaders.parse("p", "0", null)).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> ProducerHeaders.parse("", "0", "0")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> ProducerHeaders.parse("p", "-1", "0")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> ProducerHeaders.parse("p", "0", "9007199254740992")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void jsonFlatteningKeepsNestedArraysAsMessages() {
    assertThat(joined("[[[1,2,3]]]")).isEqualTo("[[1,2,3]]");
    assertThat(JsonBatches.flatten(bytes("[[1,2],[3,4]]"), false).count()).isEqualTo(2);
    assertThat(joined("{ \"a\" : [ 1 ] }")).isEqualTo("{\"a\":[1]}");
    assertThat(JsonBatches.flatten(bytes("[]"), true).count()).isZero();
    assertThatThrownBy(() -> JsonBatches.flatten(bytes("[1] 2"), false)).isInstanceOf(ProtocolException.class);
    assertThat(new String(JsonBatches.prefix(bytes("{\"a\":1},{\"b\":2},3"), 2), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1},{\"b\":2}");
  }

  @Test
  void contentTypesCompareByMediaTypeOnly() {
    assertThat(ContentTypes.sameMediaType("Application/JSON; charset=utf-8", "application/json")).isTrue();
    assertThat(ContentTypes.isSseText("text/csv")).isTrue();
    assertThat(ContentTypes.isSseText("application/x-protobuf")).isFalse();
    assertThat(ContentTypes.isValid("not a type")).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String joined(String s) {
    return new String(JsonBatches.flatten(bytes(s), false).joined(), StandardCharsets.UTF_8);
  }
}
