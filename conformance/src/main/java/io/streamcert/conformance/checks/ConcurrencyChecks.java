package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.ConcurrentRun.DEADLINE;
import static io.streamcert.conformance.checks.ConcurrentRun.abbreviate;
import static io.streamcert.conformance.checks.ConcurrentRun.context;
import static io.streamcert.conformance.checks.ConcurrentRun.parse;
import static io.streamcert.conformance.checks.ConcurrentRun.seeded;
import static io.streamcert.conformance.checks.ConcurrentRun.send;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.checks.ConcurrentRun.Sent;
import io.streamcert.conformance.checks.Tokens.Token;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concurrency checks of appends and reads (PROTOCOL.md §4, §4.1, §5.2, §5.6, §5.7, §8): concurrent
 * writers, Stream-Seq races, readers polling while writers append, and appends racing a close.
 * Producer races are in {@link ProducerConcurrencyChecks}.
 *
 * <p>Each check uses a bounded pool (at most 8 threads), bounded counts (at most a few hundred
 * requests) and one deadline. Payloads derive from the seed ({@code -Dstreamcert.seed=N}); the
 * interleaving is the scheduler's.
 */
@Area("Concurrency")
class ConcurrencyChecks {

  private static final int WRITERS = 6;
  private static final int APPENDS = 200;

  /** Concurrent plain appends: every append as sent, the final full read, and the tokens it holds. */
  private record Workload(List<Sent> appends, ReadThrough.Result finalRead, List<Token> stream) {}

