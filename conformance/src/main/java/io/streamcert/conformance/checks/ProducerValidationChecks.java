package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation of idempotent-producer requests: the three headers, and the ordinary append errors they
 * must not mask (PROTOCOL.md §5.2.1).
 */
@Area("Idempotent producers: validation")
class ProducerValidationChecks {

  private static final String TEXT = "text/plain";

  static Stream<Arguments> partialHeaderSets() {
    return Stream.of(
        Arguments.of("Producer-Id only", new String[] {"Producer-Id", "p"}),
        Arguments.of("Producer-Epoch only", new String[] {"Producer-Epoch", "0"}),
        Arguments.of("Producer-Seq only", new String[] {"Producer-Seq", "0"}),
        Arguments.of("Id and Epoch", new String[] {"Producer-Id", "p", "Producer-Epoch", "0"}),
        Arguments.of("Id and Seq", new String[] {"Producer-Id", "p", "Producer-Seq", "0"}),
        Arguments.of("Epoch and Seq", new String[] {"Producer-Epoch", "0", "Producer-Seq", "0"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partialHeaderSets")
  @Check(id = "producer.partial-headers-400", requirements = {"DS-5.2.1-01"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void partialProducerHeadersAnswer400(String label, String[] headers, Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    Target.Call call = t.post(s).contentType(TEXT).body("x");
    for (int i = 0; i < headers.length; i += 2) call.header(headers[i], headers[i + 1]);
    assertThat(call.send()).as("producer headers come all three together or not at all").hasStatus(400);
  }

  @ParameterizedTest(name = "Producer-Epoch: \"{0}\"")
  @CsvSource({"-1", "1.5", "abc", "1e3", "0x1", "+1", "9007199254740992", "''"})
  @Check(id = "producer.invalid-epoch-400", requirements = {"DS-5.2.1-03"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void invalidEpochAnswers400(String epoch, Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    assertThat(t.post(s).contentType(TEXT).header("Producer-Id", "p").header("Producer-Epoch", epoch)
            .header("Producer-Seq", "0").body("x").send())
        .as("Producer-Epoch must be a non-negative integer no larger than 2^53-1")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Producer-Seq: \"{0}\"")
  @CsvSource({"-1", "0.0", "1abc", "9007199254740992", "''"})
  @Check(id = "producer.invalid-seq-400", requirements = {"DS-5.2.1-04"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void invalidSeqAnswers400(String seq, Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    assertThat(t.post(s).contentType(TEXT).header("Producer-Id", "p").header("Producer-Epoch", "0")
            .header("Producer-Seq", seq).body("x").send())
        .as("Producer-Seq must be a non-negative integer no larger than 2^53-1")
        .hasStatus(400);
  }

  @Test
  @Check(id = "producer.max-safe-epoch-accepted", requirements = {"DS-5.2.1-03", "DS-5.2.1-05"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void largestSafeIntegerEpochIsAccepted(Target t) {
    Producer p = producer(t, "p");
    assertThat(p.append(9_007_199_254_740_991L, 0, "edge"))
        .as("2^53-1 is the largest valid Producer-Epoch")
        .hasStatus(200)
        .hasHeader("Producer-Epoch", "9007199254740991");
  }

  @Test
  @Check(id = "producer.empty-id-400", requirements = {"DS-5.2.1-02"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void emptyProducerIdAnswers400(Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    assertThat(new Producer(t, s, "", TEXT).append(0, 0, "x"))
        .as("Producer-Id must not be empty")
        .hasStatus(400);
  }

  static Stream<Arguments> ordinaryErrors() {
    return Stream.of(
        Arguments.of("missing stream", null, TEXT, "x", 404),
        Arguments.of("content-type mismatch", TEXT, "application/json", "{}", 409),
        Arguments.of("empty body", TEXT, TEXT, "", 400),
        Arguments.of("invalid JSON", "application/json", "application/json", "{not json", 400),
        Arguments.of("empty JSON array", "application/json", "application/json", "[]", 400));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("ordinaryErrors")
  @Check(id = "producer.ordinary-errors", requirements = {"DS-5.2.1-17"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void producerHeadersDoNotMaskOrdinaryErrors(String label, String streamType, String appendType, String body,
      int status, Target t) {
    String s = t.newStream("producer-errors");
    if (streamType != null) t.create(s, streamType, null);
    assertThat(new Producer(t, s, "p", appendType).append(0, 0, body))
        .as("an append with producer headers still gets the ordinary append errors")
        .hasStatus(status);
  }

  @Test
  @Check(id = "producer.rejected-batch-keeps-seq", requirements = {"DS-5.2.1-17", "DS-5.2.1-05"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void aBatchRefusedAsInvalidJsonDoesNotConsumeItsSeq(Target t) {
    String s = t.newStream("producer-json");
    t.create(s, "application/json", null);
    Producer p = new Producer(t, s, "p", "application/json");
    assertThat(p.append(0, 0, "{broken")).as("setup: invalid JSON is refused").hasStatus(400);
    assertThat(p.append(0, 0, "{\"ok\":true}"))
        .as("a refused batch is not recorded, so the same seq with valid data is new data")
        .hasStatus(200);
  }

  /** A producer with this id on a fresh text/plain stream. */
  private static Producer producer(Target t, String id) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    return new Producer(t, s, id, TEXT);
  }
}
