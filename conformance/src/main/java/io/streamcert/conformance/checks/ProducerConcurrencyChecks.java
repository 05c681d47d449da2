package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.ConcurrentRun.DEADLINE;
import static io.streamcert.conformance.checks.ConcurrentRun.abbreviate;
import static io.streamcert.conformance.checks.ConcurrentRun.context;
import static io.streamcert.conformance.checks.ConcurrentRun.parse;
import static io.streamcert.conformance.checks.ConcurrentRun.seeded;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.checks.Tokens.Token;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Concurrency checks of idempotent producers (PROTOCOL.md §5.2.1): producers racing their own
 * retries, and a zombie producer racing the successor that fences it. Bounded pools, counts and one
 * deadline per check; payloads derive from the seed ({@code -Dstreamcert.seed=N}).
 */
@Area("Concurrency")
class ProducerConcurrencyChecks {

  @Test
  @Check(id = "concurrency.producer-retry-races",
      requirements = {"DS-5.2.1-09", "DS-5.2.1-10", "DS-5.2.1-13", "DS-5.2.1-14", "DS-5.2.1-15"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producersRacingTheirOwnRetriesStoreEachSeqExactlyOnce(Target t) {
    seeded(seed -> retryRaces(t, seed));
  }

  private static void retryRaces(Target t, long seed) {
    String ctx = context(seed);
    String path = t.newStream("conc-producers");
    String type = "application/octet-stream";
    t.create(path, type, null);
    Tokens tokens = new Tokens(type);
    int producers = 4;
    int seqs = 20;
    try (WorkerPool pool = new WorkerPool(2 * producers, DEADLINE, ctx)) {
      List<Future<Void>> drivers = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        Random rnd = new Random(seed * 31 + p);
        drivers.add(pool.submit(() -> {
          for (int s = 0; s < seqs && !pool.expired(); s++) {
            int seq = s;
            byte[] body = tokens.payload(producer, seq, rnd);
            // The same request twice at once, as a client retrying a request that timed out.
            Future<Exchange> twin = pool.submit(() -> produce(t, path, type, "racer-" + producer, 0, seq, body));
            Exchange first = produce(t, path, type, "racer-" + producer, 0, seq, body);
            Exchange second = pool.join(twin);
            int[] statuses = {first.status(), second.status()};
            Arrays.sort(statuses);
            if (statuses[0] != 200 || statuses[1] != 204) {
              throw new AssertionError(ctx + "of two identical producer requests racing, one is appended (200) and "
                  + "the other is its duplicate (204) (DS-5.2.1-09, DS-5.2.1-10); got " + first.status() + " and "
                  + second.status() + "\n--- exchange ---\n" + first + "\n--- exchange ---\n" + second);
            }
            for (Exchange ex : List.of(first, second)) {
              assertThat(ex).as(ctx + "producer responses carry Producer-Seq, the highest seq accepted "
                  + "(DS-5.2.1-13, DS-5.2.1-14)").hasHeader("Producer-Seq", Integer.toString(seq));
            }
            if (seq > 0 && rnd.nextInt(4) == 0) {
              int old = rnd.nextInt(seq);
              Exchange late = produce(t, path, type, "racer-" + producer, 0, old, tokens.payloadOf(new Token(producer, old)));
              assertThat(late).as(ctx + "a late retry of seq " + old + " is a duplicate whose Producer-Seq is the "
                  + "highest accepted seq " + seq + " (DS-5.2.1-09, DS-5.2.1-14)")
                  .hasStatus(204).hasHeader("Producer-Seq", Integer.toString(seq));
            }
          }
          return null;
        }));
      }
      pool.joinAll(drivers);
    }
    List<Token> stream = parse(tokens, ReadThrough.read(t, path, "-1", false, ctx), ctx);
    Map<Integer, List<Integer>> seqsOf = new LinkedHashMap<>();
    for (Token token : stream) seqsOf.computeIfAbsent(token.writer(), k -> new ArrayList<>()).add(token.index());
    for (int p = 0; p < producers; p++) {
      List<Integer> expected = IntStream.range(0, seqs).boxed().toList();
      if (!expected.equals(seqsOf.getOrDefault(p, List.of()))) {
        throw new AssertionError(ctx + "each (producer, seq) is stored exactly once and in the producer's order, "
            + "whatever the retries (DS-5.2.1-09, DS-5.2.1-15): producer racer-" + p + " has seqs "
            + seqsOf.getOrDefault(p, List.of()) + " in the stream");
      }
    }
  }

  @Test
  @Check(id = "concurrency.zombie-fenced-by-new-epoch", requirements = {"DS-5.2.1-06", "DS-5.2.1-08"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void aZombieProducerIsFencedOnceItsSuccessorEpochHasWritten(Target t) {
    seeded(seed -> zombieFencing(t, seed));
  }

  private static void zombieFencing(Target t, long seed) {
    String ctx = context(seed);
    String path = t.newStream("conc-zombie");
    String type = "application/octet-stream";
    t.create(path, type, null);
    Tokens tokens = new Tokens(type);
    CountDownLatch zombieStarted = new CountDownLatch(5);
    List<Exchange> zombie;
    List<Exchange> successor;
    try (WorkerPool pool = new WorkerPool(2, DEADLINE, ctx)) {
      Random rnd0 = new Random(seed * 31);
      Random rnd1 = new Random(seed * 31 + 1);
      Future<List<Exchange>> old = pool.submit(() -> {
        List<Exchange> out = new ArrayList<>();
        for (int seq = 0; seq < 60 && !pool.expired(); seq++) {
          out.add(produce(t, path, type, "zombie", 0, seq, tokens.payload(0, seq, rnd0)));
          zombieStarted.countDown();
        }
        return out;
      });
      Future<List<Exchange>> fresh = pool.submit(() -> {
        zombieStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        List<Exchange> out = new ArrayList<>();
        for (int seq = 0; seq < 30 && !pool.expired(); seq++) {
          out.add(produce(t, path, type, "zombie", 1, seq, tokens.payload(1, seq, rnd1)));
        }
        return out;
      });
      zombie = pool.join(old);
      successor = pool.join(fresh);
    }
    for (Exchange ex : successor) {
      assertThat(ex).as(ctx + "the restarted producer's epoch 1 starts at seq 0 and continues: 200 each (DS-5.2.1-08, "
          + "DS-5.2.1-10)").hasStatus(200).hasHeader("Producer-Epoch", "1");
    }
    boolean fenced = false;
    List<Integer> zombieStored = new ArrayList<>();
    for (int seq = 0; seq < zombie.size(); seq++) {
      Exchange ex = zombie.get(seq);
      if (fenced || ex.status() == 403) {
        fenced = true;
        assertThat(ex).as(ctx + "once epoch 1 has written, every epoch-0 request is fenced: 403 with Producer-Epoch: 1 "
            + "(DS-5.2.1-06)").hasStatus(403).hasHeader("Producer-Epoch", "1");
      } else {
        assertThat(ex).as(ctx + "before its successor writes, the epoch-0 producer appends normally: 200 "
            + "(DS-5.2.1-10)").hasStatus(200);
        zombieStored.add(seq);
      }
    }
    List<Token> expected = new ArrayList<>();
    zombieStored.forEach(seq -> expected.add(new Token(0, seq)));
    for (int seq = 0; seq < successor.size(); seq++) expected.add(new Token(1, seq));
    List<Token> stream = parse(tokens, ReadThrough.read(t, path, "-1", false, ctx), ctx);
    if (!expected.equals(stream)) {
      throw new AssertionError(ctx + "no zombie append lands after the new epoch's first append; the stream holds the "
          + "epoch-0 appends answered 200, then the epoch-1 ones (DS-5.2.1-06): expected " + abbreviate(expected)
          + ", stored " + abbreviate(stream));
    }
  }

  private static Exchange produce(Target t, String path, String type, String id, long epoch, long seq, byte[] body) {
    return t.post(path).contentType(type).header("Producer-Id", id).header("Producer-Epoch", Long.toString(epoch))
        .header("Producer-Seq", Long.toString(seq)).body(body).send();
  }
}
