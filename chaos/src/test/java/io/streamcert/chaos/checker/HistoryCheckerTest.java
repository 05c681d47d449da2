package io.streamcert.chaos.checker;

import static io.streamcert.chaos.checker.Timeline.STREAM;
import static io.streamcert.chaos.checker.Timeline.off;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.chaos.history.Garbage;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

  /**
   * A run with everything that is allowed: a producer retry after a timeout acknowledged as a 204
   * duplicate, an unknown write that landed once, one that never landed, a refused write, a
   * Stream-Seq writer, a live reader that knows some offsets, a partition, a heal, a close, a
   * refused append after it and a final read.
   */
  private static Timeline cleanRun() {
    Timeline t = new Timeline();
    t.write("c0", OperationKind.CREATE, STREAM, null, 0, 1, Outcome.OK, 201, null);
    t.ok("w1", "w1-000000", 2, 5, 10);
    t.write("w2", OperationKind.PRODUCER_APPEND, STREAM, "w2-000000", 6, 2006, Outcome.INFO, null, null);
    t.write("w3", OperationKind.APPEND_SEQ, STREAM, "w3-000000", 7, 12, Outcome.OK, 200, 30L);
    t.info("w1", "w1-000001", 10, 2010);
    t.write("w2", OperationKind.PRODUCER_APPEND, STREAM, "w2-000000", 2010, 2015, Outcome.OK, 204, null);
    t.info("w1", "w1-000002", 2011, 4011);
    t.read("r1", OperationKind.READ_LONG_POLL, "10", 3000, 3100, Outcome.OK, 40L, List.of(),
        "w2-000000@10", "w3-000000@20", "w1-000001@30");
    t.fail("w1", "w1-000003", 4012, 4020);
    t.ok("w1", "w1-000004", 4030, 4040, 50);
    t.write("w3", OperationKind.APPEND_SEQ, STREAM, "w3-000001", 4050, 4060, Outcome.OK, 200, 60L);
    t.read("r1", OperationKind.READ_LONG_POLL, "40", 4035, 4065, Outcome.OK, 60L, List.of(), "w1-000004@40", "w3-000001");
    t.close("w1", 5010, 5020, 60);
    t.fail("w3", "w3-000002", 5030, 5035);
    t.fullRead("r2", 5100, 5200, 60, "w1-000000@0", "w2-000000", "w3-000000", "w1-000001", "w1-000004", "w3-000001");
    t.fault("partition", 1000, 3000).heal(5000);
    return t;
  }

  @Test
  void aCleanRunWithRetriesAndUnknownOutcomesHasNoAnomalies() {
    CheckerResult result = cleanRun().check();

    assertThat(result.anomalies()).as("anomalies of a clean run").isEmpty();
    assertThat(result.valid()).isTrue();
    CheckerSummary s = result.summary();
    assertThat(s.streams()).isEqualTo(1);
    assertThat(s.streamsWithFinalRead()).isEqualTo(1);
    assertThat(s.writes()).as("logical writes: 5 by w1, 1 by w2, 3 by w3").isEqualTo(9);
    assertThat(s.writesAcknowledged()).isEqualTo(5);
    assertThat(s.writesFailed()).isEqualTo(2);
    assertThat(s.writesUnknown()).isEqualTo(2);
    assertThat(s.unknownWritesPresent()).as("w1-000001 landed").isEqualTo(1);
    assertThat(s.unknownWritesAbsent()).as("w1-000002 did not").isEqualTo(1);
    assertThat(s.reads()).isEqualTo(3);
    assertThat(s.observations()).isEqualTo(11);
    assertThat(s.faultEvents()).isEqualTo(3);
  }

  @Test
  void anUnknownWriteThatNeverLandedIsNoAnomaly() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.info("w1", "w1-000001", 6, 2006);
    t.fullRead("r1", 3000, 3010, 10, "w1-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).isEmpty();
    assertThat(result.summary().unknownWritesAbsent()).isEqualTo(1);
  }

  @Test
  void anAcknowledgedWriteMissingFromTheFinalReadIsLost() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    Operation lost = t.ok("w1", "w1-000001", 6, 9, 20);
    t.read("r1", OperationKind.READ_CATCHUP, "-1", 10, 12, Outcome.OK, 20L, List.of(), "w1-000000@0", "w1-000001@10");
    t.fault("kill", 100, 200).heal(300);
    Operation finalRead = t.fullRead("r1", 400, 410, 10, "w1-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.LOST_WRITE);
    Anomaly a = result.anomalies().get(0);
    assertThat(a.payloadId()).isEqualTo("w1-000001");
    assertThat(a.writer()).isEqualTo("w1");
    assertThat(a.stream()).isEqualTo(STREAM);
    assertThat(a.offsets()).containsExactly(Offset.of(off(20)));
    assertThat(a.operationIds()).containsExactly(lost.id(), finalRead.id());
    assertThat(a.completeNanos()).isEqualTo(lost.completeNanos());
    assertThat(a.explanation()).contains("absent from the final read #" + finalRead.id())
        .contains("1 read(s) observed it before it vanished");
  }

  @Test
  void onlyTheLastFullReadAfterTheHealJudgesLoss() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.fault("partition", 6, 100);
    // During the partition a full read misses the write (a stale view); after the heal it is there.
    t.fullRead("r1", 50, 60, 0);
    t.heal(100);
    t.fullRead("r1", 200, 210, 10, "w1-000000@0");

    assertThat(t.check().anomalies()).isEmpty();
  }

  @Test
  void anAcknowledgedWriteNoReaderSawIsUnseenWhenThereIsNoFinalRead() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.ok("w1", "w1-000001", 6, 9, 20);
    t.read("r1", OperationKind.READ_LONG_POLL, "0", 1, 6, Outcome.OK, 10L, List.of(), "w1-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.UNSEEN_ACKED);
    assertThat(result.anomalies().get(0).payloadId()).isEqualTo("w1-000001");
    assertThat(result.anomalies().get(0).explanation()).contains("no final read");
    assertThat(result.summary().streamsWithFinalRead()).isZero();
  }

  @Test
  void aWriteAcknowledgedAfterTheFinalReadStartedIsUnseenNotLost() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.fullRead("r1", 100, 110, 10, "w1-000000@0");
    t.ok("w1", "w1-000001", 101, 120, 20);

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.UNSEEN_ACKED);
    assertThat(result.anomalies().get(0).explanation()).contains("acknowledged after the final read #1 (");
  }

  @Test
  void aProducerWriteRetriedAfterATimeoutAndStoredTwiceIsADuplicate() {
    Timeline t = new Timeline();
    t.write("p1", OperationKind.PRODUCER_APPEND, STREAM, "p1-000000", 0, 2000, Outcome.INFO, null, null);
    t.write("p1", OperationKind.PRODUCER_APPEND, STREAM, "p1-000000", 2001, 2005, Outcome.OK, 200, 20L);
    t.fullRead("r1", 3000, 3010, 20, "p1-000000@0", "p1-000000@10");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.DUPLICATE);
    Anomaly a = result.anomalies().get(0);
    assertThat(a.payloadId()).isEqualTo("p1-000000");
    assertThat(a.writer()).isEqualTo("p1");
    assertThat(a.explanation()).contains("twice");
  }

  @Test
  void onePayloadSeenAtTwoOffsetsByDifferentReadsIsADuplicate() {
    Timeline t = new Timeline();
    t.info("w1", "w1-000000", 0, 2000);
    t.ok("w2", "w2-000000", 1, 5, 20);
    t.read("r1", OperationKind.READ_LONG_POLL, "0", 10, 11, Outcome.OK, 10L, List.of(), "w1-000000@0");
    t.read("r2", OperationKind.READ_LONG_POLL, "20", 30, 31, Outcome.OK, 30L, List.of(), "w1-000000@20");

    CheckerResult result = t.check();

    assertThat(result.anomalies(AnomalyType.DUPLICATE)).hasSize(1);
    Anomaly a = result.anomalies(AnomalyType.DUPLICATE).get(0);
    assertThat(a.payloadId()).isEqualTo("w1-000000");
    assertThat(a.offsets()).containsExactly(Offset.of(off(0)), Offset.of(off(20)));
  }

  @Test
  void aWriteInvokedAfterItsWritersPreviousAcknowledgementButStoredBeforeItIsReordered() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.ok("w1", "w1-000001", 6, 9, 20);
    t.fullRead("r1", 100, 110, 20, "w1-000001", "w1-000000");

    CheckerResult result = t.check();

    assertThat(result.anomalies(AnomalyType.REORDER)).hasSize(1);
    Anomaly a = result.anomalies(AnomalyType.REORDER).get(0);
    assertThat(a.payloadId()).isEqualTo("w1-000001");
    assertThat(a.writer()).isEqualTo("w1");
    assertThat(a.relatedPayloadIds()).containsExactly("w1-000000");
    assertThat(a.explanation()).contains("position 1").contains("position 2");
  }

  @Test
  void concurrentWritesOfOneWriterMayLandInEitherOrder() {
    Timeline t = new Timeline();
    // w1-000001 was invoked before w1-000000 was acknowledged: no real-time order between them.
    t.ok("w1", "w1-000000", 0, 5, 20);
    t.ok("w1", "w1-000001", 4, 9, 10);
    t.fullRead("r1", 100, 110, 20, "w1-000001@0", "w1-000000@10");

    assertThat(t.check().anomalies()).isEmpty();
  }

  @Test
  void streamSeqWritesOfDifferentWritersAreReorderedAcrossWriters() {
    Timeline t = new Timeline();
    t.write("s1", OperationKind.APPEND_SEQ, STREAM, "s1-000000", 0, 5, Outcome.OK, 200, null);
    t.write("s2", OperationKind.APPEND_SEQ, STREAM, "s2-000000", 10, 15, Outcome.OK, 200, null);
    t.fullRead("r1", 100, 110, 20, "s2-000000", "s1-000000");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.REORDER);
    assertThat(result.anomalies().get(0).payloadId()).isEqualTo("s2-000000");
    assertThat(result.anomalies().get(0).explanation()).contains("Stream-Seq writes");
  }

  @Test
  void withoutAFullReadReorderingIsJudgedByAcknowledgedOffsets() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 20);
    t.ok("w1", "w1-000001", 6, 9, 10);
    t.read("r1", OperationKind.READ_LONG_POLL, "0", 10, 11, Outcome.OK, 20L, List.of(), "w1-000001@0", "w1-000000@10");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.REORDER);
    assertThat(result.anomalies().get(0).offsets()).containsExactly(Offset.of(off(10)), Offset.of(off(20)));
  }

  @Test
  void twoReadersSeeingDifferentPayloadsAtOneOffsetIsAnOffsetMismatch() {
    Timeline t = new Timeline();
    t.info("w1", "w1-000000", 0, 2000);
    t.info("w2", "w2-000000", 0, 2000);
    t.read("r1", OperationKind.READ_LONG_POLL, "0", 10, 11, Outcome.OK, 10L, List.of(), "w1-000000@0");
    t.read("r2", OperationKind.READ_LONG_POLL, "0", 12, 13, Outcome.OK, 10L, List.of(), "w2-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.OFFSET_MISMATCH);
    Anomaly a = result.anomalies().get(0);
    assertThat(a.offsets()).containsExactly(Offset.of(off(0)));
    assertThat(a.payloadId()).isEqualTo("w1-000000");
    assertThat(a.relatedPayloadIds()).containsExactly("w2-000000");
  }

  @Test
  void twoWritesAcknowledgedWithTheSameNextOffsetIsAnOffsetMismatch() {
    Timeline t = new Timeline();
    // A server that forgot w1-000000 after a crash wrote w2-000000 in its place.
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.ok("w2", "w2-000000", 100, 105, 10);

    CheckerResult result = t.check();

    assertThat(result.anomalies(AnomalyType.OFFSET_MISMATCH)).hasSize(1);
    assertThat(result.anomalies(AnomalyType.OFFSET_MISMATCH).get(0).explanation())
        .contains("offset 0010 ends different payloads");
  }

  @Test
  void aReadWhoseOffsetsGoBackwardsIsNonMonotonic() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.ok("w1", "w1-000001", 6, 9, 20);
    Operation read = t.read("r1", OperationKind.READ_SSE, "0", 10, 20, Outcome.INFO, 20L, List.of(),
        "w1-000000@10", "w1-000001@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies(AnomalyType.NON_MONOTONIC_OFFSETS)).hasSize(1);
    Anomaly a = result.anomalies(AnomalyType.NON_MONOTONIC_OFFSETS).get(0);
    assertThat(a.operationIds()).containsExactly(read.id());
    assertThat(a.offsets()).containsExactly(Offset.of(off(10)), Offset.of(off(0)));
  }

  @Test
  void acknowledgedOffsetsThatShrinkAlongTheStreamAreNonMonotonic() {
    Timeline t = new Timeline();
    // Concurrent writes (no real-time order), so only the offsets are wrong.
    t.ok("w1", "w1-000000", 0, 10, 20);
    t.ok("w2", "w2-000000", 1, 10, 10);
    t.fullRead("r1", 100, 110, 20, "w1-000000", "w2-000000");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.NON_MONOTONIC_OFFSETS);
    Anomaly a = result.anomalies().get(0);
    assertThat(a.payloadId()).isEqualTo("w2-000000");
    assertThat(a.relatedPayloadIds()).containsExactly("w1-000000");
    assertThat(a.offsets()).containsExactly(Offset.of(off(20)), Offset.of(off(10)));
  }

  @Test
  void aPayloadWhoseEveryAttemptFailedMustNotBeRead() {
    Timeline t = new Timeline();
    t.fail("w1", "w1-000000", 0, 5);
    t.fail("w1", "w1-000000", 6, 8);
    t.fullRead("r1", 100, 110, 10, "w1-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.READ_OF_FAILED_WRITE);
    assertThat(result.anomalies().get(0).explanation()).contains("2 attempt(s), every one definitely failed");
  }

  @Test
  void aFailedAttemptFollowedByAnUnknownOneMayBeRead() {
    Timeline t = new Timeline();
    t.fail("w1", "w1-000000", 0, 5);
    t.info("w1", "w1-000000", 6, 2006);
    t.fullRead("r1", 3000, 3010, 10, "w1-000000@0");

    assertThat(t.check().anomalies()).isEmpty();
  }

  @Test
  void anAppendInvokedAfterAnAcknowledgedCloseMustNotBeAcknowledged() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.close("w1", 6, 8, 10);
    Operation late = t.ok("w2", "w2-000000", 9, 12, 20);

    CheckerResult result = t.check();

    assertThat(result.anomalies(AnomalyType.WRITE_AFTER_CLOSE)).hasSize(1);
    Anomaly a = result.anomalies(AnomalyType.WRITE_AFTER_CLOSE).get(0);
    assertThat(a.payloadId()).isEqualTo("w2-000000");
    assertThat(a.writer()).isEqualTo("w2");
    assertThat(a.operationIds()).contains(late.id());
  }

  @Test
  void anAppendConcurrentWithTheCloseMayBeAcknowledged() {
    Timeline t = new Timeline();
    t.close("w1", 6, 10, 10);
    t.ok("w2", "w2-000000", 5, 9, 10);
    t.fullRead("r1", 100, 110, 10, "w2-000000@0");

    assertThat(t.check().anomalies()).isEmpty();
  }

  @Test
  void dataReadPastTheFinalOffsetOfAClosedStreamIsAWriteAfterClose() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.close("w1", 6, 8, 10);
    t.info("w2", "w2-000000", 9, 2009);
    t.read("r1", OperationKind.READ_LONG_POLL, "0", 3000, 3010, Outcome.OK, 20L, List.of(), "w1-000000@0",
        "w2-000000@10");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.WRITE_AFTER_CLOSE);
    assertThat(result.anomalies().get(0).explanation()).contains("at or past the final offset 0010");
  }

  @Test
  void undecodableBytesInAReadAreGarbage() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    Garbage g = new Garbage(20, 7, "w1-00\\x00\\x00");
    t.read("r1", OperationKind.READ_CATCHUP, "-1", 10, 12, Outcome.OK, 30L, List.of(g), "w1-000000@0");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.GARBAGE);
    assertThat(result.anomalies().get(0).explanation()).contains("7 byte(s) at byte 20").contains("w1-00\\x00\\x00");
  }

  @Test
  void aPayloadNoOperationWroteIsUnexpected() {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.fullRead("r1", 10, 12, 20, "w1-000000@0", "zz-000001");

    CheckerResult result = t.check();

    assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.UNEXPECTED_PAYLOAD);
    assertThat(result.anomalies().get(0).payloadId()).isEqualTo("zz-000001");
    assertThat(result.anomalies().get(0).writer()).isNull();
  }

  @Test
  void oneFailedWriteSeenByManyReadsIsReportedOnce() {
    Timeline t = new Timeline();
    t.fail("w1", "w1-000000", 0, 5);
    for (int i = 0; i < 5; i++) {
      t.read("r" + i, OperationKind.READ_LONG_POLL, "0", 10 + i, 11 + i, Outcome.OK, 10L, List.of(), "w1-000000@0");
    }

    assertThat(t.check().anomalies()).hasSize(1);
  }

  @Test
  void theResultSerializesWithItsVerdictAndCounts() throws Exception {
    Timeline t = new Timeline();
    t.ok("w1", "w1-000000", 0, 5, 10);
    t.fault("kill", 6, 7).heal(8);
    t.fullRead("r1", 10, 12, 0);

    JsonNode json = new ObjectMapper().valueToTree(t.check());

    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("counts").get("LOST_WRITE").asInt()).isEqualTo(1);
    assertThat(json.get("anomalies").get(0).get("offsets").get(0).asText()).isEqualTo("0010");
    assertThat(json.get("summary").get("writesAcknowledged").asInt()).isEqualTo(1);
  }
}
