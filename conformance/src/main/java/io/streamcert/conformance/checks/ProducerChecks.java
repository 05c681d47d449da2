package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Idempotent producers: epochs, sequence numbers, deduplication and ordering of their data (PROTOCOL.md §5.2.1). */
@Area("Idempotent producers")
class ProducerChecks {

  private static final String TEXT = "text/plain";

  @Test
  @Check(id = "producer.first-append-200", requirements = {"DS-5.2.1-05"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void firstAppendOfANewProducerAnswers200(Target t) {
    Producer p = producer(t, "p");
    assertThat(p.append(0, 0, "hello"))
        .as("the first append of an unknown producer at epoch 0, seq 0 is new data: 200 with the new tail")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "producer.new-data-echoes-epoch-seq", requirements = {"DS-5.2.1-12", "DS-5.2.1-13"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void acceptedAppendEchoesEpochAndSeq(Target t) {
    Producer p = producer(t, "p");
    p.append(3, 0, "a");
    assertThat(p.append(3, 1, "b"))
        .as("a 200 echoes Producer-Epoch and reports the highest accepted Producer-Seq")
        .hasStatus(200)
        .hasHeader("Producer-Epoch", "3")
        .hasHeader("Producer-Seq", "1");
  }

  @Test
  @Check(id = "producer.next-seq-200", requirements = {"DS-5.2.1-10"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void consecutiveSeqsAreEachAccepted(Target t) {
    Producer p = producer(t, "p");
    for (int seq = 0; seq < 4; seq++) {
      assertThat(p.append(0, seq, "m" + seq))
          .as("a Producer-Seq one above the last accepted is new data, 200")
          .hasStatus(200)
          .hasHeader("Producer-Seq", Integer.toString(seq));
    }
  }

  @Test
  @Check(id = "producer.duplicate-204", requirements = {"DS-5.2.1-09", "DS-5.2.1-12"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void retriedAppendAnswers204(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "once");
    assertThat(p.append(0, 0, "once"))
        .as("a retry of the last accepted (epoch, seq) is a duplicate: 204 echoing Producer-Epoch")
        .hasStatus(204)
        .hasHeader("Producer-Epoch", "0");
  }

  @Test
  @Check(id = "producer.duplicate-reports-highest-seq", requirements = {"DS-5.2.1-13", "DS-5.2.1-14"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void duplicateReportsTheHighestAcceptedSeq(Target t) {
    Producer p = producer(t, "p");
    for (int seq = 0; seq <= 2; seq++) p.append(0, seq, "m" + seq);
    assertThat(p.append(0, 1, "m1"))
        .as("a duplicate's Producer-Seq is the highest accepted seq (2), not the one it carried (1)")
        .hasStatus(204)
        .hasHeader("Producer-Seq", "2");
  }

  @Test
  @Check(id = "producer.duplicate-stores-nothing", requirements = {"DS-5.2.1-09"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void retriesAreStoredExactlyOnceInOrder(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "m0|");
    p.append(0, 0, "m0|");
    p.append(0, 1, "m1|");
    p.append(0, 0, "m0|");
    p.append(0, 1, "m1|");
    p.append(0, 2, "m2");
    assertThat(t.get(p.stream()).send())
        .as("retried batches are stored exactly once, in sequence order")
        .hasStatus(200)
        .hasBody("m0|m1|m2");
  }

  @Test
  @Check(id = "producer.duplicate-keeps-state", requirements = {"DS-5.2.1-09", "DS-5.2.1-10"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void duplicateOfSeqZeroDoesNotResetTheSequence(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(0, 1, "b");
    p.append(0, 0, "a");
    assertThat(p.append(0, 2, "c"))
        .as("a duplicate leaves the producer's state alone, so the next seq is still accepted")
        .hasStatus(200);
  }

  @Test
  @Check(id = "producer.gap-409", requirements = {"DS-5.2.1-11"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void seqGapAnswers409WithExpectedAndReceived(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(0, 1, "b");
    assertThat(p.append(0, 4, "e"))
        .as("a Producer-Seq that skips ahead is a gap: 409 naming the expected and the received seq")
        .hasStatus(409)
        .hasHeader("Producer-Expected-Seq", "2")
        .hasHeader("Producer-Received-Seq", "4");
  }

  @Test
  @Check(id = "producer.gap-stores-nothing", requirements = {"DS-5.2.1-11", "DS-5.2.1-10"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void gapIsNotStoredAndTheExpectedSeqStillWorks(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(0, 5, "gap");
    assertThat(p.append(0, 1, "b")).as("after a gap the expected seq is still accepted").hasStatus(200);
    assertThat(t.get(p.stream()).send())
        .as("the batch refused for a gap is not stored")
        .hasStatus(200)
        .hasBody("ab");
  }

  @Test
  @Check(id = "producer.stale-epoch-403", requirements = {"DS-5.2.1-06"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void staleEpochAnswers403WithTheCurrentEpoch(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "old");
    p.append(2, 0, "new");
    assertThat(p.append(1, 0, "zombie"))
        .as("an epoch below the producer's current one is fenced: 403 with Producer-Epoch set to the current epoch")
        .hasStatus(403)
        .hasHeader("Producer-Epoch", "2");
  }

  @Test
  @Check(id = "producer.stale-epoch-stores-nothing", requirements = {"DS-5.2.1-06"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void fencedZombieAppendsNothing(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(1, 0, "b");
    p.append(0, 1, "zombie");
    assertThat(t.get(p.stream()).send())
        .as("an append refused for a stale epoch is not stored")
        .hasStatus(200)
        .hasBody("ab");
  }

  @Test
  @Check(id = "producer.new-epoch-200", requirements = {"DS-5.2.1-08", "DS-5.2.1-12"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void newEpochStartingAtSeqZeroIsAccepted(Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    p.append(0, 1, "b");
    assertThat(p.append(1, 0, "c"))
        .as("a higher epoch starting at seq 0 opens a new session: 200 echoing the new epoch")
        .hasStatus(200)
        .hasHeader("Producer-Epoch", "1")
        .hasHeader("Producer-Seq", "0");
  }

  @Test
  @Check(id = "producer.new-epoch-resets-seq", requirements = {"DS-5.2.1-08", "DS-5.2.1-09"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void newEpochRestartsSequencing(Target t) {
    Producer p = producer(t, "p");
    for (int seq = 0; seq <= 3; seq++) p.append(0, seq, "old" + seq);
    p.append(1, 0, "new0");
    assertThat(p.append(1, 1, "new1"))
        .as("within the new epoch sequencing restarts from 0, so seq 1 is the next batch")
        .hasStatus(200)
        .hasHeader("Producer-Seq", "1");
  }

  @ParameterizedTest(name = "epoch {0} seq {1} after epoch 0")
  @CsvSource({"1,1", "1,5", "7,2"})
  @Check(id = "producer.new-epoch-nonzero-seq-400", requirements = {"DS-5.2.1-07"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void newEpochNotStartingAtZeroAnswers400(long epoch, long seq, Target t) {
    Producer p = producer(t, "p");
    p.append(0, 0, "a");
    assertThat(p.append(epoch, seq, "bad"))
        .as("a new epoch must start at Producer-Seq 0")
        .hasStatus(400);
  }

  @Test
  @Check(id = "producer.independent-state", requirements = {"DS-5.2.1-15"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void producersOfOneStreamHaveIndependentSequences(Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    Producer a = new Producer(t, s, "producer-a", TEXT);
    Producer b = new Producer(t, s, "producer-b", TEXT);
    a.append(0, 0, "A0");
    a.append(0, 1, "A1");
    assertThat(b.append(0, 0, "B0"))
        .as("another Producer-Id starts its own sequence: its seq 0 is new data, not a duplicate")
        .hasStatus(200);
  }

  @Test
  @Check(id = "producer.interleave-in-order", requirements = {"DS-5.2.1-15"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void appendsOfSeveralProducersInterleaveInArrivalOrder(Target t) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    Producer a = new Producer(t, s, "producer-a", TEXT);
    Producer b = new Producer(t, s, "producer-b", TEXT);
    a.append(0, 0, "A0");
    b.append(0, 0, "B0");
    a.append(0, 1, "A1");
    b.append(0, 1, "B1");
    assertThat(t.get(s).send())
        .as("appends of different producers are stored in the order they were accepted")
        .hasStatus(200)
        .hasBody("A0B0A1B1");
  }

  @Test
  @Check(id = "producer.state-per-stream", requirements = {"DS-5.2.1-13", "DS-5.2.1-05"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void oneProducerIdOnTwoStreamsHasTwoSequences(Target t) {
    Producer onA = producer(t, "shared");
    Producer onB = producer(t, "shared");
    onA.append(0, 0, "a0");
    onA.append(0, 1, "a1");
    assertThat(onB.append(0, 0, "b0"))
        .as("producer state belongs to (stream, Producer-Id): seq 0 on another stream is new data")
        .hasStatus(200);
  }

  @Test
  @Check(id = "producer.with-stream-seq-200", requirements = {"DS-5.2.1-16"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void producerAppendMayCarryStreamSeq(Target t) {
    Producer p = producer(t, "p");
    assertThat(p.post(0, 0).header("Stream-Seq", "001").body("a").send())
        .as("producer headers and Stream-Seq can be sent together")
        .hasStatus(200);
  }

  @Test
  @Check(id = "producer.duplicate-wins-over-stream-seq", requirements = {"DS-5.2.1-16"}, feature = Feature.IDEMPOTENT_PRODUCER)
  void duplicateIsA204EvenThoughItsStreamSeqRepeats(Target t) {
    Producer p = producer(t, "p");
    p.post(0, 0).header("Stream-Seq", "001").body("a").send();
    assertThat(p.post(0, 0).header("Stream-Seq", "001").body("a").send())
        .as("a producer retry is deduplicated (204) before its repeated Stream-Seq could count as a regression")
        .hasStatus(204);
  }

  @Test
  @Check(id = "producer.stream-seq-still-enforced", requirements = {"DS-5.2.1-16", "DS-5.2-13"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void newProducerBatchWithRegressingStreamSeqAnswers409(Target t) {
    Producer p = producer(t, "p");
    p.post(0, 0).header("Stream-Seq", "005").body("a").send();
    assertThat(p.post(0, 1).header("Stream-Seq", "003").body("b").send())
        .as("a new producer batch is still subject to Stream-Seq ordering")
        .hasStatus(409);
  }

  @Test
  @Check(id = "producer.json-read-back-once-in-order", requirements = {"DS-5.2.1-09", "DS-9.1.1-02"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void jsonProducerMessagesAreReadBackOnceInOrder(Target t) {
    String s = t.newStream("producer-json");
    t.create(s, "application/json", null);
    Producer p = new Producer(t, s, "p", "application/json");
    p.append(0, 0, "{\"id\":0}");
    p.append(0, 1, "{\"id\":1}");
    p.append(0, 1, "{\"id\":1}");
    p.append(0, 2, "{\"id\":2}");
    assertThat(t.get(s).send())
        .as("JSON messages from a producer are stored once each, in order, despite a retry")
        .hasStatus(200)
        .hasBody("[{\"id\":0},{\"id\":1},{\"id\":2}]");
  }

  @Test
  @Check(id = "producer.json-seq-per-batch", requirements = {"DS-5.2.1-10", "DS-9.1.2-01"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerSeqCountsRequestsNotJsonMessages(Target t) {
    String s = t.newStream("producer-json");
    t.create(s, "application/json", null);
    Producer p = new Producer(t, s, "p", "application/json");
    p.append(0, 0, "[{\"n\":1},{\"n\":2},{\"n\":3}]");
    assertThat(p.append(0, 1, "[{\"n\":4}]"))
        .as("Producer-Seq numbers batches (requests), so after a 3-message batch at seq 0 comes seq 1")
        .hasStatus(200);
  }

  @Test
  @Check(id = "producer.concurrent-retries-once", requirements = {"DS-5.2.1-09", "DS-5.2-31"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void concurrentCopiesOfOneBatchAreStoredOnce(Target t) throws Exception {
    Producer p = producer(t, "p");
    int copies = 8;
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    CountDownLatch start = new CountDownLatch(1);
    List<Exchange> answers = new ArrayList<>();
    try {
      List<Future<Exchange>> sent = new ArrayList<>();
      Callable<Exchange> send = () -> {
        start.await();
        return p.append(0, 0, "exactly-once");
      };
      for (int i = 0; i < copies; i++) sent.add(pool.submit(send));
      start.countDown();
      for (Future<Exchange> f : sent) answers.add(f.get());
    } finally {
      pool.shutdownNow();
    }
    long created = answers.stream().filter(ex -> ex.status() == 200).count();
    long duplicates = answers.stream().filter(ex -> ex.status() == 204).count();
    Assertions.assertThat(created).as("of %d simultaneous copies of one batch exactly one is new data (200)\n%s",
        copies, answers).isEqualTo(1);
    Assertions.assertThat(duplicates).as("the other copies are duplicates (204)\n%s", answers).isEqualTo(copies - 1);
    assertThat(t.get(p.stream()).send())
        .as("validation and append are serialized per producer, so the batch is stored once")
        .hasStatus(200)
        .hasBody("exactly-once");
  }

  /** A producer with this id on a fresh text/plain stream. */
  private static Producer producer(Target t, String id) {
    String s = t.newStream("producer");
    t.create(s, TEXT, null);
    return new Producer(t, s, id, TEXT);
  }
}
