package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Offsets: ordering, format, the -1 and now sentinels, and malformed offsets (PROTOCOL.md §8, §5.6). */
@Area("Offsets")
class OffsetChecks {

  /** RFC 3986 unreserved characters: safe in a query without encoding. */
  private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

  @Test
  @Check(id = "reads.offsets.strictly-increasing", requirements = {"DS-8-06", "DS-8-02", "DS-8-05"})
  void offsetsStrictlyIncreaseWithEveryAppendAcrossDigitBoundaries(Target t) {
    String s = t.newStream("offsets");
    String previous = t.create(s, CatchUp.BINARY, null).nextOffset();
    // Sizes chosen so the running length crosses 10, 100, 1000 and 10000 bytes: a scheme that
    // prints positions without padding would sort "10" before "9" there.
    int[] sizes = {1, 8, 1, 1, 89, 1, 899, 1, 1, 8999, 1, 3, 120, 1};
    for (int size : sizes) {
      Exchange ex = CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(size, size));
      String next = ex.nextOffset();
      if (next.compareTo(previous) <= 0) {
        throw CatchUp.fail(ex, "each append's offset is lexicographically greater than every earlier offset",
            "offset " + next + " does not sort after the previous offset " + previous);
      }
      previous = next;
    }
  }

  /** One acknowledged append: the text sent and the answer. */
  private record Ack(String piece, Exchange exchange) {}

  @Test
  @Check(id = "reads.offsets.concurrent-appends-ordered", requirements = {"DS-8-05", "DS-8-06", "DS-8-02"})
  void concurrentAppendsGetDistinctOffsetsThatSortInStreamOrder(Target t) throws Exception {
    String s = t.newStream("offsets-concurrent");
    t.create(s, CatchUp.TEXT, null);
    int writers = 4;
    int each = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            String piece = "<" + writer + ":" + i + ">";
            acks.add(new Ack(piece, t.append(s, CatchUp.TEXT, piece)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) throw a;
      throw e;
    } finally {
      pool.shutdownNow();
    }
    Map<String, Ack> byOffset = new TreeMap<>();
    for (Ack ack : acks) {
      Ack twin = byOffset.put(ack.exchange().nextOffset(), ack);
      if (twin != null) {
        throw CatchUp.fail(ack.exchange(), "concurrent appends never share an offset",
            "appends " + ack.piece() + " and " + twin.piece() + " were both acknowledged with " + ack.exchange().nextOffset());
      }
    }
    // Each acknowledged offset ends its own append, so in lexicographic order the offsets must
    // walk the stream: the read from one offset starts with the append acknowledged with the next.
    String from = "-1";
    for (Map.Entry<String, Ack> e : byOffset.entrySet()) {
      Exchange read = CatchUp.read(t, s, from);
      assertThat(read).as("a read from an acknowledged offset answers 200").hasStatus(200);
      if (!read.bodyText().startsWith(e.getValue().piece())) {
        throw CatchUp.fail(read, "offsets sort in stream order also under concurrent appends",
            "the data after " + from + " should start with " + e.getValue().piece() + ", acknowledged with the next offset "
                + e.getKey() + " in lexicographic order");
      }
      from = e.getKey();
    }
  }

  @Test
  @Check(id = "reads.offsets.earlier-offset-stays-valid", requirements = {"DS-8-04"})
  void anEarlyOffsetStaysReadableAfterManyAppends(Target t) {
    String s = t.newStream("offsets");
    t.create(s, CatchUp.TEXT, "head|");
    String early = CatchUp.read(t, s, "-1").nextOffset();
    StringBuilder later = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      String piece = "p" + i + ";";
      t.append(s, CatchUp.TEXT, piece);
      later.append(piece);
    }
    assertThat(CatchUp.read(t, s, early))
        .as("an offset returned earlier stays valid for the stream's lifetime")
        .hasStatus(200)
        .hasBody(later.toString());
  }

  /** Collects offsets a server hands out in one kind of response. */
  private static List<Exchange> offsetsFrom(String source, Target t) {
    String s = t.newStream("offset-format");
    List<Exchange> out = new ArrayList<>();
    switch (source) {
      case "create" -> {
        out.add(t.create(s, CatchUp.TEXT, null));
        out.add(t.create(t.newStream("offset-format"), CatchUp.TEXT, "initial body"));
      }
      case "append" -> {
        t.create(s, CatchUp.TEXT, null);
        for (int i = 1; i <= 1200; i *= 7) out.add(t.append(s, CatchUp.TEXT, "x".repeat(i)));
      }
      case "catch-up read" -> {
        t.create(s, CatchUp.TEXT, "abc");
        String mid = t.append(s, CatchUp.TEXT, "defgh").nextOffset();
        t.append(s, CatchUp.TEXT, "ijklmnop");
        out.add(CatchUp.read(t, s, "-1"));
        out.add(CatchUp.read(t, s, mid));
      }
      case "HEAD" -> {
        t.create(s, CatchUp.TEXT, "abc");
        out.add(t.head(s).send());
        t.append(s, CatchUp.TEXT, "more data");
        out.add(t.head(s).send());
      }
      case "offset=now" -> {
        t.create(s, CatchUp.TEXT, "abc");
        out.add(CatchUp.read(t, s, "now"));
      }
      default -> throw new IllegalArgumentException(source);
    }
    return out;
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"create", "append", "catch-up read", "HEAD", "offset=now"})
  @Check(id = "reads.offsets.no-forbidden-characters", requirements = {"DS-8-09"})
  void offsetsNeverContainCommaAmpersandEqualsQuestionMarkOrSlash(String source, Target t) {
    for (Exchange ex : offsetsFrom(source, t)) {
      String offset = ex.nextOffset();
      for (char c : new char[] {',', '&', '=', '?', '/'}) {
        if (offset.indexOf(c) >= 0) {
          throw CatchUp.fail(ex, "server-issued offsets contain none of , & = ? /", "offset " + offset + " contains '" + c + "'");
        }
      }
    }
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"create", "append", "catch-up read", "HEAD", "offset=now"})
  @Check(id = "reads.offsets.url-safe", requirements = {"DS-8-10"})
  void offsetsUseOnlyUrlSafeCharacters(String source, Target t) {
    for (Exchange ex : offsetsFrom(source, t)) {
      String offset = ex.nextOffset();
      if (!URL_SAFE.matcher(offset).matches()) {
        throw CatchUp.fail(ex, "offsets should use URL-safe characters (A-Z a-z 0-9 - . _ ~)", "offset '" + offset + "' does not");
      }
    }
  }

  @Test
  @Check(id = "reads.offsets.under-256-characters", requirements = {"DS-8-12"})
  void offsetsStayUnder256Characters(Target t) {
    String s = t.newStream("offset-length");
    t.create(s, CatchUp.BINARY, null);
    List<Exchange> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) seen.add(CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(256 * 1024, i)));
    seen.add(t.head(s).send());
    for (Exchange ex : seen) {
      if (ex.nextOffset().length() >= 256) {
        throw CatchUp.fail(ex, "offsets should stay under 256 characters", "offset is " + ex.nextOffset().length() + " characters long");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"create of an empty stream", "HEAD of an empty stream", "read of an empty stream",
      "offset=now on an empty stream", "read of a stream with data"})
  @Check(id = "reads.offsets.never-a-sentinel", requirements = {"DS-8-32"})
  void theServerNeverIssuesMinusOneOrNowAsAnOffset(String where, Target t) {
    String s = t.newStream("sentinel");
    Exchange created = t.create(s, CatchUp.TEXT, where.equals("read of a stream with data") ? "data" : null);
    Exchange ex = switch (where) {
      case "create of an empty stream" -> created;
      case "HEAD of an empty stream" -> t.head(s).send();
      case "offset=now on an empty stream" -> CatchUp.read(t, s, "now");
      default -> CatchUp.read(t, s, "-1");
    };
    String offset = ex.nextOffset();
    if (offset.equals("-1") || offset.equals("now")) {
      throw CatchUp.fail(ex, "the server never issues the sentinels -1 or now as an offset", "Stream-Next-Offset is " + offset);
    }
  }

  @Test
  @Check(id = "reads.offsets.minus-one-reads-from-start", requirements = {"DS-8-15"})
  void offsetMinusOneReturnsDataFromTheBeginning(Target t) {
    String s = t.newStream("sentinel");
    t.create(s, CatchUp.TEXT, "beginning ");
    t.append(s, CatchUp.TEXT, "and the rest");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("offset=-1 is a valid offset that returns data from the beginning")
        .hasStatus(200)
        .hasBody("beginning and the rest");
  }

  @Test
  @Check(id = "reads.offsets.reference-zero-offset", requirements = {"DS-8-13"})
  void theReferenceZeroOffsetReadsFromTheStart(Target t) {
    String s = t.newStream("zero");
    t.create(s, CatchUp.TEXT, "from zero");
    assertThat(CatchUp.read(t, s, "0000000000000000_0000000000000000"))
        .as("the reference zero offset 0000000000000000_0000000000000000 (hard-coded by the official suite) means the start")
        .hasStatus(200)
        .hasBody("from zero");
  }

  @Test
  @Check(id = "reads.offsets.now-returns-no-data", requirements = {"DS-8-16", "DS-8-18"})
  void offsetNowOnAStreamWithDataReturnsAnEmptyBody(Target t) {
    String s = t.newStream("now");
    t.create(s, CatchUp.TEXT, "historical");
    t.append(s, CatchUp.TEXT, " data");
    assertThat(CatchUp.read(t, s, "now"))
        .as("a catch-up read at offset=now answers 200 with a 0-byte body on a non-JSON stream")
        .hasStatus(200)
        .hasEmptyBody();
  }

  @Test
  @Check(id = "reads.offsets.now-json-empty-array", requirements = {"DS-8-17"}, feature = Feature.JSON)
  void offsetNowOnAJsonStreamReturnsAnEmptyArray(Target t) {
    String s = t.newStream("now-json");
    t.create(s, CatchUp.JSON, "[{\"old\":1},{\"old\":2}]");
    Exchange ex = CatchUp.read(t, s, "now");
    assertThat(ex).as("a catch-up read at offset=now of a JSON stream answers 200").hasStatus(200);
    CatchUp.assertJsonArray(ex, "a catch-up read at offset=now of a JSON stream returns []", "[]");
  }

  @Test
  @Check(id = "reads.offsets.now-carries-tail", requirements = {"DS-8-19"})
  void offsetNowCarriesTheCurrentTailOffset(Target t) {
    String s = t.newStream("now");
    t.create(s, CatchUp.TEXT, "one");
    String tail = t.append(s, CatchUp.TEXT, "two").nextOffset();
    assertThat(CatchUp.read(t, s, "now"))
        .as("offset=now answers Stream-Next-Offset equal to the current tail")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "reads.offsets.now-empty-stream", requirements = {"DS-8-16", "DS-8-19"})
  void offsetNowOnAnEmptyStreamReturnsTheCreationTail(Target t) {
    String s = t.newStream("now");
    String tail = t.create(s, CatchUp.TEXT, null).nextOffset();
    assertThat(CatchUp.read(t, s, "now"))
        .as("offset=now on an empty stream answers 200, empty, with the tail the create reported")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "reads.offsets.now-up-to-date", requirements = {"DS-8-20"})
  void offsetNowCarriesUpToDate(Target t) {
    String s = t.newStream("now");
    t.create(s, CatchUp.TEXT, "data");
    assertThat(CatchUp.read(t, s, "now"))
        .as("offset=now answers Stream-Up-To-Date: true")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "reads.offsets.now-resumes-later-data", requirements = {"DS-8-19"})
  void offsetFromNowResumesWithOnlyLaterAppends(Target t) {
    String s = t.newStream("now");
    t.create(s, CatchUp.TEXT, "skipped history");
    String from = CatchUp.read(t, s, "now").nextOffset();
    t.append(s, CatchUp.TEXT, "new data");
    assertThat(CatchUp.read(t, s, from))
        .as("reading from the offset=now tail returns exactly what was appended afterwards")
        .hasStatus(200)
        .hasBody("new data");
  }

  @Test
  @Check(id = "reads.offsets.now-missing-stream-404", requirements = {"DS-8-22"})
  void offsetNowOnAStreamThatDoesNotExistAnswers404(Target t) {
    assertThat(CatchUp.read(t, t.newStream("missing"), "now"))
        .as("offset=now on a stream that does not exist answers 404")
        .hasStatus(404);
  }

  @ParameterizedTest(name = "{0} stream")
  @ValueSource(strings = {"text/plain", "application/json"})
  @Check(id = "reads.offsets.now-closed-signals-closure", requirements = {"DS-8-29"}, feature = Feature.CLOSURE)
  void offsetNowOnAClosedStreamSignalsClosureAndUpToDate(String contentType, Target t) {
    String s = t.newStream("now-closed");
    t.create(s, contentType, contentType.equals(CatchUp.JSON) ? "{\"last\":true}" : "last");
    CatchUp.close(t, s);
    Exchange ex = CatchUp.read(t, s, "now");
    assertThat(ex)
        .as("offset=now on a closed stream answers 200 with Stream-Closed: true and Stream-Up-To-Date: true")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
    if (contentType.equals(CatchUp.JSON)) {
      CatchUp.assertJsonArray(ex, "offset=now on a closed JSON stream returns []", "[]");
    } else {
      assertThat(ex).as("offset=now on a closed stream returns an empty body").hasEmptyBody();
    }
  }

  @Test
  @Check(id = "reads.offsets.now-closed-final-offset", requirements = {"DS-8-30"}, feature = Feature.CLOSURE)
  void offsetNowOnAClosedStreamCarriesTheFinalOffset(Target t) {
    String s = t.newStream("now-closed");
    t.create(s, CatchUp.TEXT, "body");
    String fin = CatchUp.close(t, s).nextOffset();
    assertThat(CatchUp.read(t, s, "now"))
        .as("offset=now on a closed stream answers Stream-Next-Offset equal to the final offset")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", fin);
  }

  @Test
  @Check(id = "reads.offsets.now-closed-long-poll-immediate", requirements = {"DS-8-28", "DS-8-29"}, feature = Feature.CLOSURE)
  void offsetNowLongPollOnAClosedStreamReturnsAtOnce(Target t) {
    String s = t.newStream("now-closed");
    t.create(s, CatchUp.TEXT, "done");
    CatchUp.close(t, s);
    Exchange ex = t.get(s).query("offset", "now").query("live", "long-poll").send();
    assertThat(ex)
        .as("a long-poll at offset=now on a closed stream answers 204 with Stream-Closed: true and Stream-Up-To-Date: true")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
    if (ex.elapsed().compareTo(t.longPollTimeout()) >= 0) {
      throw CatchUp.fail(ex, "offset=now on a closed stream returns at once, without waiting out the long-poll timeout",
          "the answer took " + ex.elapsed().toMillis() + " ms; the long-poll timeout is " + t.longPollTimeout().toMillis() + " ms");
    }
  }

  static Stream<Arguments> malformedOffsets() {
    return Stream.of(
        Arguments.of("comma", "0,1"),
        Arguments.of("space", "a b"),
        Arguments.of("ampersand", "a&b"),
        Arguments.of("equals sign", "a=b"),
        Arguments.of("question mark", "a?b"),
        Arguments.of("slash", "a/b"),
        Arguments.of("path traversal", "../../etc"),
        Arguments.of("NUL byte", "a\u0000b"),
        Arguments.of("line feed", "a\nb"),
        Arguments.of("CRLF", "a\r\nb"),
        Arguments.of("garbage word", "not-an-offset"),
        Arguments.of("re-cased now sentinel", "NOW"),
        Arguments.of("negative number other than -1", "-2"),
        Arguments.of("300 characters", "z".repeat(300)),
        Arguments.of("server offset followed by a comma", "{tail},x"),
        Arguments.of("server offset followed by a space", "{tail} "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedOffsets")
  @Check(id = "reads.offsets.malformed-400", requirements = {"DS-5.6-08"})
  void malformedOffsetAnswers400(String name, String offset, Target t) {
    String s = t.newStream("malformed");
    String tail = t.create(s, CatchUp.TEXT, "data").nextOffset();
    assertThat(CatchUp.read(t, s, offset.replace("{tail}", tail)))
        .as("a malformed offset (" + name + ") answers 400 Bad Request")
        .hasStatus(400);
  }

  @Test
  @Check(id = "reads.offsets.empty-400", requirements = {"DS-5.6-09"})
  void emptyOffsetAnswers400(Target t) {
    String s = t.newStream("malformed");
    t.create(s, CatchUp.TEXT, "data");
    assertThat(t.get(s).query("offset", "").send())
        .as("an empty offset parameter answers 400 Bad Request")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "{0} and {1}")
  @CsvSource({"-1,-1", "-1,now", "{tail},{tail}", "-1,{tail}"})
  @Check(id = "reads.offsets.repeated-400", requirements = {"DS-5.6-10"})
  void repeatedOffsetParametersAnswer400(String first, String second, Target t) {
    String s = t.newStream("malformed");
    String tail = t.create(s, CatchUp.TEXT, "data").nextOffset();
    assertThat(t.get(s)
        .query("offset", CatchUp.encode(first.replace("{tail}", tail)))
        .query("offset", CatchUp.encode(second.replace("{tail}", tail)))
        .send())
        .as("more than one offset parameter answers 400 Bad Request")
        .hasStatus(400);
  }
}
