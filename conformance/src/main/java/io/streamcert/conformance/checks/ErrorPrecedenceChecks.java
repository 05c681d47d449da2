package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which error an append gets when it breaks several rules at once: closed, then content type, then
 * sequence (PROTOCOL.md §5.2 "Error Precedence", §5.2.1).
 */
@Area("Error precedence")
class ErrorPrecedenceChecks {

  @ParameterizedTest(name = "closed + {0}")
  @CsvSource({
      "content-type mismatch, application/json, 5, false",
      "Stream-Seq regression, text/plain, 1, false",
      "content-type mismatch and Stream-Seq regression, application/json, 1, false",
      "content-type mismatch with Stream-Closed: true, application/json, 5, true",
      "Stream-Seq regression with Stream-Closed: true, text/plain, 1, true"})
  @Check(id = "precedence.closed-first", requirements = {"DS-5.2-26"}, feature = Feature.CLOSURE)
  void closedStreamIsReportedBeforeOtherConflicts(String label, String contentType, String seq, boolean close,
      Target t) {
    String s = t.newStream("precedence");
    t.create(s, "text/plain", null);
    t.post(s).contentType("text/plain").header("Stream-Seq", "3").body("data").send();
    t.post(s).header("Stream-Closed", "true").send();
    Target.Call call = t.post(s).contentType(contentType).header("Stream-Seq", seq).body("{\"late\":1}");
    if (close) call.header("Stream-Closed", "true");
    assertThat(call.send())
        .as("an append to a closed stream reports the closure first: 409 with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "precedence.mismatch-and-regression-409", requirements = {"DS-5.2-04", "DS-5.2-13"})
  void contentTypeMismatchWithSeqRegressionIsAConflict(Target t) {
    String s = t.newStream("precedence");
    t.create(s, "text/plain", null);
    t.post(s).contentType("text/plain").header("Stream-Seq", "3").body("data").send();
    // Which of the two conflicts is checked first cannot be seen on the wire; both are 409.
    assertThat(t.post(s).contentType("application/json").header("Stream-Seq", "1").body("{}").send())
        .as("an append that both mismatches the content type and regresses Stream-Seq is a 409 conflict")
        .hasStatus(409)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "precedence.closed-before-producer-gap", requirements = {"DS-5.2.1-26", "DS-5.2-26"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void closedStreamIsReportedBeforeAProducerGap(Target t) {
    String s = t.newStream("precedence");
    t.create(s, "text/plain", null);
    Producer p = new Producer(t, s, "p", "text/plain");
    p.append(0, 0, "a");
    t.post(s).header("Stream-Closed", "true").send();
    assertThat(p.append(0, 5, "gap"))
        .as("a producer gap on a closed stream is answered as a closed-stream 409 with Stream-Closed: true")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "precedence.closed-before-bad-new-epoch", requirements = {"DS-5.2.1-26", "DS-5.2-26"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void closedStreamIsReportedBeforeANewEpochNotStartingAtZero(Target t) {
    String s = t.newStream("precedence");
    t.create(s, "text/plain", null);
    Producer p = new Producer(t, s, "p", "text/plain");
    p.append(0, 0, "a");
    t.post(s).header("Stream-Closed", "true").send();
    assertThat(p.append(1, 2, "late"))
        .as("on a closed stream a producer request that is not the closing tuple gets 409 with Stream-Closed")
        .hasStatus(409)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "precedence.producer-duplicate-before-stream-seq", requirements = {"DS-5.2.1-16", "DS-5.2.1-09"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerDuplicateIsReportedAsADuplicateDespiteItsStreamSeq(Target t) {
    String s = t.newStream("precedence");
    t.create(s, "text/plain", null);
    Producer p = new Producer(t, s, "p", "text/plain");
    p.post(0, 0).header("Stream-Seq", "a").body("a").send();
    p.post(0, 1).header("Stream-Seq", "b").body("b").send();
    assertThat(p.post(0, 0).header("Stream-Seq", "a").body("a").send())
        .as("a retry of an accepted batch is a duplicate (204) even though its Stream-Seq is now below the last")
        .hasStatus(204)
        .hasHeader("Producer-Seq", "1");
  }
}
