package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP-level edges of the protocol: unknown query parameters and headers, header-name case,
 * chunked request bodies, unknown methods and path traversal (PROTOCOL.md §5.2, §11.1, §12.2).
 */
@Area("HTTP Protocol")
class HttpProtocolChecks {

  @ParameterizedTest(name = "GET ?{0}&offset=-1 reads the stream")
  @ValueSource(strings = {"foo=bar", "foo", "foo=&bar=", "x-ext=1&y=%20z", "offsetx=5"})
  @Check(id = "http.unknown-query-params-ignored-on-read", requirements = {"DS-5.6-11"})
  void unknownQueryParametersAreIgnoredOnReads(String extra, Target t) {
    String s = t.newStream("http-q");
    t.create(s, "text/plain", "test data");
    assertThat(t.get(s + "?" + extra).query("offset", "-1").send())
        .as("query parameters the protocol does not define are ignored")
        .hasStatus(200)
        .hasBody("test data");
  }

  @Test
  @Check(id = "http.unknown-query-params-ignored-on-head", requirements = {"DS-5.6-11", "DS-5.5-01"})
  void unknownQueryParametersAreIgnoredOnHead(Target t) {
    String s = t.newStream("http-q-head");
    String tail = t.put(s).contentType("text/plain").body("abc").send().nextOffset();
    assertThat(t.head(s + "?foo=bar&baz").send())
        .as("HEAD with unknown query parameters still reports the stream's metadata")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "http.unknown-request-headers-ignored", requirements = {"DS-11.1-01"})
  void unknownRequestHeadersAreIgnored(Target t) {
    String s = t.newStream("http-h");
    assertThat(t.put(s).contentType("text/plain").header("X-Unknown-Extension", "1").header("Stream-Future-Option", "on").send())
        .as("a create carrying headers the protocol does not define succeeds as without them")
        .hasStatus(201);
    assertThat(t.post(s).contentType("text/plain").header("X-Unknown-Extension", "1").body("x").send())
        .as("an append carrying headers the protocol does not define succeeds as without them")
        .hasStatus(204);
  }

  /** Ways to spell a header name; HTTP field names are case-insensitive (RFC 9110 §5.1). */
  enum Casing {
    LOWER, UPPER, ALTERNATING;

    String apply(String name) {
      return switch (this) {
        case LOWER -> name.toLowerCase();
        case UPPER -> name.toUpperCase();
        case ALTERNATING -> {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
          }
          yield sb.toString();
        }
      };
    }

