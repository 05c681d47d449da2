package io.streamcert.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends a corpus of malformed requests to the reference server, each on its own connection, and
 * requires a 4xx for every one (a few cases also accept the 5xx that RFC 9110 names for them), an
 * explaining body where a stream handler answered, and afterwards an unchanged, healthy server.
 *
 * <p>The corpus is grouped by kind: offsets, live modes, TTL and expiry headers, producer headers,
 * fork headers, bodies, methods, paths, oversized heads, request lines and message framing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

  private static final String ROOT = ReferenceServer.STREAM_ROOT;
  private static final String TEXT = ROOT + "bad-input-text";
  private static final String JSON = ROOT + "bad-input-json";
  private static final String CLOSED = ROOT + "bad-input-closed";
  private static final String MISSING = ROOT + "bad-input-missing";
  private static final List<String> TEXT_APPENDS = List.of("alpha\n", "beta\n");
  private static final String JSON_MESSAGE = "{\"n\":1}";
  private static final String CLOSED_CONTENT = "final";

  private static final DataSize MAX_BODY = DataSize.ofKilobytes(64);
  /** An error message is a sentence or two; a larger body is a stack trace or an echo of the input. */
  private static final int MAX_ERROR_BODY = 1024;

  private static final List<String> FAILURES = Collections.synchronizedList(new ArrayList<>());

  private static ReferenceServer server;
  private static RawHttp http;

  @BeforeAll
  static void startServerAndCreateTargetStreams() throws IOException {
    server = ReferenceServer.start(ServerConfig.builder()
        .port(0)
        .longPollTimeout(Duration.ofMillis(500))
        .maxBody(MAX_BODY)
        .build());
    http = RawHttp.to(server.baseUri());
    setup("create the text stream", putText(TEXT), 201);
    for (String append : TEXT_APPENDS) {
      setup("append to the text stream", postText().body(append), 204);
    }
    setup("create the JSON stream", put(JSON).header("Content-Type", "application/json"), 201);
    setup("append to the JSON stream", postJson().body(JSON_MESSAGE), 204);
    setup("create the closed stream",
        putText(CLOSED).header("Stream-Closed", "true").body(CLOSED_CONTENT), 201);
  }

  @AfterAll
  static void stopServerAndSummarize() {
    if (server != null) server.close();
    if (!FAILURES.isEmpty()) {
      // One list is easier to act on than a hundred stack traces.
      System.err.println("BadInputTest: " + FAILURES.size()
          + " malformed requests were not refused properly:\n  " + String.join("\n  ", FAILURES));
    }
  }

  static Stream<BadRequest> corpus() {
    return Corpus.build().cases.stream();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedWithAClientErrorThatSaysWhy(BadRequest bad) {
    RawResponse response;
    try {
      response = http.send(bad.request());
    } catch (RawHttpException e) {
      String problem = bad + ": no response (" + e.kind() + "): " + e.getMessage();
      FAILURES.add(problem);
      fail(problem, e);
      return;
    }
    List<String> problems = new ArrayList<>();
    int status = response.status();
    if (!bad.allows(status)) {
      problems.add("status " + status + " but expected " + bad.expected());
    }
    boolean bodyless = bad.request().method().equals("HEAD") || status == 304;
    if (status / 100 == 4 && !bodyless) {
      if (bad.explains() && response.bodyText().isBlank()) {
        problems.add("the " + status + " has no body; it should say what was wrong");
      }
      if (response.body().length > MAX_ERROR_BODY) {
        problems.add("the " + status + " body has " + response.body().length
            + " bytes; an error message should be short (at most " + MAX_ERROR_BODY + ")");
      }
    }
    if (!problems.isEmpty()) {
      String problem = bad + ": " + String.join("; ", problems)
          + " [got " + status + ", body '" + abbreviate(response.firstBodyLine()) + "']";
      FAILURES.add(problem);
      fail(problem);
    }
  }

  @Order(2)
  @Test
  void targetStreamsHoldExactlyWhatTheyHeldBefore() throws IOException {
    SoftAssertions soft = new SoftAssertions();

    // Bodies are abbreviated so that a stream grown by 64 KB does not flood the report.
    RawResponse text = http.send(get(TEXT + "?offset=-1").build());
    soft.assertThat(text.status()).as("GET the text stream").isEqualTo(200);
    soft.assertThat(abbreviate(text.bodyText())).as("the text stream's bytes")
        .isEqualTo(String.join("", TEXT_APPENDS));
    soft.assertThat(text.header("Stream-Closed").orElse("")).as("the text stream stays open")
        .isNotEqualToIgnoringCase("true");

    RawResponse json = http.send(get(JSON + "?offset=-1").build());
    soft.assertThat(json.status()).as("GET the JSON stream").isEqualTo(200);
    soft.assertThat(abbreviate(json.bodyText().replaceAll("\\s", "")))
        .as("the JSON stream's messages")
        .isEqualTo("[" + JSON_MESSAGE + "]");
    soft.assertThat(json.header("Stream-Closed").orElse("")).as("the JSON stream stays open")
        .isNotEqualToIgnoringCase("true");

    RawResponse closed = http.send(get(CLOSED + "?offset=-1").build());
    soft.assertThat(closed.status()).as("GET the closed stream").isEqualTo(200);
    soft.assertThat(abbreviate(closed.bodyText()))
        .as("the closed stream's bytes")
        .isEqualTo(CLOSED_CONTENT);
    soft.assertThat(closed.header("Stream-Closed").orElse("")).as("the closed stream stays closed")
        .isEqualToIgnoringCase("true");

    for (BadRequest bad : Corpus.build().cases) {
      String path = bad.request().target();
      if (path.startsWith(Corpus.FRESH)) {
        soft.assertThat(http.send(head(path).build()).status())
            .as("HEAD %s, which only %s tried to create", path, bad)
            .isEqualTo(404);
      }
    }
    soft.assertAll();
  }

  @Order(2)
  @Test
  void aNormalRoundTripStillWorks() throws IOException {
    String path = ROOT + "bad-input-after";

    assertThat(http.send(putText(path).build()).status()).as("create a stream after the corpus").isEqualTo(201);
    assertThat(http.send(postText(path).body("hello, ").build()).status()).as("first append").isEqualTo(204);
    assertThat(http.send(postText(path).body("world").build()).status()).as("second append").isEqualTo(204);
    RawResponse read = http.send(get(path + "?offset=-1").build());
    assertThat(read.status()).as("read back").isEqualTo(200);
    assertThat(read.body()).as("the bytes read back")
        .isEqualTo("hello, world".getBytes(StandardCharsets.UTF_8));
  }

  /** One malformed request, named for the report, with the statuses that count as refusing it. */
  record BadRequest(String kind, String name, RawRequest request, String typical,
      Set<Integer> alsoAllowed, boolean explains) {

    boolean allows(int status) {
      return (status >= 400 && status <= 499) || alsoAllowed.contains(status);
    }

    /** What a correct server answers, like "4xx or 501 (typically 405)". */
    String expected() {
      StringBuilder sb = new StringBuilder("4xx");
      alsoAllowed.stream().sorted().forEach(s -> sb.append(" or ").append(s));
      return sb.append(" (typically ").append(typical).append(')').toString();
    }

    @Override
    public String toString() {
      return "[" + kind + "] " + name;
    }
  }

  /** Builds the corpus; a case "explains" when a stream handler, not the HTTP codec, refuses it. */
  private static final class Corpus {
    /** The prefix of paths no valid request creates, so none may exist after the corpus ran. */
    static final String FRESH = ROOT + "bad-input-new-";

    private final List<BadRequest> cases = new ArrayList<>();
    private int fresh;

    static Corpus build() {
      Corpus c = new Corpus();
      c.offsets();
      c.liveModes();
      c.ttlAndExpiry();
      c.producers();
      c.forks();
      c.bodies();
      c.methods();
      c.paths();
      c.oversizedHeads();
      c.requestLines();
      c.framing();
      return c;
    }

    /** Adds a case a stream handler refuses, so its 4xx must say what was wrong. */
    private void handled(String kind, String name, String typical, RawRequest.Builder request,
        Integer... alsoAllowed) {
      cases.add(new BadRequest(kind, name, request.build(), typical, Set.of(alsoAllowed), true));
    }

    /** Adds a case the HTTP codec may refuse before any handler, possibly with an empty body. */
    private void codec(String kind, String name, String typical, RawRequest request,
        Integer... alsoAllowed) {
      cases.add(new BadRequest(kind, name, request, typical, Set.of(alsoAllowed), false));
    }

    /** A create of a path only this case uses, so the stream must still not exist afterwards. */
    private RawRequest.Builder putFresh() {
      return putText(FRESH + (++fresh));
    }

    private void offsets() {
      String k = "offset";
      String[][] bad = {
        {"letters", "abc"},
        {"missing byte part", "1_"},
        {"missing read-sequence part", "_1"},
        {"negative other than -1", "-2"},
        {"double minus", "--1"},
        {"empty", ""},
        {"comma", "1_2,3_4"},
        {"percent-encoded comma", "1_2%2C3_4"},
        {"percent-encoded space", "%201_2"},
        {"plus sign", "+1_2"},
        {"percent-encoded ampersand", "1_2%263"},
        {"percent-encoded slash", "1_2%2F3"},
        {"raw slash", "1_2/3"},
        {"percent-encoded question mark", "1_2%3F3"},
        {"percent-encoded equals sign", "1_2%3D3"},
        {"absurdly long", "1".repeat(400) + "_" + "2".repeat(400)},
        {"read sequence beyond 64 bits", "99999999999999999999_0"},
        {"byte offset beyond 64 bits", "0_99999999999999999999"},
        {"NOW in capitals", "NOW"},
        {"now with a suffix", "now1"},
        {"invalid UTF-8 byte", "%ff"},
        {"invalid percent-encoding", "%zz"},
        {"two underscores", "1__2"},
        {"three parts", "1_2_3"},
        {"hexadecimal", "0x10_0"},
        {"decimal point", "1.5_0"},
        // Long.parseLong and Character.isDigit accept these; an ASCII-only offset syntax must not.
        {"Arabic-Indic digits", "%D9%A1_%D9%A0"},
        {"fullwidth digits", "%EF%BC%91_%EF%BC%90"},
      };
      for (String[] b : bad) {
        String name = b[1].length() > 40 ? b[0] : b[0] + " '" + b[1] + "'";
        handled(k, name, "400", get(TEXT + "?offset=" + b[1]));
      }
      handled(k, "key without '='", "400", get(TEXT + "?offset"));
      handled(k, "repeated, same value", "400", get(TEXT + "?offset=-1&offset=-1"));
      handled(k, "repeated, different values", "400", get(TEXT + "?offset=-1&offset=now"));
      handled(k, "letters on the JSON stream", "400", get(JSON + "?offset=abc"));
      handled(k, "letters on the closed stream", "400", get(CLOSED + "?offset=abc"));
      handled(k, "letters with live=long-poll", "400", get(TEXT + "?offset=abc&live=long-poll"));
      handled(k, "letters with live=sse", "400", get(TEXT + "?offset=abc&live=sse"));
    }

    private void liveModes() {
      String k = "live";
      handled(k, "long-poll without offset", "400", get(TEXT + "?live=long-poll"));
      handled(k, "sse without offset", "400", get(TEXT + "?live=sse"));
      handled(k, "long-poll without offset on the closed stream", "400", get(CLOSED + "?live=long-poll"));
      handled(k, "sse without offset on the JSON stream", "400", get(JSON + "?live=sse"));
      String[][] unknown = {
        {"capitals", "LONG-POLL"},
        {"unknown mode", "poll"},
        {"boolean", "true"},
        {"websocket", "websocket"},
        {"empty", ""},
        {"NUL suffix", "sse%00"},
        {"two modes in one value", "sse,long-poll"},
      };
      for (String[] u : unknown) {
        handled(k, u[0] + " '" + u[1] + "'", "400", get(TEXT + "?offset=-1&live=" + u[1]));
      }
      handled(k, "key without '='", "400", get(TEXT + "?offset=-1&live"));
      handled(k, "repeated with different modes", "400", get(TEXT + "?offset=-1&live=sse&live=long-poll"));
    }

    private void ttlAndExpiry() {
      String k = "ttl/expiry";
      String[][] ttls = {
        {"negative", "-1"},
        {"fraction", "1.5"},
        {"plus sign", "+5"},
        {"leading zero", "01"},
        {"exponent", "1e3"},
        {"beyond 64 bits", "99999999999999999999999"},
        {"empty", ""},
        {"letters", "abc"},
        {"hexadecimal", "0x10"},
        {"with a unit", "5s"},
        {"two numbers", "1 2"},
      };
      for (String[] t : ttls) {
        handled(k, "Stream-TTL " + t[0] + " '" + t[1] + "'", "400", putFresh().header("Stream-TTL", t[1]));
      }
      // Repeated fields combine into "60, 120" (RFC 9110 §5.3), which is not a number of seconds.
      handled(k, "Stream-TTL twice, different values", "400",
          putFresh().header("Stream-TTL", "60").header("Stream-TTL", "120"));
      handled(k, "Stream-TTL twice, same value", "400",
          putFresh().header("Stream-TTL", "60").header("Stream-TTL", "60"));
      handled(k, "Stream-TTL and Stream-Expires-At together", "400",
          putFresh().header("Stream-TTL", "60").header("Stream-Expires-At", "2099-01-01T00:00:00Z"));
      String[][] expiries = {
        {"a word", "tomorrow"},
        {"month 13", "2099-13-01T00:00:00Z"},
        {"hour 25", "2099-01-01T25:00:00Z"},
        {"date only", "2099-01-01"},
        {"no zone offset", "2099-01-01T00:00:00"},
        {"epoch seconds", "4070908800"},
        {"empty", ""},
      };
      for (String[] e : expiries) {
        handled(k, "Stream-Expires-At " + e[0] + " '" + e[1] + "'", "400",
            putFresh().header("Stream-Expires-At", e[1]));
      }
    }

    private void producers() {
      producer("only Producer-Id", "Producer-Id", "p");
      producer("Id and Epoch without Seq", "Producer-Id", "p", "Producer-Epoch", "0");
      producer("Id and Seq without Epoch", "Producer-Id", "p", "Producer-Seq", "0");
      producer("Epoch and Seq without Id", "Producer-Epoch", "0", "Producer-Seq", "0");
      producer("only Producer-Seq", "Producer-Seq", "0");
      producer("empty Producer-Id", "Producer-Id", "", "Producer-Epoch", "0", "Producer-Seq", "0");
      String[][] epochs = {
        {"letters", "abc"},
        {"with a decimal point", "1.0"},
        {"negative", "-1"},
        {"with a plus sign", "+1"},
        {"empty", ""},
        {"2^53", "9007199254740992"},
        {"with an exponent", "1e3"},
        // The UTF-8 bytes of U+0661 (Arabic-Indic one), sent one byte per character.
        {"non-ASCII digit", "\u00d9\u00a1"},
      };
      for (String[] e : epochs) {
        producer("Epoch " + e[0] + " '" + e[1] + "'",
            "Producer-Id", "p", "Producer-Epoch", e[1], "Producer-Seq", "0");
      }
      String[][] seqs = {
        {"negative", "-1"},
        {"empty", ""},
        {"2^53", "9007199254740992"},
        {"beyond 64 bits", "99999999999999999999999"},
        {"hexadecimal", "0x1"},
      };
      for (String[] q : seqs) {
        producer("Seq " + q[0] + " '" + q[1] + "'",
            "Producer-Id", "p", "Producer-Epoch", "0", "Producer-Seq", q[1]);
      }
      producer("Seq twice",
          "Producer-Id", "p", "Producer-Epoch", "0", "Producer-Seq", "0", "Producer-Seq", "1");
      producer("Epoch twice",
          "Producer-Id", "p", "Producer-Epoch", "0", "Producer-Epoch", "1", "Producer-Seq", "0");
      // Validation must come before closing: the text stream has to stay open.
      handled("producer", "only Producer-Id, closing", "400",
          postText().header("Stream-Closed", "true").header("Producer-Id", "p"));
    }

    /** Adds an append to the text stream with the given producer header names and values. */
    private void producer(String name, String... headerNamesAndValues) {
      RawRequest.Builder request = postText();
      for (int i = 0; i < headerNamesAndValues.length; i += 2) {
        request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
      }
      handled("producer", name, "400", request.body("zz"));
    }

    private void forks() {
      String k = "fork";
      handled(k, "Stream-Fork-Sub-Offset without Stream-Forked-From", "400",
          putFresh().header("Stream-Fork-Sub-Offset", "0"));
      handled(k, "Stream-Fork-Offset without Stream-Forked-From", "400",
          putFresh().header("Stream-Fork-Offset", "0000000000000000_0000000000000000"));
      String[][] offsets = {
        {"letters", "abc"},
        {"-2", "-2"},
        {"beyond 64 bits", "99999999999999999999_0"},
        {"empty", ""},
        {"beyond the source's tail", "9999999999999999_9999999999999999"},
      };
      for (String[] o : offsets) {
        handled(k, "Stream-Fork-Offset " + o[0] + " '" + o[1] + "'", "400",
            putFresh().header("Stream-Forked-From", TEXT).header("Stream-Fork-Offset", o[1]));
      }
      String[][] subOffsets = {{"negative", "-1"}, {"letters", "abc"}, {"fraction", "1.5"}};
      for (String[] s : subOffsets) {
        handled(k, "Stream-Fork-Sub-Offset " + s[0] + " '" + s[1] + "'", "400",
            putFresh().header("Stream-Forked-From", TEXT).header("Stream-Fork-Sub-Offset", s[1]));
      }
      handled(k, "Stream-Forked-From empty", "400", putFresh().header("Stream-Forked-From", ""));
      handled(k, "Stream-Forked-From a missing stream", "404",
          putFresh().header("Stream-Forked-From", MISSING));
      handled(k, "Stream-Forked-From with a dot-dot segment", "400",
          putFresh().header("Stream-Forked-From", ROOT + "x/../bad-input-text"));
      handled(k, "Stream-Forked-From twice", "400",
          putFresh().header("Stream-Forked-From", TEXT).header("Stream-Forked-From", JSON));
    }

    private void bodies() {
      String k = "body";
      handled(k, "POST Content-Length 0 without Stream-Closed", "400", postText().body(""));
      handled(k, "POST without any body or length", "400", postText());
      handled(k, "POST chunked with no data", "400", postText().chunked(List.of()));
      handled(k, "POST body without Content-Type", "400", post(TEXT).body("zz"));
      handled(k, "POST JSON to the text stream", "409",
          post(TEXT).header("Content-Type", "application/json").body("{}"));
      handled(k, "POST text/html to the text stream", "409",
          post(TEXT).header("Content-Type", "text/html").body("zz"));
      String[][] json = {
        {"truncated JSON", "{\"a\":"},
        {"empty array", "[]"},
        {"empty array with spaces", "[ ]"},
        {"only whitespace", "  \n "},
        {"two top-level values", "{\"a\":1} {\"b\":2}"},
        {"trailing comma", "[1,]"},
        {"single quotes", "{'a':1}"},
        {"NaN", "NaN"},
        {"bare word", "hello"},
      };
      for (String[] j : json) {
        handled(k, "POST " + j[0] + " to the JSON stream", "400", postJson().body(j[1]));
      }
      handled(k, "POST invalid UTF-8 to the JSON stream", "400",
          postJson().body(new byte[] {'"', (byte) 0xff, '"'}));
      // Validation must come before closing: the JSON stream has to stay open.
      handled(k, "POST invalid JSON to the JSON stream, closing", "400",
          postJson().header("Stream-Closed", "true").body("{bad"));
      handled(k, "POST to the closed stream", "409", postText(CLOSED).body("zz"));
      handled(k, "POST and close the closed stream", "409",
          postText(CLOSED).header("Stream-Closed", "true").body("zz"));
      handled(k, "POST to a missing stream", "404", postText(MISSING).body("zz"));
      handled(k, "PUT the closed stream with another type", "409",
          put(CLOSED).header("Content-Type", "application/json"));
      handled(k, "PUT the open text stream as closed", "409", putText(TEXT).header("Stream-Closed", "true"));
      handled(k, "PUT the text stream with another type", "409",
          put(TEXT).header("Content-Type", "application/json"));
      handled(k, "PUT the text stream with a TTL it lacks", "409", putText(TEXT).header("Stream-TTL", "60"));
      // The body limit may be enforced by the HTTP codec, whose 413 need not explain itself.
      byte[] oversized = new byte[(int) MAX_BODY.bytes() + 1];
      Arrays.fill(oversized, (byte) 'x');
      codec(k, "POST over --max-body", "413", postText().body(oversized).build());
      List<byte[]> chunks = new ArrayList<>();
      for (int i = 0; i < 10; i++) chunks.add(Arrays.copyOf(oversized, (int) MAX_BODY.bytes() / 8));
      codec(k, "POST chunked over --max-body", "413", postText().chunked(chunks).build());
      codec(k, "PUT a new stream with a body over --max-body", "413", putFresh().body(oversized).build());
      String bigJson = "\"" + "x".repeat((int) MAX_BODY.bytes()) + "\"";
      codec(k, "POST JSON over --max-body", "413", postJson().body(bigJson).build());
    }

    private void methods() {
      String k = "method";
      for (String m : new String[] {"PATCH", "TRACE", "PROPFIND"}) {
        handled(k, m, "405", RawRequest.builder(m, TEXT));
      }
      // RFC 9110 §15.6.2: 501 is the answer to a method the server does not recognize.
      handled(k, "unknown token FOO", "405", RawRequest.builder("FOO", TEXT), 501);
      handled(k, "lower-case get", "405", RawRequest.builder("get", TEXT + "?offset=-1"), 501);
      codec(k, "CONNECT in authority form", "405",
          RawRequest.builder("CONNECT", "example.com:443").build(), 501);
      codec(k, "CONNECT a stream path", "405", RawRequest.builder("CONNECT", TEXT).build(), 501);
      codec(k, "method with a non-token character", "400", RawRequest.builder("G@T", TEXT).build(), 501);
      codec(k, "method of 300 letters", "400", RawRequest.builder("A".repeat(300), TEXT).build(), 501);
      handled(k, "POST to the stream root", "405", postText(ROOT).body("zz"));
      handled(k, "PUT the stream root", "405", putText(ROOT));
      handled(k, "DELETE the stream root", "405", RawRequest.builder("DELETE", ROOT));
    }

    private void paths() {
      String k = "path";
      String[][] creates = {
        {"dot-dot segment", "../bad-input-dot"},
        {"encoded dot-dot", "%2e%2e/bad-input-dot"},
        {"encoded dot-dot in capitals", "%2E%2E/bad-input-dot"},
        {"half-encoded dot-dot", ".%2e/bad-input-dot"},
        {"climbing out of the root", "a/../../bad-input-dot"},
        {"single dot segment", "."},
        {"dot segment inside", "a/./b"},
        {"overlong UTF-8 dots", "%C0%AE%C0%AE/bad-input-dot"},
        {"encoded NUL", "a%00b"},
        {"empty segment", "/bad-input-slash"},
        {"trailing empty segment", "bad-input-slash/"},
        {"backslash", "a\\b"},
        {"encoded backslash dot-dot", "a%5c..%5cb"},
        {"invalid percent-encoding", "%zz"},
        {"truncated percent-encoding", "a%"},
        {"one hex digit after percent", "a%2"},
        {"invalid UTF-8", "%ff%fe"},
        {"reserved __ds prefix", "__ds/bad-input"},
      };
      for (String[] c : creates) {
        handled(k, "PUT " + c[0] + " '" + c[1] + "'", "400", putText(ROOT + c[1]));
      }
      // A server that normalizes dot segments would serve the text stream through these.
      handled(k, "GET through dot-dot to the text stream", "400", get(ROOT + "x/../bad-input-text?offset=-1"));
      handled(k, "GET through encoded dot-dot to the text stream", "400",
          get(ROOT + "x/%2e%2e/bad-input-text?offset=-1"));
      handled(k, "GET back into the root through dot-dot", "400",
          get(ROOT + "../stream/bad-input-text?offset=-1"));
      handled(k, "GET through encoded slashes", "400", get(ROOT + "x%2f..%2fbad-input-text?offset=-1"));
      handled(k, "HEAD with invalid percent-encoding", "400", head(ROOT + "%zz"));
      // Bytes a URI cannot hold are usually refused by the HTTP codec, before any handler.
      codec(k, "PUT with a raw NUL", "400", putText(ROOT + "a\0b").build());
      codec(k, "PUT with a raw control character", "400", putText(ROOT + "a\u0001b").build());
      codec(k, "PUT a 70 KB path", "414", putText(ROOT + "a".repeat(70 * 1024)).build());
      codec(k, "GET asterisk-form", "400", get("*").build());
      codec(k, "GET without a leading slash", "400", get(TEXT.substring(1) + "?offset=-1").build());
    }

    private void oversizedHeads() {
      String k = "oversized head";
      String target = TEXT + "?offset=-1";
      codec(k, "one 64 KB header", "431", get(target).header("X-Filler", "x".repeat(64 * 1024)).build());
      codec(k, "a 64 KB header name", "431", get(target).header("X" + "n".repeat(64 * 1024), "1").build());
      RawRequest.Builder many = get(target);
      for (int i = 0; i < 5000; i++) many.header("X-Header-" + i, "value");
      codec(k, "5000 headers", "431", many.build());
    }

    private void requestLines() {
      String k = "request line";
      String target = TEXT + "?offset=-1";
      codec(k, "missing version", "400", get(target).version("").build());
      // RFC 9110 §15.6.6: 505 is the answer to a major version the server does not support.
      codec(k, "HTTP/9.9", "505", get(target).version("HTTP/9.9").build(), 505);
      codec(k, "HTTP/1 without minor version", "400", get(target).version("HTTP/1").build(), 505);
      codec(k, "protocol FOO/1.1", "400", get(target).version("FOO/1.1").build(), 505);
      codec(k, "extra token after the version", "400", get(target).version("HTTP/1.1 extra").build());
      codec(k, "raw space in the target", "400", get(ROOT + "bad input").build());
      codec(k, "one garbage token", "400", RawRequest.verbatim("GARBAGE\r\n\r\n"));
      codec(k, "a TLS handshake", "400",
          RawRequest.verbatim("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\r\n\r\n"));
      codec(k, "a status line sent as a request", "400", RawRequest.verbatim("HTTP/1.1 200 OK\r\n\r\n"), 501);
      // RFC 9112 §3.2: a server MUST answer 400 to a missing, repeated or invalid Host.
      codec(k, "HTTP/1.1 without Host", "400", get(target).autoHeaders(false).build());
      codec(k, "two Host headers", "400",
          get(target).header("Host", "127.0.0.1").header("Host", "example.com").build());
      codec(k, "Host with a space", "400", get(target).header("Host", "exa mple.com").build());
    }

    private void framing() {
      String k = "framing";
      for (String length : new String[] {"abc", "-1", "+5", "0x5", "5, 6", "99999999999999999999"}) {
        codec(k, "Content-Length '" + length + "'", "400",
            postText().header("Content-Length", length).body("hello").build());
      }
      codec(k, "two different Content-Length headers", "400",
          postText().header("Content-Length", "5").header("Content-Length", "6").body("hello").build());
      codec(k, "Content-Length folded onto two lines", "400",
          postText().header("Content-Length", "5\r\n 6").body("hello").build());
      // Request smuggling (RFC 9112 §6.1): a server must not pick one of two framings.
      String chunkedHello = "5\r\nhello\r\n0\r\n\r\n";
      codec(k, "Transfer-Encoding chunked with Content-Length", "400",
          postText().header("Content-Length", "5").header("Transfer-Encoding", "chunked")
              .body(chunkedHello).build());
      codec(k, "Content-Length 0 with Transfer-Encoding chunked", "400",
          postText().header("Transfer-Encoding", "chunked").header("Content-Length", "0")
              .body(chunkedHello).build());
      // RFC 9112 §6.3 demands 400 when chunked is not the final coding; §6.1 allows 501 for unknown ones.
      codec(k, "Transfer-Encoding gzip only", "400",
          postText().header("Transfer-Encoding", "gzip").body("hello").build(), 501);
      codec(k, "Transfer-Encoding gzip, chunked", "501",
          postText().header("Transfer-Encoding", "gzip, chunked").body(chunkedHello).build(), 501);
      codec(k, "Transfer-Encoding xchunked", "400",
          postText().header("Transfer-Encoding", "xchunked").body(chunkedHello).build(), 501);
      codec(k, "space before the colon of Transfer-Encoding", "400",
          postText().header("Transfer-Encoding ", "chunked").body(chunkedHello).build());
      codec(k, "chunk size not hexadecimal", "400",
          postText().header("Transfer-Encoding", "chunked").body("zz\r\nhello\r\n0\r\n\r\n").build());
      codec(k, "chunk size beyond 64 bits", "400",
          postText().header("Transfer-Encoding", "chunked")
              .body("fffffffffffffffffff\r\nhello\r\n0\r\n\r\n").build());
      codec(k, "header line without a colon", "400",
          get(TEXT + "?offset=-1").header("X-Fine", "1\r\nNoColonHere").build());
      codec(k, "space inside a header name", "400", get(TEXT + "?offset=-1").header("Bad Header", "x").build());
    }
  }

  private static RawRequest.Builder get(String target) {
    return RawRequest.builder("GET", target);
  }

  private static RawRequest.Builder head(String target) {
    return RawRequest.builder("HEAD", target);
  }

  private static RawRequest.Builder put(String target) {
    return RawRequest.builder("PUT", target);
  }

  private static RawRequest.Builder post(String target) {
    return RawRequest.builder("POST", target);
  }

  private static RawRequest.Builder putText(String target) {
    return put(target).header("Content-Type", "text/plain");
  }

  private static RawRequest.Builder postText(String target) {
    return post(target).header("Content-Type", "text/plain");
  }

  /** An append to the text stream, which no case may change. */
  private static RawRequest.Builder postText() {
    return postText(TEXT);
  }

  /** An append to the JSON stream, which no case may change. */
  private static RawRequest.Builder postJson() {
    return post(JSON).header("Content-Type", "application/json");
  }

  private static void setup(String step, RawRequest.Builder request, int expected) throws IOException {
    RawResponse response = http.send(request.build());
    if (response.status() != expected) {
      throw new IllegalStateException("setup step '" + step + "' (" + request.build() + ") got "
          + response.status() + " instead of " + expected + ": " + abbreviate(response.firstBodyLine()));
    }
  }

  /** Shortens text for messages; the length suffix keeps any two different texts different. */
  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...(" + text.length() + " chars)";
  }
}
