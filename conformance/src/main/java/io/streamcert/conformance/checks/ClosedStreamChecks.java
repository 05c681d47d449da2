package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams created closed, re-creating closed streams, reading and deleting closed streams
 * (PROTOCOL.md §4.1, the closure parts of §5.1, §5.4 and §5.6).
 */
@Area("Closed streams")
class ClosedStreamChecks {

  /** Three appends of this size exceed a 1 MB read chunk, so a reader gets the data in parts. */
  private static final int LARGE_PART = 900 * 1024;

  @Test
  @Check(id = "closed.put-closed-201", requirements = {"DS-5.1-24"}, feature = Feature.CLOSURE)
  void putWithClosedTrueCreatesAClosedStream(Target t) {
    String s = t.newStream("put-closed");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("PUT with Stream-Closed: true creates the stream closed and says so")
        .hasStatus(201)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.put-closed-refuses-appends", requirements = {"DS-5.1-24", "DS-5.2-22"}, feature = Feature.CLOSURE)
  void aStreamCreatedClosedRefusesAppends(Target t) {
    String s = t.newStream("put-closed");
    t.put(s).contentType("text/plain").header("Stream-Closed", "true").send();
    assertThat(t.post(s).contentType("text/plain").body("late").send())
        .as("a stream created closed refuses appends with 409 and Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.put-closed-body-is-final", requirements = {"DS-5.1-24", "DS-5.6-22"}, feature = Feature.CLOSURE)
  void aClosedCreateBodyIsTheCompleteContent(Target t) {
    String s = t.newStream("put-closed");
    t.put(s).contentType("text/plain").header("Stream-Closed", "true").body("the whole story").send();
    assertThat(t.get(s).send())
        .as("the body of a closed PUT is the stream's complete content, read with Stream-Closed: true")
        .hasStatus(200)
        .hasBody("the whole story")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.put-closed-then-close-204", requirements = {"DS-5.2-18"}, feature = Feature.CLOSURE)
  void closingAStreamCreatedClosedAnswers204(Target t) {
    String s = t.newStream("put-closed");
    t.put(s).contentType("text/plain").header("Stream-Closed", "true").send();
    assertThat(t.post(s).header("Stream-Closed", "true").send())
        .as("a close-only POST on a stream created closed is an idempotent 204")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "Stream-Closed: \"{0}\"")
  @ValueSource(strings = {"false", "yes"})
  @Check(id = "closed.put-other-values-open", requirements = {"DS-4.1-02", "DS-4.1-03"}, feature = Feature.CLOSURE)
  void putWithANonTrueValueCreatesAnOpenStream(String value, Target t) {
    String s = t.newStream("put-value");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", value).send())
        .as("a PUT whose Stream-Closed is not 'true' creates an open stream without error")
        .hasStatus(201)
        .hasNoHeader("Stream-Closed");
    assertThat(t.post(s).contentType("text/plain").body("data").send())
        .as("the stream accepts appends")
        .hasStatus(204);
  }

  @Test
  @Check(id = "closed.put-open-on-closed-409", requirements = {"DS-5.1-05"}, feature = Feature.CLOSURE)
  void putWithoutClosedOnAClosedStreamAnswers409(Target t) {
    String s = t.newStream("put-closed");
    t.create(s, "text/plain", null);
    t.post(s).header("Stream-Closed", "true").send();
    assertThat(t.put(s).contentType("text/plain").send())
        .as("closure status is part of the configuration: a PUT without Stream-Closed on a closed stream conflicts")
        .hasStatus(409);
  }

  @Test
  @Check(id = "closed.put-closed-on-closed-200", requirements = {"DS-5.1-06"}, feature = Feature.CLOSURE)
  void putWithClosedOnAClosedStreamAnswers200(Target t) {
    String s = t.newStream("put-closed");
    t.put(s).contentType("text/plain").header("Stream-Closed", "true").send();
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("re-creating a closed stream with Stream-Closed: true and the same config is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "closed.put-closed-on-open-409", requirements = {"DS-5.1-07"}, feature = Feature.CLOSURE)
  void putWithClosedOnAnOpenStreamAnswers409(Target t) {
    String s = t.newStream("put-closed");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("PUT with Stream-Closed: true on an existing open stream is a closure-status conflict")
        .hasStatus(409);
    assertThat(t.head(s).send()).as("the stream is still open").hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "closed.tail-read-eof", requirements = {"DS-5.6-15", "DS-5.6-14"}, feature = Feature.CLOSURE)
  void readingAtTheFinalOffsetSignalsEof(Target t) {
    String s = t.newStream("closed-read");
    t.create(s, "text/plain", "data");
    String finalOffset = t.post(s).header("Stream-Closed", "true").send().nextOffset();
    assertThat(t.get(s).query("offset", finalOffset).send())
        .as("a read at the final offset of a closed stream is 200 with an empty body and Stream-Closed: true")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset", finalOffset);
  }

  @Test
  @Check(id = "closed.json-tail-read-empty-array", requirements = {"DS-5.6-15", "DS-9.1.5-02"}, feature = Feature.CLOSURE)
  void readingAtTheFinalOffsetOfAClosedJsonStreamGivesAnEmptyArray(Target t) {
    String s = t.newStream("closed-read-json");
    t.create(s, "application/json", "[{\"n\":1}]");
    String finalOffset = t.post(s).header("Stream-Closed", "true").send().nextOffset();
    assertThat(t.get(s).query("offset", finalOffset).send())
        .as("the EOF read of a closed JSON stream is an empty array with Stream-Closed: true")
        .hasStatus(200)
        .hasBody("[]")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.final-data-read-has-closed", requirements = {"DS-5.6-22"}, feature = Feature.CLOSURE)
  void aReadThatReachesTheEndOfAClosedStreamCarriesClosed(Target t) {
    String s = t.newStream("closed-read");
    t.create(s, "text/plain", "one|");
    t.post(s).contentType("text/plain").header("Stream-Closed", "true").body("two").send();
    assertThat(t.get(s).send())
        .as("a read that delivers the final data of an already closed stream carries Stream-Closed: true")
        .hasStatus(200)
        .hasBody("one|two")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.read-before-close-then-eof", requirements = {"DS-5.6-15"}, feature = Feature.CLOSURE)
  void closureAfterAReadIsDiscoveredAtItsNextOffset(Target t) {
    String s = t.newStream("closed-read");
    t.create(s, "text/plain", "data");
    Exchange before = t.get(s).send();
    assertThat(before).as("setup: a read of the open stream carries no Stream-Closed").hasNoHeader("Stream-Closed");
    t.post(s).header("Stream-Closed", "true").send();
    assertThat(t.get(s).query("offset", before.nextOffset()).send())
        .as("a reader that got the data before the close learns of it by reading at its Stream-Next-Offset")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.paged-read-last-page-has-closed", requirements = {"DS-5.6-22"}, feature = Feature.CLOSURE)
  void theLastPageOfAClosedStreamCarriesClosed(Target t) {
    String s = t.newStream("closed-pages");
    String finalOffset = largeClosedStream(t, s);
    Exchange page = t.get(s).query("offset", "-1").send();
    for (int i = 0; i < 16 && !page.nextOffset().equals(finalOffset); i++) {
      page = t.get(s).query("offset", page.nextOffset()).send();
    }
    assertThat(page)
        .as("the read that reaches the final offset of a closed stream carries Stream-Closed: true")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", finalOffset)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "closed.paged-read-partial-no-closed", requirements = {"DS-5.6-23"}, feature = Feature.CLOSURE)
  void partialPagesOfAClosedStreamDoNotCarryClosed(Target t) {
    String s = t.newStream("closed-pages");
    String finalOffset = largeClosedStream(t, s);
    Exchange page = t.get(s).query("offset", "-1").send();
    long bytes = page.body().length;
    // A server whose read chunks exceed the stream answers in one page; the rule is then trivially met.
    for (int i = 0; i < 16 && !page.nextOffset().equals(finalOffset); i++) {
      assertThat(page)
          .as("a partial read of a closed stream (more data before the final offset) carries no Stream-Closed")
          .hasStatus(200)
          .hasNoHeader("Stream-Closed");
      page = t.get(s).query("offset", page.nextOffset()).send();
      bytes += page.body().length;
    }
    Assertions.assertThat(bytes).as("setup: the pages add up to the stream's %d bytes", 3L * LARGE_PART)
        .isEqualTo(3L * LARGE_PART);
  }

  @Test
  @Check(id = "closed.delete-removes", requirements = {"DS-5.4-01"}, feature = Feature.CLOSURE)
  void deletingAClosedStreamRemovesIt(Target t) {
    String s = t.newStream("closed-delete");
    t.create(s, "text/plain", "data");
    t.post(s).header("Stream-Closed", "true").send();
    assertThat(t.delete(s).send()).as("a closed stream can be deleted").hasStatus(204);
    assertThat(t.head(s).send()).as("a deleted closed stream is gone, not closed").hasStatus(404);
  }

  /** Creates a closed octet stream of three large appends and returns its final offset. */
  private static String largeClosedStream(Target t, String s) {
    t.create(s, "application/octet-stream", null);
    byte[] part = new byte[LARGE_PART];
    for (int i = 0; i < 3; i++) {
      Arrays.fill(part, (byte) ('a' + i));
      Exchange ex = t.post(s).contentType("application/octet-stream").body(part).send();
      if (ex.status() != 204) throw new AssertionError("setup: a large append must succeed\n" + ex);
    }
    return t.post(s).header("Stream-Closed", "true").send().nextOffset();
  }
}