  // ------------------------------------------------------------------ concurrent plain appends

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "concurrency.appends-stored-exactly-once", requirements = {"DS-5.2-31", "DS-5.2-01"})
  void concurrentAppendsAreEachStoredExactlyOnce(String contentType, Target t) {
    seeded(seed -> exactlyOnce(t, contentType, seed));
  }

  @Test
  @Check(id = "concurrency.json-appends-stored-exactly-once", requirements = {"DS-5.2-31"}, also = Feature.JSON)
  void concurrentJsonAppendsAreEachStoredExactlyOnce(Target t) {
    seeded(seed -> exactlyOnce(t, "application/json", seed));
  }

  private static void exactlyOnce(Target t, String contentType, long seed) {
    String ctx = context(seed);
    Workload w = appendConcurrently(t, contentType, "conc-once", seed);
    for (Sent s : w.appends()) {
      assertThat(s.exchange()).as(ctx + "a concurrent append is acknowledged like a sequential one: 204 (DS-5.2-01, "
          + "DS-5.2-31)").hasStatus(204);
    }
    Map<Token, Integer> counts = new HashMap<>();
    for (Token token : w.stream()) counts.merge(token, 1, Integer::sum);
    List<Token> missing = new ArrayList<>();
    for (Sent s : w.appends()) if (!counts.containsKey(s.token())) missing.add(s.token());
    List<Token> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    if (!missing.isEmpty() || !repeated.isEmpty() || w.stream().size() != w.appends().size()) {
      throw new AssertionError(ctx + "every acknowledged concurrent append appears exactly once (DS-5.2-31): "
          + w.appends().size() + " appends acknowledged, the stream holds " + w.stream().size() + " payloads; missing "
          + missing + ", repeated " + repeated);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "concurrency.ack-offsets-in-stream-order", requirements = {"DS-8-02", "DS-8-05", "DS-8-06"})
  void offsetsAcknowledgedToConcurrentAppendsAreDistinctAndSortInStreamOrder(String contentType, Target t) {
    seeded(seed -> offsetsInStreamOrder(contentType, t, seed));
  }

  private static void offsetsInStreamOrder(String contentType, Target t, long seed) {
    String ctx = context(seed);
    Workload w = appendConcurrently(t, contentType, "conc-offsets", seed);
    Map<String, Sent> byOffset = new HashMap<>();
    Map<Integer, Sent> lastOfWriter = new HashMap<>();
    for (Sent s : w.appends()) {
      assertThat(s.exchange()).as(ctx + "a concurrent append is acknowledged with Stream-Next-Offset (DS-5.2-01)")
          .hasStatus(204).hasHeader("Stream-Next-Offset");
      String offset = s.exchange().nextOffset();
      Sent other = byOffset.put(offset, s);
      if (other != null) {
        throw new AssertionError(ctx + "no two appends share an offset (DS-8-05): " + other.token() + " and "
            + s.token() + " were both acknowledged with " + offset + "\n--- exchange ---\n" + s.exchange());
      }
      // A writer sends its next append only after the previous one was acknowledged.
      Sent before = lastOfWriter.put(s.token().writer(), s);
      if (before != null && offset.compareTo(before.exchange().nextOffset()) <= 0) {
        throw new AssertionError(ctx + "an append gets an offset greater than every offset issued before it (DS-8-06): "
            + s.token() + " got " + offset + " after " + before.token() + " got " + before.exchange().nextOffset()
            + "\n--- exchange ---\n" + s.exchange());
      }
    }
    List<Token> byAckOrder = w.appends().stream()
        .sorted(Comparator.comparing((Sent s) -> s.exchange().nextOffset()))
        .map(Sent::token).toList();
    if (!byAckOrder.equals(w.stream())) {
      throw new AssertionError(ctx + "offsets sort lexicographically in stream order (DS-8-02): the appends sorted by "
          + "their acknowledged offsets are " + abbreviate(byAckOrder) + " but the stream holds them as "
          + abbreviate(w.stream()));
    }
    String greatest = w.appends().stream().map(s -> s.exchange().nextOffset()).max(Comparator.naturalOrder()).orElseThrow();
    if (!greatest.equals(w.finalRead().last().next())) {
      throw new AssertionError(ctx + "the tail after the last append is that append's offset (DS-5.6-02, DS-8-06): "
          + "greatest acknowledged offset " + greatest + ", final read's Stream-Next-Offset "
          + w.finalRead().last().next());
    }
  }

  private static Workload appendConcurrently(Target t, String contentType, String hint, long seed) {
    String ctx = context(seed);
    String path = t.newStream(hint);
    t.create(path, contentType, null);
    Tokens tokens = new Tokens(contentType);
    List<Sent> all = new ArrayList<>();
    try (WorkerPool pool = new WorkerPool(WRITERS, DEADLINE, ctx)) {
      List<Future<List<Sent>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Random rnd = new Random(seed * 31 + w);
        writers.add(pool.submit(() -> {
          List<Sent> sent = new ArrayList<>();
          for (int i = writer; i < APPENDS && !pool.expired(); i += WRITERS) {
            sent.add(send(t, path, contentType, new Token(writer, i), tokens.payload(writer, i, rnd), null));
          }
          return sent;
        }));
      }
      pool.joinAll(writers).forEach(all::addAll);
    }
    ReadThrough.Result r = ReadThrough.read(t, path, "-1", new StreamModel(contentType).mode() == StreamModel.Mode.JSON, ctx);
    return new Workload(all, r, parse(tokens, r, ctx));
  }

  // ------------------------------------------------------------------ Stream-Seq race

  @Test
  @Check(id = "concurrency.stream-seq-race", requirements = {"DS-5.2-13", "DS-5.2-14", "DS-5.2-31", "DS-12.6-01"})
  void writersRacingWithStreamSeqOnlyEverExtendTheSequence(Target t) {
    seeded(seed -> streamSeqRace(t, seed));
  }

  private static void streamSeqRace(Target t, long seed) {
    String ctx = context(seed);
    String path = t.newStream("conc-seq");
    t.create(path, "text/plain", null);
    Tokens tokens = new Tokens("text/plain");
    int tickets = 150;
    AtomicInteger next = new AtomicInteger();
    List<Sent> all = new ArrayList<>();
    try (WorkerPool pool = new WorkerPool(WRITERS, DEADLINE, ctx)) {
      List<Future<List<Sent>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Random rnd = new Random(seed * 31 + w);
        writers.add(pool.submit(() -> {
          List<Sent> sent = new ArrayList<>();
          for (int ticket = next.getAndIncrement(); ticket < tickets && !pool.expired(); ticket = next.getAndIncrement()) {
            String seq = seq(ticket);
            sent.add(send(t, path, "text/plain", new Token(writer, ticket), tokens.payload(writer, ticket, rnd),
                call -> call.header("Stream-Seq", seq)));
          }
          return sent;
        }));
      }
      pool.joinAll(writers).forEach(all::addAll);
    }
    Set<Token> accepted = new HashSet<>();
    int maxAccepted = -1;
    for (Sent s : all) {
      assertThat(s.exchange()).as(ctx + "a racing Stream-Seq append is either stored (204) or rejected as a regression "
          + "(409), never anything else (DS-5.2-31, DS-5.2-13)").hasStatusIn(204, 409);
      if (s.status() == 204) {
        accepted.add(s.token());
        maxAccepted = Math.max(maxAccepted, s.token().index());
      } else {
        assertThat(s.exchange()).as(ctx + "a Stream-Seq regression on an open stream is not a closed-stream conflict")
            .hasNoHeader("Stream-Closed");
      }
    }
    List<Token> stream = parse(tokens, ReadThrough.read(t, path, "-1", false, ctx), ctx);
    if (stream.size() != accepted.size() || !accepted.equals(new HashSet<>(stream))) {
      throw new AssertionError(ctx + "exactly the appends answered 204 are stored, each once, and no rejected one "
          + "(DS-5.2-13, DS-5.2-31): accepted " + accepted.size() + ", stored " + abbreviate(stream));
    }
    for (int i = 1; i < stream.size(); i++) {
      if (stream.get(i).index() <= stream.get(i - 1).index()) {
        throw new AssertionError(ctx + "accepted Stream-Seq values strictly increase in stream order (DS-5.2-13): "
            + seq(stream.get(i).index()) + " is stored after " + seq(stream.get(i - 1).index()));
      }
    }
    for (Sent s : all) {
      if (s.status() == 409 && s.token().index() > maxAccepted) {
        throw new AssertionError(ctx + "a Stream-Seq is rejected only when it does not sort after the last accepted "
            + "one (DS-5.2-13): " + seq(s.token().index()) + " was rejected but no accepted value is greater\n"
            + "--- exchange ---\n" + s.exchange());
      }
    }
    String last = seq(maxAccepted);
    assertThat(t.post(path).contentType("text/plain").header("Stream-Seq", last).body("repeat").send())
        .as(ctx + "after the race the last accepted Stream-Seq " + last + " is the one to beat: repeating it is a "
            + "409 (DS-5.2-14)").hasStatus(409);
    assertThat(t.post(path).contentType("text/plain").header("Stream-Seq", seq(tickets)).body("after").send())
        .as(ctx + "after the race a Stream-Seq above every value sent is accepted: rejected values never became "
            + "the last one (DS-5.2-13)").hasStatus(204);
  }

  private static String seq(int ticket) {
    return String.format("%06d", ticket);
  }

  // ------------------------------------------------------------------ readers during writes

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "concurrency.readers-see-prefixes", requirements = {"DS-5.6-05", "DS-5.6-03", "DS-4-04"})
  void readersPollingDuringConcurrentAppendsSeeOnlyPrefixesAndConverge(String contentType, Target t) {
    seeded(seed -> ReadersDuringWrites.catchUp(t, contentType, seed));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "concurrency.long-poll-readers-get-everything-once",
      requirements = {"DS-5.7-02", "DS-5.7-04", "DS-5.7-08"}, feature = Feature.LONG_POLL)
  void longPollReadersDuringConcurrentAppendsReceiveEverythingOnceInOrder(String contentType, Target t) {
    seeded(seed -> ReadersDuringWrites.longPoll(t, contentType, seed));
  }

  // ------------------------------------------------------------------ appends racing a close

  @Test
  @Check(id = "concurrency.appends-racing-a-close",
      requirements = {"DS-4-05", "DS-5.2-22", "DS-5.2-23", "DS-5.3-01"}, feature = Feature.CLOSURE)
  void appendsRacingACloseAreEitherStoredOrRejectedAsClosed(Target t) {
    seeded(seed -> appendsRacingAClose(t, seed));
  }

  private static void appendsRacingAClose(Target t, long seed) {
    String ctx = context(seed);
    String path = t.newStream("conc-close");
    t.create(path, "text/plain", null);
    Tokens tokens = new Tokens("text/plain");
    CountDownLatch acknowledged = new CountDownLatch(60);
    AtomicLong closedAt = new AtomicLong(Long.MAX_VALUE);
    List<Sent> all = new ArrayList<>();
    Exchange close;
    try (WorkerPool pool = new WorkerPool(WRITERS, DEADLINE, ctx)) {
      List<Future<List<Sent>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Random rnd = new Random(seed * 31 + w);
        writers.add(pool.submit(() -> {
          List<Sent> sent = new ArrayList<>();
          for (int i = 0; i < 60 && !pool.expired(); i++) {
            Sent s = send(t, path, "text/plain", new Token(writer, i), tokens.payload(writer, i, rnd), null);
            sent.add(s);
            if (s.status() == 204) acknowledged.countDown();
            else break;
          }
          return sent;
        }));
      }
      try {
        acknowledged.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ctx + "interrupted", e);
      }
      close = t.post(path).header("Stream-Closed", "true").send();
      closedAt.set(System.nanoTime());
      pool.joinAll(writers).forEach(all::addAll);
    }
    assertThat(close).as(ctx + "a close-only POST racing appends closes the stream: 204 with Stream-Closed: true and "
        + "Stream-Next-Offset (DS-5.3-01)").hasStatus(204).hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset");
    String finalOffset = close.nextOffset();
    Set<Token> stored = new HashSet<>();
    for (Sent s : all) {
      assertThat(s.exchange()).as(ctx + "an append racing a close is either stored (204) or rejected as closed (409) "
          + "(DS-5.2-31, DS-5.2-22)").hasStatusIn(204, 409);
      if (s.status() == 409) {
        assertThat(s.exchange()).as(ctx + "an append rejected because the stream closed carries Stream-Closed: true "
            + "and the final offset " + finalOffset + " (DS-5.2-22, DS-5.2-23)")
            .hasHeaderIgnoringCase("Stream-Closed", "true").hasHeader("Stream-Next-Offset", finalOffset);
      } else {
        stored.add(s.token());
        if (s.sentNanos() > closedAt.get()) {
          throw new AssertionError(ctx + "closure is monotonic: an append sent after the close was acknowledged must "
              + "be rejected (DS-4-05)\n--- exchange ---\n" + s.exchange());
        }
      }
    }
    ReadThrough.Result r = ReadThrough.read(t, path, "-1", false, ctx);
    List<Token> stream = parse(tokens, r, ctx);
    if (stream.size() != stored.size() || !stored.equals(new HashSet<>(stream))) {
      throw new AssertionError(ctx + "the closed stream holds exactly the appends acknowledged with 204, each once, and "
          + "none answered 409 (DS-5.2-22, DS-5.2-31): acknowledged " + stored.size() + ", stored " + stream.size());
    }
    assertThat(r.last().exchange()).as(ctx + "reading a closed stream to its end shows Stream-Closed: true at the "
        + "final offset (DS-4-05)").hasHeaderIgnoringCase("Stream-Closed", "true")
        .hasHeader("Stream-Next-Offset", finalOffset);
  }
}
