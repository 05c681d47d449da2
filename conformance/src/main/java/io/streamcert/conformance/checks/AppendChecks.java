package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.client.raw.RawRequest;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Appends with POST: status, offsets, content types, empty and large bodies (PROTOCOL.md §5.2). */
@Area("Append")
class AppendChecks {

  @Test
  @Check(id = "append.success-204-with-next-offset", requirements = {"DS-5.2-01"})
  void appendAnswers204WithNextOffset(Target t) {
    String s = t.newStream("append");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType("text/plain").body("hello").send())
        .as("an append answers 204 No Content with the new tail in Stream-Next-Offset")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "append.next-offset-is-new-tail", requirements = {"DS-5.2-01"})
  void appendNextOffsetIsTheTailHeadReports(Target t) {
    String s = t.newStream("append");
    t.create(s, "text/plain", "first");
    String tail = t.append(s, "text/plain", "second").nextOffset();
    assertThat(t.head(s).send())
        .as("the Stream-Next-Offset of an append is the stream's new tail")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "append.offsets-strictly-increase", requirements = {"DS-8-06", "DS-5.2-01"})
  void successiveAppendsGetStrictlyIncreasingOffsets(Target t) {
    String s = t.newStream("append");
    String previous = t.create(s, "text/plain", null).nextOffset();
    for (int i = 0; i < 5; i++) {
      Exchange ex = t.append(s, "text/plain", "chunk-" + i);
      String next = ex.nextOffset();
      Assertions.assertThat(compareBytes(next, previous))
          .as("each append's Stream-Next-Offset sorts bytewise after the previous one ('%s' after '%s')\n%s",
              next, previous, ex)
          .isPositive();
      previous = next;
    }
  }

  @Test
  @Check(id = "append.data-read-back-in-order", requirements = {"DS-5.2-01", "DS-5.6-04"})
  void appendedBytesAreReadBackInAppendOrder(Target t) {
    String s = t.newStream("append");
    t.create(s, "text/plain", null);
    t.append(s, "text/plain", "alpha,");
    t.append(s, "text/plain", "beta,");
    t.append(s, "text/plain", "gamma");
    assertThat(t.get(s).send())
        .as("appended bytes are stored in the order they were acknowledged")
        .hasStatus(200)
        .hasBody("alpha,beta,gamma");
  }

  @Test
  @Check(id = "append.next-offset-resumes-after-data", requirements = {"DS-5.2-01", "DS-5.6-03"})
  void readingFromAnAppendsNextOffsetSkipsItsData(Target t) {
    String s = t.newStream("append");
    t.create(s, "text/plain", null);
    String afterFirst = t.append(s, "text/plain", "first").nextOffset();
    t.append(s, "text/plain", "second");
    assertThat(t.get(s).query("offset", afterFirst).send())
        .as("the offset an append returns points just past its data")
        .hasStatus(200)
        .hasBody("second");
  }

  @Test
  @Check(id = "append.binary-bytes-exact", requirements = {"DS-5.2-29"})
  void binaryBodyIsStoredByteExactly(Target t) {
    String s = t.newStream("append");
    t.create(s, "application/octet-stream", null);
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) all[i] = (byte) (255 - i % 256);
    assertThat(t.post(s).contentType("application/octet-stream").body(all).send())
        .as("a binary append with every byte value is accepted")
        .hasStatus(204);
    assertThat(t.get(s).send())
        .as("a binary append is read back byte for byte")
        .hasStatus(200)
        .hasBody(all);
  }

  static Stream<Arguments> mismatchedTypes() {
    return Stream.of(
        Arguments.of("text/plain", "application/json", "\"x\""),
        Arguments.of("application/json", "text/plain", "{\"a\":1}"),
        Arguments.of("application/octet-stream", "text/plain", "bytes"));
  }

  @ParameterizedTest(name = "stream {0}, append {1}")
  @MethodSource("mismatchedTypes")
  @Check(id = "append.content-type-mismatch-409", requirements = {"DS-5.2-04", "DS-12.4-01"})
  void appendWithAnotherContentTypeAnswers409(String streamType, String appendType, String body, Target t) {
    String s = t.newStream("append-ct");
    t.create(s, streamType, null);
    assertThat(t.post(s).contentType(appendType).body(body).send())
        .as("an append whose Content-Type differs from the stream's is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "append.content-type-mismatch-stores-nothing", requirements = {"DS-5.2-04", "DS-12.4-01"})
  void rejectedContentTypeAppendsNothing(Target t) {
    String s = t.newStream("append-ct");
    t.create(s, "text/plain", "kept");
    String tail = t.head(s).send().nextOffset();
    t.post(s).contentType("application/octet-stream").body("intruder").send();
    assertThat(t.get(s).send())
        .as("an append refused for its content type leaves the stream unchanged")
        .hasStatus(200)
        .hasBody("kept")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {"TEXT/PLAIN", "Text/Plain"})
  @Check(id = "append.content-type-case-insensitive", requirements = {"DS-9-02"})
  void contentTypeIsComparedIgnoringCase(String sent, Target t) {
    String s = t.newStream("append-ct");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType(sent).body("x").send())
        .as("media types compare case-insensitively, so this append matches a text/plain stream")
        .hasStatus(204);
  }

  @Test
  @Check(id = "append.missing-content-type-400", requirements = {"DS-5.2-05"})
  void appendWithBodyButNoContentTypeAnswers400(Target t) {
    String s = t.newStream("append-ct");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).body("no type").send())
        .as("an append with a body but without Content-Type is a bad request")
        .hasStatus(400);
  }

  static Stream<Arguments> emptyBodies() {
    return Stream.of(
        Arguments.of("Content-Length: 0", (BodyFraming) (b) -> b.body(new byte[0])),
        Arguments.of("no body framing at all", (BodyFraming) (b) -> b),
        Arguments.of("chunked with no data", (BodyFraming) (b) -> b.chunked(List.of())));
  }

  /** Gives an empty POST one of the framings HTTP/1.1 allows. */
  interface BodyFraming {
    RawRequest.Builder apply(RawRequest.Builder b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyBodies")
  @Check(id = "append.empty-body-400", requirements = {"DS-5.2-20"})
  void emptyAppendWithoutCloseAnswers400(String framing, BodyFraming body, Target t) {
    String s = t.newStream("append-empty");
    t.create(s, "text/plain", null);
    RawRequest request = body.apply(RawRequest.builder("POST", s).header("Content-Type", "text/plain")).build();
    assertThat(t.send(request))
        .as("a POST without data and without Stream-Closed: true is a bad request")
        .hasStatus(400);
  }

  @Test
  @Check(id = "append.missing-stream-404", requirements = {"DS-5.2-02"})
  void appendToAMissingStreamAnswers404(Target t) {
    String s = t.newStream("append-missing");
    assertThat(t.post(s).contentType("text/plain").body("nobody home").send())
        .as("an append to a stream that does not exist is 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "append.ten-megabytes-200-204-413", requirements = {"DS-5.2-28"})
  void tenMegabyteAppendIsStoredOrRefusedAs413(Target t) {
    String s = t.newStream("append-large");
    t.create(s, "application/octet-stream", null);
    byte[] big = new byte[10 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    assertThat(t.post(s).contentType("application/octet-stream").body(big).send())
        .as("a 10 MB append is either accepted or refused with 413 Payload Too Large")
        .hasStatusIn(200, 204, 413);
  }

  @Test
  @Check(id = "append.chunked-accepted", requirements = {"DS-5.2-09"})
  void chunkedAppendAnswers204WithNextOffset(Target t) {
    String s = t.newStream("append-chunked");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType("text/plain").chunked(chunks("one,", "two,", "three")).send())
        .as("an append with Transfer-Encoding: chunked is accepted like a fixed-length one")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "append.chunked-stored-exactly", requirements = {"DS-5.2-09"})
  void chunkedAppendStoresTheConcatenatedChunks(Target t) {
    String s = t.newStream("append-chunked");
    t.create(s, "text/plain", "head|");
    t.post(s).contentType("text/plain").chunked(chunks("one,", "two,", "three")).send();
    assertThat(t.get(s).send())
        .as("a chunked append stores exactly the concatenation of its chunks")
        .hasStatus(200)
        .hasBody("head|one,two,three");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"content-type", "CONTENT-TYPE", "cOnTeNt-TyPe"})
  @Check(id = "append.header-name-any-case", requirements = {"DS-5.2-30"})
  void contentTypeHeaderNameMatchesInAnyCase(String name, Target t) {
    String s = t.newStream("append-case");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).header(name, "text/plain").body("cased").send())
        .as("HTTP header names are case-insensitive, so this Content-Type counts")
        .hasStatus(204);
  }

  @Test
  @Check(id = "append.concurrent-exactly-once", requirements = {"DS-5.2-31"})
  void concurrentAppendsAreAllStoredExactlyOnce(Target t) throws Exception {
    String s = t.newStream("append-concurrent");
    t.create(s, "text/plain", null);
    int writers = 8;
    int perWriter = 5;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Exchange>> sent = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < perWriter; i++) {
          String token = "<w" + w + "-" + i + ">";
          sent.add(pool.submit(() -> t.post(s).contentType("text/plain").body(token).send()));
        }
      }
      for (Future<Exchange> f : sent) {
        assertThat(f.get()).as("every concurrent append is acknowledged").hasStatus(204);
      }
    } finally {
      pool.shutdownNow();
    }
    Exchange read = t.get(s).send();
    Map<String, Integer> seen = new HashMap<>();
    for (String token : read.bodyText().split("(?<=>)")) {
      if (!token.isEmpty()) seen.merge(token, 1, Integer::sum);
    }
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < perWriter; i++) {
        String token = "<w" + w + "-" + i + ">";
        Assertions.assertThat(seen.getOrDefault(token, 0))
            .as("acknowledged concurrent append %s is stored exactly once\n%s", token, read)
            .isEqualTo(1);
      }
    }
    Assertions.assertThat(seen.size()).as("nothing but the acknowledged appends is stored\n%s", read)
        .isEqualTo(writers * perWriter);
  }

  private static List<byte[]> chunks(String... parts) {
    List<byte[]> out = new ArrayList<>();
    for (String p : parts) out.add(p.getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /** Compares offsets as the spec orders them: bytewise, unsigned. */
  static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