    @Override
    public String toString() {
      return apply("Mixed-Case").replace('-', ' ');
    }
  }

  @ParameterizedTest(name = "create headers spelled in {0} names are honoured")
  @EnumSource(Casing.class)
  @Check(id = "http.header-names-any-case-create", requirements = {"DS-5.2-30", "DS-5.5-04"}, feature = Feature.TTL)
  void createHeadersAreRecognizedInAnyCase(Casing casing, Target t) {
    String s = t.newStream("http-case-put");
    assertThat(t.put(s).header(casing.apply("Content-Type"), "text/plain").header(casing.apply("Stream-TTL"), "3600").send())
        .as("create").hasStatus(201);
    assertThat(t.head(s).send())
        .as("header names are case-insensitive: the TTL and content type sent as " + casing.apply("Stream-TTL") + " were applied")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)text/plain\\s*(;.*)?")
        .hasHeader("Stream-TTL", "3600");
  }

  @ParameterizedTest(name = "Stream-Seq spelled in {0} is enforced")
  @EnumSource(Casing.class)
  @Check(id = "http.header-names-any-case-seq", requirements = {"DS-5.2-30", "DS-5.2-13", "DS-12.6-01"})
  void streamSeqIsRecognizedInAnyCase(Casing casing, Target t) {
    String s = t.newStream("http-case-seq");
    t.create(s, "text/plain", null);
    String seq = casing.apply("Stream-Seq");
    assertThat(t.post(s).header(casing.apply("Content-Type"), "text/plain").header(seq, "002").body("a").send())
        .as("append with " + seq).hasStatus(204);
    assertThat(t.post(s).header(casing.apply("Content-Type"), "text/plain").header(seq, "001").body("b").send())
        .as("header names are case-insensitive: a regression sent as " + seq + " is refused with 409")
        .hasStatus(409);
  }

  @ParameterizedTest(name = "Stream-Closed spelled in {0} closes the new stream")
  @EnumSource(Casing.class)
  @Check(id = "http.header-names-any-case-closed", requirements = {"DS-5.2-30", "DS-5.1-24"}, feature = Feature.CLOSURE)
  void streamClosedIsRecognizedInAnyCase(Casing casing, Target t) {
    String s = t.newStream("http-case-closed");
    assertThat(t.put(s).contentType("text/plain").header(casing.apply("Stream-Closed"), "true").send())
        .as("header names are case-insensitive: " + casing.apply("Stream-Closed") + ": true creates the stream closed")
        .hasStatus(201)
        .hasHeader("Stream-Closed", "true");
  }

  /** Ways to cut one body into HTTP/1.1 chunks. */
  enum Chunking {
    THREE_WORDS("three chunks", List.of("hello", " ", "world")),
    ONE_CHUNK("a single chunk", List.of("one piece")),
    BYTE_BY_BYTE("64 one-byte chunks", split("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_", 1)),
    LARGE("three 30000-byte chunks", split("x".repeat(30_000) + "y".repeat(30_000) + "z".repeat(30_000), 30_000));

    final String label;
    final List<String> parts;

    Chunking(String label, List<String> parts) {
      this.label = label;
      this.parts = parts;
    }

    private static List<String> split(String text, int size) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < text.length(); i += size) out.add(text.substring(i, Math.min(text.length(), i + size)));
      return out;
    }

    List<byte[]> bytes() {
      return parts.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    }

    String joined() {
      return String.join("", parts);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @ParameterizedTest(name = "a chunked append in {0} is stored whole")
  @EnumSource(Chunking.class)
  @Check(id = "http.chunked-append", requirements = {"DS-5.2-09"})
  void chunkedAppendBodiesAreAccepted(Chunking chunking, Target t) {
    String s = t.newStream("http-chunked");
    t.create(s, "text/plain", "<");
    assertThat(t.post(s).contentType("text/plain").chunked(chunking.bytes()).send())
        .as("Transfer-Encoding: chunked appends SHOULD be supported")
        .hasStatus(204);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a chunked append stores the chunks' bytes in order, as one append")
        .hasStatus(200)
        .hasBody("<" + chunking.joined());
  }

  @Test
  @Check(id = "http.chunked-create", requirements = {"DS-5.2-09", "DS-5.1-11"})
  void chunkedCreateBodyBecomesTheInitialContent(Target t) {
    String s = t.newStream("http-chunked-put");
    assertThat(t.put(s).contentType("text/plain").chunked(Chunking.THREE_WORDS.bytes()).send())
        .as("a create with a chunked body is accepted")
        .hasStatus(201);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("the chunked create body is the stream's first content")
        .hasStatus(200)
        .hasBody("hello world");
  }

  @ParameterizedTest(name = "{0} on a stream answers 405 or 501")
  @ValueSource(strings = {"PATCH", "PROPFIND", "FROBNICATE"})
  @Check(id = "http.unknown-method-405-or-501", requirements = {"DS-5.2-03", "DS-5.4-03"})
  void unsupportedMethodsAreRefusedWith405Or501(String method, Target t) {
    String s = t.newStream("http-method");
    t.create(s, "text/plain", "kept");
    assertThat(t.request(method, s).body("x").send())
        .as("a method the protocol does not define is refused with 405 Method Not Allowed or 501 Not Implemented")
        .hasStatusIn(405, 501);
    assertThat(t.get(s).query("offset", "-1").send()).as("the refused method changed nothing").hasStatus(200).hasBody("kept");
  }

  @Test
  @Check(id = "http.405-lists-allowed-methods", requirements = {"DS-5.2-03", "DS-5.4-03"})
  void a405NamesTheAllowedMethods(Target t) {
    String s = t.newStream("http-allow");
    t.create(s, "text/plain", null);
    Exchange ex = t.request("PATCH", s).body("x").send();
    assertThat(ex).as("PATCH on a stream is refused").hasStatusIn(405, 501);
    if (ex.status() == 405) {
      assertThat(ex).as("a 405 response MUST carry an Allow header (RFC 9110 §15.5.6)").hasHeader("Allow");
    }
  }

  @ParameterizedTest(name = "PUT {0} is refused")
  @ValueSource(strings = {
      "/v1/stream/../../etc/passwd",
      "/v1/stream/%2e%2e/%2e%2e/etc/passwd",
      "/v1/stream/%2E%2E/%2E%2E/v1/stream/escaped",
      "/v1/stream/.%2e/.%2E/tmp/escaped"})
  @Check(id = "http.path-traversal-refused", requirements = {"DS-12.2-02"})
  void pathsClimbingOutOfTheStreamRootAreRefused(String target, Target t) {
    assertThat(t.put(target).contentType("text/plain").body("x").send())
        .as("stream URLs that climb out of the stream namespace are refused with a 4xx, never created")
        .isClientError();
  }

  @Test
  @Check(id = "http.huge-path-4xx", requirements = {"DS-12.2-03"})
  void aHugeStreamPathIsRefusedWithA4xx(Target t) {
    String path = t.newStream("huge-") + "-" + "p".repeat(64 * 1024);
    assertThat(t.put(path).contentType("text/plain").send())
        .as("a 64 KiB stream path is beyond any acceptable limit: refused with a 4xx (400, 404, 414...), not a 5xx")
        .isClientError();
  }

  @Test
  @Check(id = "http.long-path-no-5xx", requirements = {"DS-12.2-03"})
  void aLongStreamPathIsEitherServedOrRefusedCleanly(Target t) {
    String path = t.newStream("long-") + "-" + "p".repeat(4 * 1024);
    Exchange ex = t.put(path).contentType("text/plain").send();
    if (ex.status() != 201) {
      assertThat(ex).as("a 4 KiB stream path is either accepted (201) or refused with a 4xx, never a server error").isClientError();
    }
  }

  /** Malformed requests, each of which the spec answers with a 4xx. */
  enum Malformed {
    BAD_TTL("a create with Stream-TTL: 1.5", t -> t.put(t.newStream("bad")).contentType("text/plain").header("Stream-TTL", "1.5").send()),
    BAD_EXPIRES_AT("a create with Stream-Expires-At: tomorrow",
        t -> t.put(t.newStream("bad")).contentType("text/plain").header("Stream-Expires-At", "tomorrow").send()),
    TTL_AND_EXPIRES_AT("a create with both Stream-TTL and Stream-Expires-At", t -> t.put(t.newStream("bad")).contentType("text/plain")
        .header("Stream-TTL", "60").header("Stream-Expires-At", "2099-01-01T00:00:00Z").send()),
    EMPTY_APPEND("an append with an empty body", t -> {
      String s = t.newStream("bad");
      t.create(s, "text/plain", null);
      return t.post(s).contentType("text/plain").send();
    }),
    APPEND_WITHOUT_CONTENT_TYPE("an append without Content-Type", t -> {
      String s = t.newStream("bad");
      t.create(s, "text/plain", null);
      return t.post(s).body("x").send();
    }),
    MALFORMED_OFFSET("a read with a malformed offset", t -> {
      String s = t.newStream("bad");
      t.create(s, "text/plain", null);
      return t.get(s).query("offset", "%3Cnot-an-offset%3E").send();
    });

    final String label;
    final Function<Target, Exchange> send;

    Malformed(String label, Function<Target, Exchange> send) {
      this.label = label;
      this.send = send;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @ParameterizedTest(name = "{0} is refused with 400 and an explanation")
  @EnumSource(Malformed.class)
  @Check(id = "http.malformed-400-explained", requirements = {"DS-5.1-12", "DS-5.1-20", "DS-5.1-21", "DS-5.2-20", "DS-5.2-05", "DS-5.6-08"})
  void malformedRequestsAreRefusedWithAnExplanation(Malformed request, Target t) {
    assertThat(request.send.apply(t))
        .as("a malformed request is answered 400 with a body saying what was wrong")
        .hasStatus(400)
        .hasExplanation();
  }
}
