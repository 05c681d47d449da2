package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pagination of catch-up reads larger than one response, followed by Stream-Next-Offset (PROTOCOL.md §5.6). */
@Area("Pagination")
class PaginationChecks {

  private static final int MEGABYTE = 1024 * 1024;

  /**
   * A 3 MB binary stream written as three 1 MB appends of distinct bytes: a server with a 1 MB chunk
   * limit (the reference's) must page it, and every check also holds for a server that answers in
   * one response (it then has no partial pages).
   */
  private record Large(String path, byte[] bytes, String tail) {}

  private static Large large(Target t, boolean closed) {
    String s = t.newStream("paged");
    t.create(s, CatchUp.BINARY, null);
    byte[][] parts = {CatchUp.noise(MEGABYTE, 7), CatchUp.noise(MEGABYTE, 8), CatchUp.noise(MEGABYTE, 9)};
    String tail = null;
    for (byte[] p : parts) tail = CatchUp.append(t, s, CatchUp.BINARY, p).nextOffset();
    if (closed) tail = CatchUp.close(t, s).nextOffset();
    return new Large(s, CatchUp.concat(parts), tail);
  }

  @Test
  @Check(id = "reads.pages.reassemble-exactly", requirements = {"DS-5.6-06", "DS-5.2-29"})
  void pagesFollowedByNextOffsetReassembleTheStreamExactly(Target t) {
    Large l = large(t, false);
    CatchUp.Pages pages = CatchUp.readUntil(t, l.path(), "-1", l.tail());
    if (!Arrays.equals(pages.bytes(), l.bytes())) {
      throw CatchUp.fail(pages.last(), "the pages concatenated equal the stream byte for byte",
          "got " + pages.bytes().length + " bytes over " + pages.pages().size() + " pages that differ from the "
              + l.bytes().length + " bytes written");
    }
  }

  @Test
  @Check(id = "reads.pages.partial-page-not-up-to-date", requirements = {"DS-5.6-20"})
  void pagesShortOfTheTailLackUpToDate(Target t) {
    Large l = large(t, false);
    List<Exchange> pages = CatchUp.readUntil(t, l.path(), "-1", l.tail()).pages();
    for (Exchange page : pages.subList(0, pages.size() - 1)) {
      assertThat(page)
          .as("a page cut short of the tail by a chunk-size limit carries no Stream-Up-To-Date")
          .hasNoHeader("Stream-Up-To-Date");
    }
  }

  @Test
  @Check(id = "reads.pages.tail-page-up-to-date", requirements = {"DS-5.6-19"})
  void thePageThatReachesTheTailCarriesUpToDate(Target t) {
    Large l = large(t, false);
    assertThat(CatchUp.readUntil(t, l.path(), "-1", l.tail()).last())
        .as("the page that reaches the tail carries Stream-Up-To-Date: true")
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "reads.pages.offsets-increase", requirements = {"DS-8-02"})
  void pageOffsetsStrictlyIncrease(Target t) {
    Large l = large(t, false);
    String previous = "";
    for (Exchange page : CatchUp.readUntil(t, l.path(), "-1", l.tail()).pages()) {
      String next = page.nextOffset();
      if (next.compareTo(previous) <= 0) {
        throw CatchUp.fail(page, "offsets sort in stream order: each page's Stream-Next-Offset sorts after the previous",
            next + " does not sort after " + previous);
      }
      previous = next;
    }
  }

  @Test
  @Check(id = "reads.pages.reread-identical", requirements = {"DS-4-04"})
  void rereadingFromAPageOffsetReturnsTheSameBytes(Target t) {
    Large l = large(t, false);
    List<Exchange> pages = CatchUp.readUntil(t, l.path(), "-1", l.tail()).pages();
    String from = pages.size() > 1 ? pages.get(0).nextOffset() : "-1";
    byte[] first = CatchUp.read(t, l.path(), from).body();
    CatchUp.append(t, l.path(), CatchUp.BINARY, CatchUp.noise(4096, 99));
    Exchange again = CatchUp.read(t, l.path(), from);
    assertThat(again).as("a re-read of a page answers 200").hasStatus(200);
    byte[] got = again.body();
    if (got.length < first.length || !Arrays.equals(got, 0, first.length, first, 0, first.length)) {
      throw CatchUp.fail(again, "bytes at an offset never change: re-reading a page after an append returns the same bytes",
          "the re-read differs within the first " + first.length + " bytes");
    }
  }

  @Test
  @Check(id = "reads.pages.closed-partial-page-not-closed", requirements = {"DS-5.6-23"}, feature = Feature.CLOSURE)
  void partialPagesOfAClosedStreamLackStreamClosed(Target t) {
    Large l = large(t, true);
    List<Exchange> pages = CatchUp.readUntil(t, l.path(), "-1", l.tail()).pages();
    for (Exchange page : pages.subList(0, pages.size() - 1)) {
      assertThat(page)
          .as("a partial page of a closed stream (more data before the final offset) carries no Stream-Closed")
          .hasNoHeader("Stream-Closed");
    }
  }

  @Test
  @Check(id = "reads.pages.closed-final-page-closed", requirements = {"DS-5.6-22"}, feature = Feature.CLOSURE)
  void theFinalPageOfAClosedStreamCarriesStreamClosed(Target t) {
    Large l = large(t, true);
    assertThat(CatchUp.readUntil(t, l.path(), "-1", l.tail()).last())
        .as("the page delivering the final data of a closed stream carries Stream-Closed: true")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "reads.pages.json-pages-are-arrays", requirements = {"DS-9.1.1-02", "DS-9.1.5-01"}, feature = Feature.JSON)
  void jsonPagesAreEachOneArrayAndTogetherHoldEveryMessageOnce(Target t) {
    String s = t.newStream("paged-json");
    t.create(s, CatchUp.JSON, null);
    String pad = "p".repeat(100);
    int perBatch = 6000;
    String tail = null;
    for (int b = 0; b < 3; b++) {
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < perBatch; i++) {
        if (i > 0) batch.append(',');
        batch.append("{\"n\":").append(b * perBatch + i).append(",\"pad\":\"").append(pad).append("\"}");
      }
      tail = t.append(s, CatchUp.JSON, batch.append(']').toString()).nextOffset();
    }
    int expected = 0;
    for (Exchange page : CatchUp.readUntil(t, s, "-1", tail).pages()) {
      JsonNode array = CatchUp.jsonBody(page, "each page of a JSON stream is one JSON array");
      if (!array.isArray()) throw CatchUp.fail(page, "each page of a JSON stream is one JSON array", "the body is a " + array.getNodeType());
      for (JsonNode m : array) {
        if (m.path("n").asInt(-1) != expected) {
          throw CatchUp.fail(page, "the pages of a JSON stream hold every message once, in order",
              "expected message n=" + expected + " but found " + m.path("n"));
        }
        expected++;
      }
    }
    if (expected != 3 * perBatch) {
      throw new AssertionError("[the pages of a JSON stream hold every message once, in order] read " + expected
          + " messages of " + 3 * perBatch);
    }
  }
}
