package io.streamcert.client.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawRequestTest {

  private static String encode(RawRequest request) {
    return new String(request.encode("example.test:80"), StandardCharsets.ISO_8859_1);
  }

  @Test
  void sendsTheTargetVerbatimWithDotSegmentsEscapesNulAndSpaces() {
    RawRequest request = RawRequest.builder("GET", "/v1/stream/../%2e%2e/a\0b c").build();

    assertThat(encode(request)).startsWith("GET /v1/stream/../%2e%2e/a\0b c HTTP/1.1\r\n");
  }

  @Test
  void addsHostAndContentLengthWhenTheCallerGaveNone() {
    RawRequest request = RawRequest.builder("POST", "/s").header("Content-Type", "text/plain").body("hello").build();

    assertThat(encode(request)).isEqualTo(
        "POST /s HTTP/1.1\r\nHost: example.test:80\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
  }

  @Test
  void keepsHeaderOrderCasingAndDuplicatesAndAddsNothingTheCallerGave() {
    RawRequest request = RawRequest.builder("PUT", "/s")
        .header("stream-ttl", "1")
        .header("HOST", "other")
        .header("Stream-TTL", "2")
        .header("content-length", "7")
        .body("abc")
        .build();

    assertThat(encode(request)).isEqualTo(
        "PUT /s HTTP/1.1\r\nstream-ttl: 1\r\nHOST: other\r\nStream-TTL: 2\r\ncontent-length: 7\r\n\r\nabc");
  }

  @Test
  void encodesChunksWithHexSizesAndTheLastChunk() {
    RawRequest request = RawRequest.builder("POST", "/s").chunked("hello", "0123456789abcdef!").build();

    assertThat(encode(request)).isEqualTo("POST /s HTTP/1.1\r\nHost: example.test:80\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n11\r\n0123456789abcdef!\r\n0\r\n\r\n");
  }

  @Test
  void withoutAutoHeadersSendsTheHeadExactlyAsBuilt() {
    RawRequest request = RawRequest.builder("POST", "/s").autoHeaders(false).body("xy").build();

    assertThat(encode(request)).isEqualTo("POST /s HTTP/1.1\r\n\r\nxy");
  }

  @Test
  void anEmptyVersionLeavesTheRequestLineWithoutIt() {
    RawRequest request = RawRequest.builder("GET", "/s").version("").autoHeaders(false).build();

    assertThat(encode(request)).isEqualTo("GET /s\r\n\r\n");
  }

  @Test
  void verbatimBytesAreSentUnchangedAndNamedByTheirFirstLine() {
    byte[] bytes = {'G', 'E', 'T', ' ', '/', 'x', '\n', 0, (byte) 0xff};
    RawRequest request = RawRequest.verbatim(bytes);

    assertThat(request.encode("ignored:1")).isEqualTo(bytes);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.target()).isEqualTo("/x");
    assertThat(request).hasToString("GET /x");
  }

  @Test
  void namesTheRequestLineWithControlCharactersEscaped() {
    assertThat(RawRequest.builder("GET", "/a\0b\r\n").build()).hasToString("GET /a\\0b\\r\\n HTTP/1.1");
  }

  @Test
  void rejectsCharactersThatHaveNoSingleByteForm() {
    assertThatThrownBy(() -> RawRequest.builder("GET", "/caf\u20ac"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+20AC")
        .hasMessageContaining("percent-encode");
  }

  @Test
  void theLastBodyKindSetWins() {
    RawRequest request = RawRequest.builder("POST", "/s").chunked(List.of(new byte[] {'a'})).body("b").build();

    assertThat(encode(request)).endsWith("Content-Length: 1\r\n\r\nb");
  }
}
