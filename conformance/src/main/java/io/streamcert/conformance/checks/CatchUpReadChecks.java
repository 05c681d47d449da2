package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Catch-up reads: status, body, offsets, up-to-date and closure signals (PROTOCOL.md §5.6, §4). */
@Area("Catch-up reads")
class CatchUpReadChecks {

  @Test
  @Check(id = "reads.catchup.from-start-returns-all-data", requirements = {"DS-5.6-02", "DS-5.1-11"})
  void readFromTheStartReturnsEveryByteWith200(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "hello");
    t.append(s, CatchUp.TEXT, ", world");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("a catch-up read returns 200 with the bytes from the offset")
        .hasStatus(200)
        .hasBody("hello, world");
  }

  @Test
  @Check(id = "reads.catchup.content-type-of-stream", requirements = {"DS-5.6-02", "DS-9-01"})
  void readCarriesTheStreamsContentType(Target t) {
    String s = t.newStream("read");
    t.create(s, "application/x-streamcert-sample", "abc");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("a catch-up read answers with the stream's content type")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/x-streamcert-sample\\s*(;.*)?");
  }

  @Test
  @Check(id = "reads.catchup.next-offset-after-data", requirements = {"DS-5.6-02"})
  void nextOffsetOfAFullReadIsTheTailTheWriterWasGiven(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "first");
    String tail = t.append(s, CatchUp.TEXT, "second").nextOffset();
    assertThat(CatchUp.read(t, s, "-1"))
        .as("Stream-Next-Offset of a read points right after the returned data: the tail the append reported")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "reads.catchup.no-offset-equals-minus-one", requirements = {"DS-5.6-01"})
  void readWithoutAnOffsetEqualsReadFromMinusOne(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "alpha");
    t.append(s, CatchUp.TEXT, "beta");
    Exchange explicit = CatchUp.read(t, s, "-1");
    Exchange implicit = t.get(s).send();
    assertThat(implicit)
        .as("a GET without offset reads from the start, like offset=-1")
        .hasStatus(200)
        .hasBody(explicit.body())
        .hasHeader("Stream-Next-Offset", explicit.nextOffset());
  }

  @Test
  @Check(id = "reads.catchup.resume-returns-only-later-data", requirements = {"DS-5.6-03"})
  void readFromAReturnedOffsetReturnsOnlyLaterData(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, null);
    t.append(s, CatchUp.TEXT, "chunk-1");
    String resume = CatchUp.read(t, s, "-1").nextOffset();
    t.append(s, CatchUp.TEXT, "chunk-2");
    assertThat(CatchUp.read(t, s, resume))
        .as("reading from a returned Stream-Next-Offset yields only the data written after it")
        .hasStatus(200)
        .hasBody("chunk-2");
  }

  @Test
  @Check(id = "reads.catchup.resumed-reads-reassemble-exactly", requirements = {"DS-5.6-03"})
  void resumedReadsReassembleTheStreamWithoutDuplicatesOrGaps(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, null);
    StringBuilder written = new StringBuilder();
    StringBuilder read = new StringBuilder();
    String offset = "-1";
    for (int i = 0; i < 8; i++) {
      String piece = "piece-" + i + "|".repeat(i + 1);
      t.append(s, CatchUp.TEXT, piece);
      written.append(piece);
      if (i % 3 == 2) continue; // several appends between some reads
      Exchange ex = CatchUp.read(t, s, offset);
      assertThat(ex).as("a resumed catch-up read answers 200").hasStatus(200);
      read.append(ex.bodyText());
      offset = ex.nextOffset();
    }
    Exchange last = CatchUp.read(t, s, offset);
    assertThat(last).as("a resumed catch-up read answers 200").hasStatus(200);
    read.append(last.bodyText());
    if (!read.toString().equals(written.toString())) {
      throw CatchUp.fail(last, "resumed reads yield each byte exactly once",
          "expected '" + written + "' but the reads reassembled '" + read + "'");
    }
  }

  @Test
  @Check(id = "reads.catchup.empty-stream-empty-200", requirements = {"DS-5.6-14"})
  void readOfAnEmptyStreamAnswers200WithAnEmptyBody(Target t) {
    String s = t.newStream("read");
    String created = t.create(s, CatchUp.TEXT, null).nextOffset();
    assertThat(CatchUp.read(t, s, "-1"))
        .as("a read with nothing to return answers 200 with an empty body and the tail offset")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeader("Stream-Next-Offset", created);
  }

  @Test
  @Check(id = "reads.catchup.tail-read-echoes-offset", requirements = {"DS-5.6-14"})
  void readAtTheTailAnswersEmpty200WithTheRequestedOffset(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "data");
    String tail = t.append(s, CatchUp.TEXT, "more").nextOffset();
    assertThat(CatchUp.read(t, s, tail))
        .as("a read at the tail answers 200 with an empty body and Stream-Next-Offset equal to the requested offset")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "reads.catchup.data-to-tail-up-to-date", requirements = {"DS-5.6-19"})
  void readThatReturnsEverythingToTheTailCarriesUpToDate(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "some data");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("a response holding all data up to the tail carries Stream-Up-To-Date: true")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "reads.catchup.empty-tail-read-up-to-date", requirements = {"DS-5.6-19"})
  void emptyReadAtTheTailCarriesUpToDate(Target t) {
    String s = t.newStream("read");
    String tail = t.create(s, CatchUp.TEXT, "some data").nextOffset();
    assertThat(CatchUp.read(t, s, tail))
        .as("an empty response at the tail carries Stream-Up-To-Date: true")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "reads.catchup.read-your-writes", requirements = {"DS-5.6-04"})
  void dataOfAnAcknowledgedAppendIsInTheNextRead(Target t) {
    String s = t.newStream("ryw");
    t.create(s, CatchUp.TEXT, null);
    t.append(s, CatchUp.TEXT, "just-written");
    assertThat(CatchUp.read(t, s, "-1"))
        .as("data is visible to a read issued right after the append was acknowledged")
        .hasStatus(200)
        .hasBody("just-written");
  }

  @Test
  @Check(id = "reads.catchup.read-your-writes-at-offset", requirements = {"DS-5.6-04"})
  void everyAppendIsReadableAtItsOffsetRightAfterTheAcknowledgement(Target t) {
    String s = t.newStream("ryw");
    String before = t.create(s, CatchUp.TEXT, null).nextOffset();
    for (int i = 0; i < 12; i++) {
      String piece = "append-" + i;
      String after = t.append(s, CatchUp.TEXT, piece).nextOffset();
      assertThat(CatchUp.read(t, s, before))
          .as("a read from the offset before an acknowledged append returns exactly that append, at once")
          .hasStatus(200)
          .hasBody(piece)
          .hasHeader("Stream-Next-Offset", after);
      before = after;
    }
  }

  @Test
  @Check(id = "reads.catchup.immutable-by-position", requirements = {"DS-4-04", "DS-8-04"})
  void bytesAtAnOffsetNeverChangeAfterFurtherAppends(Target t) {
    String s = t.newStream("immutable");
    t.create(s, CatchUp.BINARY, null);
    CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(700, 1));
    String mid = CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(500, 2)).nextOffset();
    CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(300, 3));
    byte[] whole = CatchUp.read(t, s, "-1").body();
    byte[] suffix = CatchUp.read(t, s, mid).body();
    for (int i = 0; i < 5; i++) CatchUp.append(t, s, CatchUp.BINARY, CatchUp.noise(400, 10 + i));
    Exchange rereadWhole = CatchUp.read(t, s, "-1");
    Exchange rereadSuffix = CatchUp.read(t, s, mid);
    assertStartsWith(rereadWhole, whole, "bytes read from -1 are unchanged by later appends");
    assertStartsWith(rereadSuffix, suffix, "bytes read from a mid-stream offset are unchanged by later appends");
  }

  static Stream<Arguments> binaryPayloads() {
    byte[] ascending = new byte[256];
    byte[] descending = new byte[256];
    for (int i = 0; i < 256; i++) {
      ascending[i] = (byte) i;
      descending[i] = (byte) (255 - i);
    }
    byte[] controls = "\r\n\0\r\r\n\n\0\u001b[0m\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] badUtf8 = {(byte) 0xC0, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0xBF, (byte) 0xED,
        (byte) 0xA0, (byte) 0x80, (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0xE2, (byte) 0x82};
    byte[] withBom = CatchUp.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "text".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 0});
    return Stream.of(
        Arguments.of("all 256 byte values ascending", ascending),
        Arguments.of("all 256 byte values descending", descending),
        Arguments.of("CR, LF, NUL and ESC", controls),
        Arguments.of("invalid UTF-8 sequences", badUtf8),
        Arguments.of("byte-order marks and trailing NULs", withBom),
        Arguments.of("a single NUL byte", new byte[] {0}),
        Arguments.of("64 KiB of pseudo-random bytes", CatchUp.noise(64 * 1024, 42)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryPayloads")
  @Check(id = "reads.catchup.binary-byte-exact", requirements = {"DS-5.2-29", "DS-5.6-02"})
  void binaryPayloadReadsBackByteExactly(String name, byte[] payload, Target t) {
    String s = t.newStream("binary");
    t.create(s, CatchUp.BINARY, null);
    CatchUp.append(t, s, CatchUp.BINARY, payload);
    assertThat(CatchUp.read(t, s, "-1"))
        .as("binary data (" + name + ") reads back byte for byte")
        .hasStatus(200)
        .hasBody(payload);
  }

  @Test
  @Check(id = "reads.catchup.single-bytes-in-order", requirements = {"DS-5.2-29", "DS-5.6-04"})
  void eachByteValueAppendedAloneReadsBackInOrder(Target t) {
    String s = t.newStream("binary");
    t.create(s, CatchUp.BINARY, null);
    byte[] expected = new byte[256];
    for (int i = 0; i < 256; i++) {
      expected[i] = (byte) i;
      CatchUp.append(t, s, CatchUp.BINARY, new byte[] {(byte) i});
    }
    assertThat(CatchUp.read(t, s, "-1"))
        .as("256 one-byte appends, one per byte value, read back as the 256 values in append order")
        .hasStatus(200)
        .hasBody(expected);
  }

  @Test
  @Check(id = "reads.catchup.consistent-prefix-during-writes", requirements = {"DS-5.6-05"})
  void readersDuringConcurrentAppendsAlwaysSeeAPrefix(Target t) throws Exception {
    String s = t.newStream("concurrent");
    t.create(s, CatchUp.BINARY, null);
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < 40; i++) pieces.add(CatchUp.noise(97 + i * 13, 100 + i));
    byte[] all = CatchUp.concat(pieces.toArray(new byte[0][]));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int seen = 0;
          do {
            Exchange ex = CatchUp.read(t, s, "-1");
            assertThat(ex).as("a read during concurrent appends answers 200").hasStatus(200);
            byte[] got = ex.body();
            if (got.length < seen || got.length > all.length
                || !Arrays.equals(got, 0, got.length, all, 0, got.length)) {
              throw CatchUp.fail(ex, "a read during appends returns a prefix of the stream that never shrinks",
                  "got " + got.length + " bytes (previous read had " + seen + ") that are not the stream's first bytes");
            }
            seen = got.length;
          } while (writing.get());
          return null;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        try {
          for (byte[] p : pieces) CatchUp.append(t, s, CatchUp.BINARY, p);
        } finally {
          writing.set(false);
        }
        return null;
      });
      writer.get(20, TimeUnit.SECONDS);
      for (Future<?> r : readers) r.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) throw a;
      throw e;
    } finally {
      pool.shutdownNow();
    }
    assertThat(CatchUp.read(t, s, "-1"))
        .as("after concurrent reads, the stream holds every append in order")
        .hasStatus(200)
        .hasBody(all);
  }

  @Test
  @Check(id = "reads.catchup.unknown-parameters-ignored", requirements = {"DS-5.6-11"})
  void unknownQueryParametersAreIgnored(Target t) {
    String s = t.newStream("read");
    t.create(s, CatchUp.TEXT, "payload");
    assertThat(t.get(s).query("offset", "-1").query("foo", "bar").query("zz-extension", "1").send())
        .as("unknown query parameters are ignored")
        .hasStatus(200)
        .hasBody("payload");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"without offset", "offset=-1", "offset of another stream"})
  @Check(id = "reads.catchup.missing-stream-404", requirements = {"DS-5.6-07"})
  void readOfAStreamThatDoesNotExistAnswers404(String how, Target t) {
    String missing = t.newStream("missing");
    Target.Call get = t.get(missing);
    if (how.equals("offset=-1")) get.query("offset", "-1");
    if (how.equals("offset of another stream")) {
      String other = t.newStream("other");
      t.create(other, CatchUp.TEXT, "x");
      get.query("offset", CatchUp.encode(t.append(other, CatchUp.TEXT, "y").nextOffset()));
    }
    assertThat(get.send()).as("a read of a stream that does not exist answers 404").hasStatus(404);
  }

  @Test
  @Check(id = "reads.catchup.deleted-stream-404", requirements = {"DS-5.6-07"})
  void readOfADeletedStreamAnswers404(Target t) {
    String s = t.newStream("deleted");
    t.create(s, CatchUp.TEXT, "soon gone");
    Exchange del = t.delete(s).send();
    if (del.status() != 204) throw new AssertionError("setup: DELETE must answer 204 but answered " + del.status() + "\n" + del);
    assertThat(CatchUp.read(t, s, "-1")).as("a read of a deleted stream answers 404").hasStatus(404);
  }

  @Test
  @Check(id = "reads.catchup.soft-deleted-410", requirements = {"DS-5.6-13"}, feature = Feature.FORK)
  void readOfASoftDeletedForkSourceAnswers410(Target t) {
    String source = t.newStream("source");
    String fork = t.newStream("fork");
    t.create(source, CatchUp.TEXT, "inherited");
    Exchange forked = t.put(fork).contentType(CatchUp.TEXT).header("Stream-Forked-From", source).send();
    if (forked.status() != 201) throw new AssertionError("setup: the fork must answer 201 but answered " + forked.status() + "\n" + forked);
    Exchange del = t.delete(source).send();
    if (del.status() != 204) throw new AssertionError("setup: DELETE of the source must answer 204 but answered " + del.status() + "\n" + del);
    assertThat(CatchUp.read(t, source, "-1"))
        .as("a read of a stream soft-deleted while a fork still needs it answers 410 Gone")
        .hasStatus(410);
  }

  @Test
  @Check(id = "reads.catchup.closed-tail-eof", requirements = {"DS-5.6-15"}, feature = Feature.CLOSURE)
  void readAtTheTailOfAClosedStreamSignalsEof(Target t) {
    String s = t.newStream("closed");
    t.create(s, CatchUp.TEXT, "final words");
    String tail = CatchUp.close(t, s).nextOffset();
    assertThat(CatchUp.read(t, s, tail))
        .as("a read at the tail of a closed stream answers 200 with an empty body and Stream-Closed: true")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"the start", "a mid-stream offset"})
  @Check(id = "reads.catchup.closed-final-data-closed", requirements = {"DS-5.6-22"}, feature = Feature.CLOSURE)
  void readDeliveringTheFinalDataOfAClosedStreamCarriesStreamClosed(String from, Target t) {
    String s = t.newStream("closed");
    t.create(s, CatchUp.TEXT, "first ");
    String mid = t.append(s, CatchUp.TEXT, "second ").nextOffset();
    t.append(s, CatchUp.TEXT, "last");
    CatchUp.close(t, s);
    assertThat(CatchUp.read(t, s, from.equals("the start") ? "-1" : mid))
        .as("a response delivering the final data of an already closed stream carries Stream-Closed: true")
        .hasStatus(200)
        .hasBody(from.equals("the start") ? "first second last" : "last")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"from the start", "at the tail"})
  @Check(id = "reads.catchup.open-stream-not-closed", requirements = {"DS-5.6-15", "DS-5.6-22"}, feature = Feature.CLOSURE)
  void readsOfAnOpenStreamNeverCarryStreamClosed(String where, Target t) {
    String s = t.newStream("open");
    String tail = t.create(s, CatchUp.TEXT, "still open").nextOffset();
    assertThat(CatchUp.read(t, s, where.equals("at the tail") ? tail : "-1"))
        .as("Stream-Up-To-Date is not EOF: a read of an open stream carries no Stream-Closed")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "reads.catchup.closure-discovered-at-next-offset", requirements = {"DS-5.6-15"}, feature = Feature.CLOSURE)
  void closureAfterAChunkIsDiscoveredByReadingItsNextOffset(Target t) {
    String s = t.newStream("closed");
    t.create(s, CatchUp.TEXT, "served before closure");
    String next = CatchUp.read(t, s, "-1").nextOffset();
    CatchUp.close(t, s);
    assertThat(CatchUp.read(t, s, next))
        .as("after a close, reading the previous chunk's Stream-Next-Offset answers 200, empty, Stream-Closed: true")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset", next);
  }

  private static void assertStartsWith(Exchange ex, byte[] prefix, String rule) {
    assertThat(ex).as(rule).hasStatus(200);
    byte[] got = ex.body();
    if (got.length < prefix.length || !Arrays.equals(got, 0, prefix.length, prefix, 0, prefix.length)) {
      throw CatchUp.fail(ex, rule, "the first " + prefix.length + " bytes differ from what the same offset returned before");
    }
  }
}
