package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Idempotent producers closing streams and writing to closed ones (PROTOCOL.md §5.2.1, with §5.2 and §5.3). */
@Area("Producers and closure")
class ProducerClosureChecks {

  private static final String TEXT = "text/plain";

  @Test
  @Check(id = "producer-close.final-append-200", requirements = {"DS-5.2.1-22", "DS-5.2.1-12", "DS-5.2.1-13"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerAppendAndCloseAnswers200Closed(Target t) {
    Producer p = producer(t, "p");
    assertThat(p.appendAndClose(0, 0, "final"))
        .as("a producer's final append with Stream-Closed: true is new data (200) that closes the stream")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Producer-Epoch", "0")
        .hasHeader("Producer-Seq", "0");
  }

  @Test
  @Check(id = "producer-close.final-append-stored", requirements = {"DS-5.2.1-22", "DS-5.6-22"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerFinalAppendIsTheLastData(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "first|");
    p.appendAndClose(0, 1, "final");
    assertThat(t.get(p.stream()).send())
        .as("the producer's final append is stored and the stream reads as closed")
        .hasStatus(200)
        .hasBody("first|final")
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.closing-retry-204", requirements = {"DS-5.2.1-24", "DS-5.2.1-25"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void retryOfTheClosingAppendAnswers204Closed(Target t) {
    Producer p = producer(t, "p");
    p.appendAndClose(0, 0, "final");
    assertThat(p.appendAndClose(0, 0, "final"))
        .as("a retry of the (producer, epoch, seq) that closed the stream is a duplicate: 204 with Stream-Closed")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.closing-retry-other-body", requirements = {"DS-5.2.1-25"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void retryOfTheClosingTupleWithAnotherBodyKeepsTheOriginal(Target t) {
    Producer p = producer(t, "p");
    p.appendAndClose(0, 0, "body-A");
    assertThat(p.appendAndClose(0, 0, "body-B"))
        .as("the closing tuple is deduplicated whatever body the retry carries")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
    assertThat(t.get(p.stream()).send()).as("the original final body is kept").hasBody("body-A");
  }

  @Test
  @Check(id = "producer-close.closing-retry-without-close-flag", requirements = {"DS-5.2.1-25"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void retryOfTheClosingTupleWithoutTheCloseHeaderAnswers204(Target t) {
    Producer p = producer(t, "p");
    p.appendAndClose(0, 0, "final");
    assertThat(p.append(0, 0, "final"))
        .as("on a closed stream an append matching the closing (producer, epoch, seq) is a 204 duplicate")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.other-producer-409", requirements = {"DS-5.2.1-26"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void anotherProducerOnTheClosedStreamAnswers409(Target t) {
    Producer a = producer(t, "producer-a");
    a.appendAndClose(0, 0, "final");
    Producer b = new Producer(t, a.stream(), "producer-b", TEXT);
    assertThat(b.appendAndClose(0, 0, "late"))
        .as("a producer other than the closing one gets 409 with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.next-seq-409", requirements = {"DS-5.2.1-26"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void theClosingProducersNextSeqAnswers409(Target t) {
    Producer p = producer(t, "p");
    p.appendAndClose(0, 0, "final");
    assertThat(p.append(0, 1, "after the end"))
        .as("after its close, the closing producer's next seq gets 409 with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @ParameterizedTest(name = "stream closed by {0}")
  @ValueSource(strings = {"the producer's next batch", "a plain close-only POST"})
  @Check(id = "producer-close.earlier-seq-409", requirements = {"DS-5.2.1-26"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void aRetryOfAnEarlierSeqOnTheClosedStreamAnswers409(String closedBy, Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "first|");
    if (closedBy.startsWith("the producer")) p.appendAndClose(0, 1, "final");
    else t.post(p.stream()).header("Stream-Closed", "true").send();
    // Only the closing tuple is a duplicate on a closed stream; every other tuple is refused.
    assertThat(p.append(0, 0, "first|"))
        .as("on a closed stream an append that is not the closing tuple gets 409 with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.plain-append-409", requirements = {"DS-5.2.1-22", "DS-5.2-22", "DS-5.2-23"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void plainAppendAfterAProducerCloseAnswers409(Target t) {
    Producer p = producer(t, "p");
    String finalOffset = p.appendAndClose(0, 0, "final").nextOffset();
    assertThat(t.post(p.stream()).contentType(TEXT).body("plain").send())
        .as("a stream closed by a producer refuses plain appends like any closed stream")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset", finalOffset);
  }

  @ParameterizedTest(name = "producer {0} after a plain close")
  @ValueSource(strings = {"append", "close-only"})
  @Check(id = "producer-close.after-plain-close-409", requirements = {"DS-5.2.1-26"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void producerRequestOnAStreamClosedWithoutProducerAnswers409(String kind, Target t) {
    Producer p = producer(t, "p");
    t.post(p.stream()).header("Stream-Closed", "true").send();
    Exchange ex = kind.equals("append") ? p.append(0, 0, "late") : p.close(0, 0);
    assertThat(ex)
        .as("no producer tuple closed this stream, so any producer request on it gets 409 with Stream-Closed")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.plain-close-after-producer-close", requirements = {"DS-5.2.1-22", "DS-5.2-18"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void plainCloseOfAProducerClosedStreamAnswers204(Target t) {
    Producer p = producer(t, "p");
    p.appendAndClose(0, 0, "final");
    assertThat(t.post(p.stream()).header("Stream-Closed", "true").send())
        .as("a plain close-only POST on a stream a producer closed is an idempotent 204")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.close-only-204", requirements = {"DS-5.2.1-23", "DS-5.2.1-12", "DS-5.2.1-13", "DS-5.3-01"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void closeOnlyWithProducerHeadersAnswers204AndEchoes(Target t) {
    Producer p = producer(t, "p");
    String tail = p.append(0, 0, "data").nextOffset();
    assertThat(p.close(0, 1))
        .as("a close-only POST with producer headers closes (204) and takes its place in the sequence")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset", tail)
        .hasHeader("Producer-Epoch", "0")
        .hasHeader("Producer-Seq", "1");
  }

  @Test
  @Check(id = "producer-close.close-only-retry-204", requirements = {"DS-5.2.1-23", "DS-5.2.1-24"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void retryOfAProducerCloseOnlyAnswers204(Target t) {
    Producer p = producer(t, "p");
    assertThat(p.close(0, 0)).as("setup: the producer's close-only succeeds").hasStatus(204);
    assertThat(p.close(0, 0))
        .as("a retry of the producer's close-only is idempotent: 204 with Stream-Closed: true")
        .hasStatus(204)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "producer-close.close-only-gap-409", requirements = {"DS-5.2.1-23", "DS-5.2.1-11"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerCloseOnlyWithASeqGapIsRefused(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "data");
    assertThat(p.close(0, 3))
        .as("a producer close-only is sequenced: skipping ahead is a gap, 409 with the expected and received seq")
        .hasStatus(409)
        .hasHeader("Producer-Expected-Seq", "1")
        .hasHeader("Producer-Received-Seq", "3");
    assertThat(t.head(p.stream()).send()).as("the refused close leaves the stream open").hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "producer-close.close-only-stale-epoch-403", requirements = {"DS-5.2.1-23", "DS-5.2.1-06"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerCloseOnlyFromAStaleEpochIsFenced(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(1, 0, "b");
    assertThat(p.close(0, 1))
        .as("a close-only from a fenced epoch gets 403 with the current Producer-Epoch")
        .hasStatus(403)
        .hasHeader("Producer-Epoch", "1");
    assertThat(t.head(p.stream()).send()).as("the fenced close leaves the stream open").hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "producer-close.stale-epoch-403", requirements = {"DS-5.2.1-27", "DS-5.2.1-06"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void staleEpochOnAClosedStreamStillAnswers403(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "first|");
    p.appendAndClose(1, 0, "final");
    assertThat(p.appendAndClose(0, 1, "zombie"))
        .as("fencing survives closure: a stale epoch gets 403 with Producer-Epoch, not the closed-stream 409")
        .hasStatus(403)
        .hasHeader("Producer-Epoch", "1");
  }

  /** A producer with this id on a fresh text/plain stream. */
  private static Producer producer(Target t, String id) {
    String s = t.newStream("producer-close");
    t.create(s, TEXT, null);
    return new Producer(t, s, id, TEXT);
  }
}
