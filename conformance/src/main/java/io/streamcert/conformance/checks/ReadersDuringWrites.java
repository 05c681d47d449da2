package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.checks.ConcurrentRun.Sent;
import io.streamcert.conformance.checks.Tokens.Token;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader side of {@link ConcurrencyChecks}: catch-up and long-poll readers running while four
 * writers append (PROTOCOL.md §5.6, §5.7). Every reader must end with exactly the final stream, and
 * every snapshot taken on the way must be a prefix of it.
 */
final class ReadersDuringWrites {

  private static final int WRITERS = 4;
  private static final int APPENDS_EACH = 40;
  private static final int MAX_SNAPSHOTS = 200;
  /** Bounds a follower that polls while writers are slow: about 20 s of 1 ms polls. */
  private static final int MAX_POLLS = 20_000;

  private ReadersDuringWrites() {}

  /** Two readers follow Stream-Next-Offset page by page, two re-read everything from -1, while writers append. */
  static void catchUp(Target t, String contentType, long seed) {
    String ctx = ConcurrentRun.context(seed);
    String path = t.newStream("conc-readers");
    t.create(path, contentType, null);
    Tokens tokens = new Tokens(contentType);
    AtomicBoolean done = new AtomicBoolean();
    List<Sent> sent = new ArrayList<>();
    List<byte[]> followed;
    List<List<byte[]>> snapshots;
    try (WorkerPool pool = new WorkerPool(WRITERS + 4, ConcurrentRun.DEADLINE, ctx)) {
      List<Future<List<Sent>>> writers = startWriters(pool, t, path, contentType, tokens, seed);
      List<Future<byte[]>> followers = new ArrayList<>();
      List<Future<List<byte[]>>> snapshotters = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        followers.add(pool.submit(() -> follow(t, path, done, pool, ctx)));
        snapshotters.add(pool.submit(() -> snapshots(t, path, done, pool, ctx)));
      }
      pool.joinAll(writers).forEach(sent::addAll);
      done.set(true);
      followed = pool.joinAll(followers);
      snapshots = pool.joinAll(snapshotters);
    }
    acknowledged(sent, ctx);
    byte[] all = ReadThrough.read(t, path, "-1", false, ctx).bytes();
    if (tokens.parse(all).size() != sent.size()) {
      throw new AssertionError(ctx + "every acknowledged append is stored once (DS-5.2-31): " + sent.size()
          + " acknowledged, " + tokens.parse(all).size() + " stored");
    }
    for (byte[] reader : followed) {
      if (!Arrays.equals(reader, all)) {
        throw new AssertionError(ctx + "a reader that follows Stream-Next-Offset while writers append reassembles "
            + "exactly the final stream, with no gap and no duplicate (DS-5.6-03, DS-5.6-05): " + difference(reader, all));
      }
    }
    for (List<byte[]> reader : snapshots) {
      for (byte[] snapshot : reader) {
        if (snapshot.length > all.length || !Arrays.equals(snapshot, 0, snapshot.length, all, 0, snapshot.length)) {
          throw new AssertionError(ctx + "every full read taken while writers append is a prefix of the final stream "
              + "(DS-5.6-05, DS-4-04): " + difference(snapshot, all));
        }
      }
    }
  }

  /** Three long-poll readers tail the stream from its creation offset while writers append. */
  static void longPoll(Target t, String contentType, long seed) {
    String ctx = ConcurrentRun.context(seed);
    String path = t.newStream("conc-long-poll");
    String start = t.create(path, contentType, null).nextOffset();
    Tokens tokens = new Tokens(contentType);
    AtomicLong total = new AtomicLong(-1);
    List<Sent> sent = new ArrayList<>();
    List<byte[]> received;
    // A reader parked at the tail when the last append lands may wait out one long-poll timeout.
    Duration deadline = ConcurrentRun.DEADLINE.plus(t.longPollTimeout().multipliedBy(2));
    try (WorkerPool pool = new WorkerPool(WRITERS + 3, deadline, ctx)) {
      List<Future<List<Sent>>> writers = startWriters(pool, t, path, contentType, tokens, seed);
      List<Future<byte[]>> readers = new ArrayList<>();
      for (int i = 0; i < 3; i++) readers.add(pool.submit(() -> tail(t, path, start, total, pool, ctx)));
      pool.joinAll(writers).forEach(sent::addAll);
      acknowledged(sent, ctx);
      total.set(sent.stream().mapToLong(s -> tokens.payloadOf(s.token()).length).sum());
      received = pool.joinAll(readers);
    }
    byte[] all = ReadThrough.read(t, path, "-1", false, ctx).bytes();
    for (byte[] reader : received) {
      if (!Arrays.equals(reader, all)) {
        throw new AssertionError(ctx + "a long-poll reader tailing the stream during concurrent appends receives every "
            + "appended byte exactly once and in order (DS-5.7-02, DS-5.7-04, DS-5.6-03): " + difference(reader, all));
      }
    }
  }

  private static List<Future<List<Sent>>> startWriters(WorkerPool pool, Target t, String path, String contentType,
      Tokens tokens, long seed) {
    List<Future<List<Sent>>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Random rnd = new Random(seed * 31 + w);
      writers.add(pool.submit(() -> {
        List<Sent> out = new ArrayList<>();
        for (int i = 0; i < APPENDS_EACH && !pool.expired(); i++) {
          out.add(ConcurrentRun.send(t, path, contentType, new Token(writer, i), tokens.payload(writer, i, rnd), null));
        }
        return out;
      }));
    }
    return writers;
  }

  private static void acknowledged(List<Sent> sent, String ctx) {
    for (Sent s : sent) {
      assertThat(s.exchange()).as(ctx + "an append concurrent with readers is acknowledged: 204 (DS-5.2-01, DS-5.2-31)")
          .hasStatus(204);
    }
  }

  /** Reads page by page from its own last Stream-Next-Offset until the writers are done and it is up to date. */
  private static byte[] follow(Target t, String path, AtomicBoolean done, WorkerPool pool, String ctx) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    String from = "-1";
    for (int polls = 0; polls < MAX_POLLS && !pool.expired(); polls++) {
      // Read the flag before asking, so an up-to-date answer after it covers every acknowledged append.
      boolean writersDone = done.get();
      Exchange ex = t.get(path).query("offset", ReadThrough.encode(from)).send();
      assertThat(ex).as(ctx + "a catch-up read during concurrent appends answers 200 with Stream-Next-Offset "
          + "(DS-5.6-02)").hasStatus(200).hasHeader("Stream-Next-Offset");
      String next = ex.nextOffset();
      if (ex.body().length > 0 && !from.equals("-1") && next.compareTo(from) <= 0) {
        throw ReadThrough.fail(ctx, "a read that returned data points past it: Stream-Next-Offset " + next
            + " must sort after the offset read, " + from + " (DS-8-06, DS-5.6-03)", ex);
      }
      got.writeBytes(ex.body());
      from = next;
      boolean upToDate = ex.header("Stream-Up-To-Date").map("true"::equalsIgnoreCase).orElse(false);
      if (writersDone && upToDate) return got.toByteArray();
    }
    throw new AssertionError(ctx + "a catch-up reader did not reach the tail within the deadline after the writers "
        + "finished (DS-5.6-19)");
  }

  /** Re-reads the whole stream from -1 until the writers are done. */
  private static List<byte[]> snapshots(Target t, String path, AtomicBoolean done, WorkerPool pool, String ctx) {
    List<byte[]> out = new ArrayList<>();
    while (!done.get() && !pool.expired() && out.size() < MAX_SNAPSHOTS) {
      out.add(ReadThrough.read(t, path, "-1", false, ctx).bytes());
    }
    return out;
  }

  /** Long-polls from {@code start} until it holds {@code total} bytes (known once the writers are done). */
  private static byte[] tail(Target t, String path, String start, AtomicLong total, WorkerPool pool, String ctx) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    String from = start;
    String cursor = null;
    while (!pool.expired()) {
      long want = total.get();
      if (want >= 0 && got.size() >= want) return got.toByteArray();
      Target.Call call = t.get(path).query("offset", ReadThrough.encode(from)).query("live", "long-poll");
      if (cursor != null) call.query("cursor", ReadThrough.encode(cursor));
      Exchange ex = call.send();
      assertThat(ex).as(ctx + "a long-poll answers 200 with new data or 204 when its timeout passes, both with "
          + "Stream-Next-Offset (DS-5.7-02, DS-5.7-03, DS-5.7-08)").hasStatusIn(200, 204).hasHeader("Stream-Next-Offset");
      got.writeBytes(ex.body());
      from = ex.nextOffset();
      cursor = ex.header("Stream-Cursor").orElse(cursor);
    }
    throw new AssertionError(ctx + "a long-poll reader had " + got.size() + " of " + total.get() + " bytes when the "
        + "deadline passed: appends did not wake it (DS-5.7-02)");
  }

  private static String difference(byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    int i = 0;
    while (i < n && actual[i] == expected[i]) i++;
    return "the reader holds " + actual.length + " bytes, the stream " + expected.length + " bytes"
        + (i < n ? "; they first differ at byte " + i : "; they agree on the first " + n + " bytes");
  }
}
