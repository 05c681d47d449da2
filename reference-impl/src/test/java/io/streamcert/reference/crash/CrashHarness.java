package io.streamcert.reference.crash;

import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.crash.History.Kind;
import io.streamcert.reference.crash.History.Op;
import io.streamcert.reference.crash.History.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The crash test's run: a server process on a fixed port and data dir, writers appending
 * concurrently, 3 to 5 SIGKILLs at seeded random moments each followed by a restart on the same
 * data dir and port, a drain, and a full read of every stream. Everything is bounded: each writer
 * makes at most {@link #MAX_OPS_PER_WRITER} appends, every request has a 1 s connect and 2 s
 * response timeout, and every wait has a deadline.
 */
final class CrashHarness {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_OPS_PER_WRITER = 4_000;
  /** No writer sends anything this long after the run started. */
  static final long HARD_DEADLINE_MILLIS = 40_000;

  /** A writer: its name, the stream it appends to and how. */
  record WriterSpec(String name, String stream, Kind kind) {}

  /** The streams and writers: plain writers, producers and a Stream-Seq writer share one stream. */
  static final List<WriterSpec> WRITERS = List.of(
      new WriterSpec("plain-a", "crash-plain", Kind.PLAIN),
      new WriterSpec("plain-b", "crash-plain", Kind.PLAIN),
      new WriterSpec("plain-c", "crash-plain", Kind.PLAIN),
      new WriterSpec("mixed-plain-a", "crash-mixed", Kind.PLAIN),
      new WriterSpec("mixed-plain-b", "crash-mixed", Kind.PLAIN),
      new WriterSpec("mixed-producer-a", "crash-mixed", Kind.PRODUCER),
      new WriterSpec("mixed-producer-b", "crash-mixed", Kind.PRODUCER),
      new WriterSpec("mixed-seq", "crash-mixed", Kind.SEQ),
      new WriterSpec("seq", "crash-seq", Kind.SEQ),
      new WriterSpec("producer-a", "crash-producers", Kind.PRODUCER),
      new WriterSpec("producer-b", "crash-producers", Kind.PRODUCER),
      new WriterSpec("producer-c", "crash-producers", Kind.PRODUCER));

  /** What a run did and found. */
  record Result(long seed, boolean lossy, History history, Map<String, byte[]> contents, HistoryChecker.Report report,
      int kills, int restarts, List<Long> recoveryMillis, List<Integer> recoveredStreams, long elapsedMillis,
      List<String> serverOutput) {

    String summary() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("crash run (seed %d%s): %d kills (SIGKILL), %d restarts, %d ms%n",
          seed, lossy ? ", LOSSY mutant store" : "", kills, restarts, elapsedMillis));
      b.append("  recovery time at each start (ms, first = empty dir): ").append(recoveryMillis)
          .append(", streams recovered: ").append(recoveredStreams).append('\n');
      long bytes = 0;
      for (byte[] c : contents.values()) bytes += c.length;
      b.append("  streams read back: ").append(contents.size()).append(" (").append(bytes).append(" bytes)\n");
      long torn = serverOutput.stream().filter(l -> l.contains("torn tail")).count();
      long severe = serverOutput.stream().filter(l -> l.contains("SEVERE")).count();
      b.append("  server log: ").append(torn).append(" torn tail(s) cut at recovery, ").append(severe)
          .append(" SEVERE line(s) (of the last ").append(serverOutput.size()).append(" lines kept)\n");
      b.append(report.summary());
      List<String> v = report.violations();
      b.append("  violations: ").append(v.size()).append(" (").append(report.violationCounts()).append(")\n");
      for (int i = 0; i < Math.min(v.size(), 15); i++) b.append("    ").append(v.get(i)).append('\n');
      if (v.size() > 15) b.append("    ... and ").append(v.size() - 15).append(" more\n");
      return b.toString();
    }
  }

  private CrashHarness() {}

  static Result run(long seed, Path dataDir, boolean lossy) throws Exception {
    return run(seed, dataDir, lossy, CrashServerMain.class.getName(), List.of());
  }

  /**
   * Runs the crash test against {@code mainClass <port> <data-dir> extraArgs...}; {@code lossy} only
   * labels the result (the arguments choose a mutant).
   */
  static Result run(long seed, Path dataDir, boolean lossy, String mainClass, List<String> extraArgs) throws Exception {
    long t0 = System.nanoTime();
    long hardDeadline = t0 + TimeUnit.MILLISECONDS.toNanos(HARD_DEADLINE_MILLIS);
    Random rnd = new Random(seed);
    int plannedKills = 3 + rnd.nextInt(3);
    History history = new History();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean abort = new AtomicBoolean();
    int port = ServerProcess.freeLoopbackPort();
    RawHttp http = RawHttp.to("127.0.0.1", port).withConnectTimeout(CONNECT_TIMEOUT).withReadTimeout(REQUEST_TIMEOUT);
    List<Thread> threads = new ArrayList<>();
    int kills = 0;
    int restarts = 0;
    try (ServerProcess server = new ServerProcess(port, dataDir, lossy, mainClass, extraArgs)) {
      boolean completed = false;
      try {
        server.start();
        for (String stream : streams()) create(http, stream);
        for (int i = 0; i < WRITERS.size(); i++) {
          WriterSpec spec = WRITERS.get(i);
          Writer w = new Writer(spec, http, history, stop, abort, hardDeadline, new Random(seed * 31 + i));
          Thread t = new Thread(w, "writer-" + spec.name());
          t.setDaemon(true);
          threads.add(t);
          t.start();
        }
        for (int k = 0; k < plannedKills; k++) {
          Thread.sleep(400 + rnd.nextInt(1100));
          server.kill();
          kills++;
          Thread.sleep(rnd.nextInt(300));
          server.start();
          restarts++;
        }
        // Let writers run on the last incarnation, then drain: producers finish their retries.
        Thread.sleep(500 + rnd.nextInt(500));
        completed = true;
      } finally {
        stop.set(true);
        if (!completed) {
          // Failing or interrupted: the server may be down, so producers must not retry on.
          abort.set(true);
          server.close();
        }
        for (Thread t : threads) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()) + 3_000));
        }
      }
      for (Thread t : threads) {
        if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop by the deadline");
      }
      Map<String, byte[]> contents = new LinkedHashMap<>();
      for (String stream : streams()) contents.put(stream, readAll(http, stream));
      HistoryChecker.Report report = HistoryChecker.check(history, contents);
      return new Result(seed, lossy, history, contents, report, kills, restarts, server.recoveryMillis(),
          server.recoveredStreams(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), server.output());
    }
  }

  static List<String> streams() {
    return WRITERS.stream().map(WriterSpec::stream).distinct().toList();
  }

  static String target(String stream) {
    return ReferenceServer.STREAM_ROOT + stream;
  }

  private static void create(RawHttp http, String stream) throws IOException {
    RawResponse r = http.send(RawRequest.builder("PUT", target(stream))
        .header("Content-Type", "text/plain").header("Connection", "close").build());
    if (r.status() != 201) throw new IllegalStateException("creating " + stream + " answered " + r.status() + ": " + r.bodyText());
  }

  /** Reads a whole stream from the start, following Stream-Next-Offset until it is up to date. */
  static byte[] readAll(RawHttp http, String stream) throws IOException {
    RawHttp reader = http.withReadTimeout(Duration.ofSeconds(10));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String offset = "-1";
    for (int i = 0; i < 10_000; i++) {
      RawResponse r = reader.send(RawRequest.builder("GET", target(stream) + "?offset=" + offset)
          .header("Connection", "close").build());
      if (r.status() != 200) {
        throw new IllegalStateException("reading " + stream + " at " + offset + " answered " + r.status() + ": " + r.bodyText());
      }
      out.write(r.body());
      offset = r.header("Stream-Next-Offset").orElseThrow(
          () -> new IllegalStateException("a read of " + stream + " has no Stream-Next-Offset"));
      if (r.header("Stream-Up-To-Date").map("true"::equals).orElse(false)) return out.toByteArray();
    }
    throw new IllegalStateException("reading " + stream + " did not reach its tail in 10000 requests");
  }

  static long position(String offset) {
    return Long.parseLong(offset.substring(offset.indexOf('_') + 1));
  }

  /**
   * One writer thread. Plain and Stream-Seq writers send each append once and move on whatever
   * happens; a producer retries the same (epoch, seq, payload) on every unknown outcome until it is
   * answered, even after the stop signal (that is the drain), until the hard deadline.
   */
  private static final class Writer implements Runnable {
    private final WriterSpec spec;
    private final RawHttp http;
    private final History history;
    private final AtomicBoolean stop;
    private final AtomicBoolean abort;
    private final long hardDeadline;
    private final Random rnd;

    Writer(WriterSpec spec, RawHttp http, History history, AtomicBoolean stop, AtomicBoolean abort, long hardDeadline,
        Random rnd) {
      this.spec = spec;
      this.http = http;
      this.history = history;
      this.stop = stop;
      this.abort = abort;
      this.hardDeadline = hardDeadline;
      this.rnd = rnd;
    }

    private boolean pastDeadline() {
      return abort.get() || System.nanoTime() - hardDeadline > 0;
    }

    @Override
    public void run() {
      for (long n = 0; n < MAX_OPS_PER_WRITER && !stop.get() && !pastDeadline(); n++) {
        String seq = spec.kind() == Kind.SEQ ? String.format("%010d", n) : null;
        StringBuilder text = new StringBuilder(spec.name()).append(" n=").append(n);
        if (seq != null) text.append(" seq=").append(seq);
        text.append(' ');
        int pad = rnd.nextInt(48);
        for (int i = 0; i < pad; i++) text.append((char) ('a' + rnd.nextInt(26)));
        text.append('\n');
        Op op = history.begin(spec.stream(), spec.name(), spec.kind(), n,
            text.toString().getBytes(StandardCharsets.US_ASCII), seq, n);
        boolean goOn = spec.kind() == Kind.PRODUCER ? untilAnswered(op) : once(op);
        if (!goOn) return;
        pause(rnd.nextInt(3));
      }
    }

    /**
     * Sends until the request reaches the server (resending only while connecting fails, which
     * means nothing was sent), never after an unknown outcome; returns whether the writer may go on.
     */
    private boolean once(Op op) {
      while (true) {
        send(op);
        if (op.outcome != Outcome.UNKNOWN && op.outcome != Outcome.NOT_SENT) return true;
        pause(10 + rnd.nextInt(30));
        if (op.outcome == Outcome.UNKNOWN || stop.get() || pastDeadline()) return true;
      }
    }

    /** Retries until an answer; a producer that is refused stops (its next seq would be a gap). */
    private boolean untilAnswered(Op op) {
      while (true) {
        send(op);
        if (op.outcome == Outcome.ACKED || op.outcome == Outcome.DUPLICATE_ACK) return true;
        if (op.outcome == Outcome.REJECTED) return false;
        if (pastDeadline()) return false;
        pause(10 + rnd.nextInt(30));
      }
    }

    private void send(Op op) {
      RawRequest.Builder b = RawRequest.builder("POST", target(op.stream))
          .header("Content-Type", "text/plain")
          .header("Connection", "close");
      if (op.kind == Kind.SEQ) b.header("Stream-Seq", op.streamSeq);
      if (op.kind == Kind.PRODUCER) {
        b.header("Producer-Id", op.writer).header("Producer-Epoch", "0")
            .header("Producer-Seq", Long.toString(op.producerSeq));
      }
      b.body(op.payload);
      op.attempts++;
      RawResponse r;
      try {
        r = http.send(b.build());
      } catch (RawHttpException e) {
        op.lastError = e.kind().toString();
        // Connecting failed: this attempt sent nothing. Any other failure may have delivered it.
        if (e.kind() != RawHttpException.Kind.CONNECT_FAILED) op.maybeDelivered = true;
        op.outcome = op.maybeDelivered ? Outcome.UNKNOWN : Outcome.NOT_SENT;
        return;
      }
      op.maybeDelivered = true;
      op.lastStatus = r.status();
      String next = r.header("Stream-Next-Offset").orElse(null);
      if (r.status() / 100 == 2 && next != null) {
        op.ackedNext = position(next);
        op.outcome = op.kind == Kind.PRODUCER && r.status() == 204 ? Outcome.DUPLICATE_ACK : Outcome.ACKED;
        return;
      }
      if (op.unexpected == null) {
        op.unexpected = "answered " + r.status() + " " + abbreviate(r.bodyText());
      }
      op.outcome = r.status() / 100 == 4 ? Outcome.REJECTED : Outcome.UNKNOWN;
    }

    private static String abbreviate(String s) {
      String t = s.strip();
      return t.length() <= 160 ? t : t.substring(0, 157) + "...";
    }

    private static void pause(long millis) {
      if (millis <= 0) return;
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
