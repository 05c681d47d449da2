package io.streamcert.chaos.scenario;

import io.streamcert.chaos.history.HistoryRecorder;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.PendingOperation;
import io.streamcert.chaos.payload.PayloadCodec;
import io.streamcert.chaos.payload.PayloadDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.chaos.history.Outcome;
import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import io.streamcert.client.sse.SseLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chaos workload: writers and readers on their own threads, each recording every operation it
 * issues in the {@link HistoryRecorder}.
 *
 * <ul>
 *   <li>Streams: {@code <prefix>-plain} (two plain writers, a long-poll reader and an SSE reader),
 *       {@code <prefix>-seq} (a Stream-Seq writer) and {@code <prefix>-producers} (two idempotent
 *       producers and an SSE reader); each has a catch-up reader. Every reader resumes from the last
 *       offset it reached; an SSE reader records each connection as one operation, reconnecting
 *       when the server ends it or after {@link #SSE_SESSION}.
 *   <li>Plain and Stream-Seq writers send each payload once and move on whatever happens; an
 *       idempotent producer retries the same (epoch, seq, payload id) after every unknown outcome
 *       until it is answered, also after {@link #stop()} (the drain), until the hard deadline.
 *   <li>Outcomes: a 2xx is ok; a 4xx is fail (refused); a 5xx, a timeout or a dropped connection
 *       is info (unknown); a refused connection is fail (nothing was sent).
 * </ul>
 *
 * Every request has a connect timeout of 1 s and a response timeout of 2 s (3 s for long-poll; an
 * SSE connection must send its head within 2 s and is closed by the reader after at most {@link
 * #SSE_SESSION});
 * each worker makes at most {@link #MAX_OPS_PER_WORKER} operations; nothing is sent past the hard
 * deadline.
 */
public final class Workload {

  public static final int MAX_OPS_PER_WORKER = 20_000;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(3);
  /** The longest an SSE reader keeps one connection before it reconnects from where it got to. */
  static final Duration SSE_SESSION = Duration.ofSeconds(4);
  /** How long one wait for an SSE line lasts before the reader looks at its stop flag again. */
  static final Duration SSE_POLL = Duration.ofMillis(250);
  /** At most this many requests make up one catch-up read. */
  static final int MAX_READ_REQUESTS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RawHttp http;
  private final HistoryRecorder history;
  private final String streamRoot;
  private final String prefix;
  private final long seed;
  private final long hardDeadlineNanos;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param http a client for the target (or the nemesis's proxy)
   * @param streamRoot the stream path, such as {@code /v1/stream/}
   * @param prefix the prefix of this run's stream names
   * @param hardDeadlineNanos {@link System#nanoTime()} after which no worker sends anything
   */
  public Workload(RawHttp http, HistoryRecorder history, String streamRoot, String prefix, long seed,
      long hardDeadlineNanos) {
    this.http = http.withConnectTimeout(CONNECT_TIMEOUT).withReadTimeout(REQUEST_TIMEOUT);
    this.history = history;
    this.streamRoot = streamRoot.endsWith("/") ? streamRoot : streamRoot + "/";
    this.prefix = prefix;
    this.seed = seed;
    this.hardDeadlineNanos = hardDeadlineNanos;
  }

  /** The streams' paths. */
  public List<String> streams() {
    return List.of(path("plain"), path("seq"), path("producers"));
  }

  private String path(String suffix) {
    return streamRoot + prefix + "-" + suffix;
  }

  /**
   * Creates the streams, recording each create.
   *
   * @throws IllegalStateException naming the stream and the answer when one cannot be created
   */
  public void createStreams() {
    for (String s : streams()) {
      PendingOperation op = history.invoke("setup", OperationKind.CREATE, s);
      try {
        RawResponse r = http.send(RawRequest.builder("PUT", s).header("Content-Type", "text/plain")
            .header("Connection", "close").build());
        op.status(r.status());
        if (r.status() == 201 || r.status() == 200) {
          op.ok();
        } else {
          op.fail("status " + r.status());
          throw new IllegalStateException("creating stream " + s + " answered " + r.status() + ": "
              + abbreviate(r.bodyText()));
        }
      } catch (RawHttpException e) {
        op.info(e.kind() + ": " + e.getMessage());
        throw new IllegalStateException("creating stream " + s + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** Starts every worker on its own daemon thread. */
  public void start() {
    String plain = path("plain");
    String seq = path("seq");
    String producers = path("producers");
    Random[] r = new Random[8];
    for (int k = 0; k < r.length; k++) r[k] = rnd(k);
    spawn("w-plain-1", () -> writer("w-plain-1", plain, OperationKind.APPEND, r[0]));
    spawn("w-plain-2", () -> writer("w-plain-2", plain, OperationKind.APPEND, r[1]));
    spawn("w-seq-1", () -> writer("w-seq-1", seq, OperationKind.APPEND_SEQ, r[2]));
    spawn("p-1", () -> producer("p-1", producers, r[3]));
    spawn("p-2", () -> producer("p-2", producers, r[4]));
    spawn("r-plain", () -> catchUpReader("r-plain", plain, r[5]));
    spawn("r-seq", () -> catchUpReader("r-seq", seq, r[6]));
    spawn("r-producers", () -> catchUpReader("r-producers", producers, r[7]));
    spawn("lp-plain", () -> longPollReader("lp-plain", plain));
    spawn("sse-plain", () -> sseReader("sse-plain", plain));
    spawn("sse-producers", () -> sseReader("sse-producers", producers));
  }

  private Random rnd(int worker) {
    return new Random(seed * 1_000_003L + worker);
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (IllegalStateException closed) {
        // the recorder closed under us: the run is over
      }
    }, "chaos-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Whether {@link #stop()} has not been called yet. */
  public boolean running() {
    return !stop.get();
  }

  /** Tells every worker to finish; producers still settle the payload in hand (the drain). */
  public void stop() {
    stop.set(true);
  }

  /**
   * Waits for the workers to end, at most until the hard deadline plus {@code grace}.
   *
   * @return the names of workers still running (abandoned: they are daemons and send nothing more
   *     once the deadline passes)
   */
  public List<String> join(Duration grace) throws InterruptedException {
    long until = hardDeadlineNanos + grace.toNanos();
    List<String> alive = new ArrayList<>();
    for (Thread t : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      t.join(Math.max(1, left));
      if (t.isAlive()) alive.add(t.getName());
    }
    return alive;
  }

  private boolean pastDeadline() {
    return System.nanoTime() - hardDeadlineNanos > 0;
  }

  private void writer(String name, String stream, OperationKind kind, Random rnd) {
    for (long n = 0; n < MAX_OPS_PER_WORKER && !stop.get() && !pastDeadline(); n++) {
      String id = PayloadCodec.payloadId(name, n);
      byte[] body = PayloadCodec.encode(id, PayloadCodec.minimumSize(id) + rnd.nextInt(96));
      RawRequest.Builder b = RawRequest.builder("POST", stream).header("Content-Type", "text/plain")
          .header("Connection", "close");
      if (kind == OperationKind.APPEND_SEQ) b.header("Stream-Seq", String.format("%012d", n));
      PendingOperation op = history.invokeWrite(name, kind, stream, id);
      boolean failed = !sendWrite(op, b.body(body).build());
      pause(failed ? 50 + rnd.nextInt(50) : 2 + rnd.nextInt(10));
    }
  }

  private void producer(String name, String stream, Random rnd) {
    String producerId = prefix + "-" + name;
    for (long n = 0; n < MAX_OPS_PER_WORKER && !stop.get() && !pastDeadline(); n++) {
      String id = PayloadCodec.payloadId(name, n);
      byte[] body = PayloadCodec.encode(id, PayloadCodec.minimumSize(id) + rnd.nextInt(96));
      RawRequest req = RawRequest.builder("POST", stream).header("Content-Type", "text/plain")
          .header("Connection", "close").header("Producer-Id", producerId).header("Producer-Epoch", "0")
          .header("Producer-Seq", Long.toString(n)).body(body).build();
      while (true) {
        PendingOperation op = history.invokeWrite(name, OperationKind.PRODUCER_APPEND, stream, id);
        Operation done = sendWriteOp(op, req, true);
        if (done.isOk()) break;
        if (done.outcome() == io.streamcert.chaos.history.Outcome.FAIL && done.status() != null) {
          return; // refused: its next seq would be a gap; this producer is done
        }
        if (pastDeadline()) return;
        pause(50 + rnd.nextInt(50));
      }
      pause(2 + rnd.nextInt(10));
    }
  }

  /** Sends a write and completes {@code op}; returns whether it was acknowledged. */
  private boolean sendWrite(PendingOperation op, RawRequest req) {
    return sendWriteOp(op, req, false).isOk();
  }

  private Operation sendWriteOp(PendingOperation op, RawRequest req, boolean producer) {
    RawResponse r;
    try {
      r = http.send(req);
    } catch (RawHttpException e) {
      return e.kind() == RawHttpException.Kind.CONNECT_FAILED
          ? op.fail("connect failed: " + e.getMessage())
          : op.info(e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
    }
    op.status(r.status());
    if (r.status() / 100 == 2) {
      // A producer's 204 acknowledges a duplicate: the offsets it carries are not this write's.
      if (!(producer && r.status() == 204)) {
        String next = r.header("Stream-Next-Offset").orElse(null);
        if (next != null) {
          try {
            Offset o = Offset.of(next);
            if (o.isConcrete()) op.nextOffset(o);
          } catch (IllegalArgumentException ignored) {
            // not recordable as an offset; the write stays acknowledged without one
          }
        }
      }
      return op.ok();
    }
    String why = "status " + r.status() + " " + abbreviate(r.bodyText());
    if (r.status() == 503 || r.status() == 429) {
      // Backpressure: record whether the server said when to come back.
      why = "status " + r.status() + " " + Backpressure.RETRY_AFTER + r.header("Retry-After").orElse("") + " "
          + abbreviate(r.bodyText());
    }
    return r.status() / 100 == 4 ? op.fail(why) : op.info(why);
  }

  private void catchUpReader(String name, String stream, Random rnd) {
    Offset offset = Offset.BEGINNING;
    for (int n = 0; n < MAX_OPS_PER_WORKER && !stop.get() && !pastDeadline(); n++) {
      Offset reached = read(name, OperationKind.READ_CATCHUP, stream, offset, http);
      boolean ok = reached != null;
      if (reached != null) offset = reached;
      pause(ok ? 20 + rnd.nextInt(80) : 100);
    }
  }

  private void longPollReader(String name, String stream) {
    RawHttp lp = http.withReadTimeout(LONG_POLL_TIMEOUT);
    Offset offset = Offset.BEGINNING;
    for (int n = 0; n < MAX_OPS_PER_WORKER && !stop.get() && !pastDeadline(); n++) {
      Offset reached = read(name, OperationKind.READ_LONG_POLL, stream, offset, lp);
      if (reached != null) {
        offset = reached;
      } else {
        pause(100);
      }
    }
  }

  private void sseReader(String name, String stream) {
    Offset offset = Offset.BEGINNING;
    for (int n = 0; n < MAX_OPS_PER_WORKER && !stop.get() && !pastDeadline(); n++) {
      Offset reached = readSse(name, stream, offset);
      if (reached != null) {
        offset = reached;
      } else {
        pause(100);
      }
    }
  }

  /**
   * One SSE connection from {@code from}, recorded as one operation that observes the payloads of
   * every {@code data} event at the offset the previous {@code control} event (or {@code from})
   * gave, once the control event after it has arrived (a data event cut off from its control event
   * is not observed: where it ends is unknown). It ends ok when the server closes the connection after a complete event, when the stream
   * is closed, or when the reader ends it (after {@link #SSE_SESSION}, at {@link #stop()} or at the
   * hard deadline); it ends info when the connection breaks mid-event or the answer is unusable.
   * Returns the offset reached, or null when it did not end ok.
   */
  Offset readSse(String process, String stream, Offset from) {
    PendingOperation op = history.invokeRead(process, OperationKind.READ_SSE, stream, from);
    PayloadDecoder decoder = PayloadCodec.decoder();
    List<Observed> observed = new ArrayList<>();
    long endNanos = Math.min(System.nanoTime() + SSE_SESSION.toNanos(), hardDeadlineNanos);
    RawExchange ex;
    try {
      ex = http.open(RawRequest.builder("GET", stream + "?offset=" + from + "&live=sse")
          .header("Accept", "text/event-stream").header("Connection", "close").build());
    } catch (RawHttpException e) {
      return e.kind() == RawHttpException.Kind.CONNECT_FAILED
          ? sseEnd(op, from, decoder, observed, null, Outcome.FAIL, "connect failed: " + e.getMessage())
          : sseEnd(op, from, decoder, observed, null, Outcome.INFO,
              e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
    }
    try (ex) {
      op.status(ex.status());
      if (ex.status() != 200) {
        String body;
        try {
          body = new String(ex.readToEnd(REQUEST_TIMEOUT), java.nio.charset.StandardCharsets.UTF_8);
        } catch (RawHttpException e) {
          body = "";
        }
        String why = "status " + ex.status() + " " + abbreviate(body);
        return sseEnd(op, from, decoder, observed, null, ex.status() / 100 == 4 ? Outcome.FAIL : Outcome.INFO, why);
      }
      boolean base64 = ex.header("Stream-SSE-Data-Encoding").map("base64"::equalsIgnoreCase).orElse(false);
      Offset at = from;
      Offset reached = null;
      SseLines lines = new SseLines();
      // Payloads of data events whose control event has not arrived: dropped if the connection ends
      // first, since the offset they reach is unknown (the next connection reads them again).
      List<Observed> unconfirmed = new ArrayList<>();
      while (true) {
        long left = endNanos - System.nanoTime();
        if (left <= 0 || stop.get()) {
          // the reader ends the connection; what it saw is complete up to the last control event
          return sseEnd(op, from, decoder, observed, reached, Outcome.OK, null);
        }
        Optional<String> line;
        try {
          line = ex.readLine(Duration.ofNanos(Math.min(left, SSE_POLL.toNanos())));
        } catch (RawHttpException e) {
          if (e.kind() == RawHttpException.Kind.TIMED_OUT) continue;
          return sseEnd(op, from, decoder, observed, reached, Outcome.INFO,
              e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
        if (line.isEmpty()) {
          // the server ended the body: fine between events, a break inside one
          return !lines.inEvent()
              ? sseEnd(op, from, decoder, observed, reached, Outcome.OK, null)
              : sseEnd(op, from, decoder, observed, reached, Outcome.INFO, "connection ended inside an event");
        }
        Optional<SseLines.Event> event = lines.accept(line.get());
        if (event.isEmpty()) continue;
        String data = event.get().data();
        if (event.get().type().equals("data")) {
          byte[] bytes = base64
              ? java.util.Base64.getDecoder().decode(data.replaceAll("[\\r\\n]", ""))
              : data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          // held until the control event that follows confirms where the data ends
          unconfirmed.addAll(decoder.feed(bytes, at));
        } else if (event.get().type().equals("control")) {
          JsonNode control = JSON.readTree(data);
          JsonNode next = control.get("streamNextOffset");
          if (next == null || !next.isTextual()) {
            throw new IllegalArgumentException("control event without streamNextOffset: " + abbreviate(data));
          }
          Offset o = Offset.of(next.asText());
          if (o.isConcrete()) {
            reached = o;
            at = o;
          }
          observed.addAll(unconfirmed);
          unconfirmed.clear();
          if (control.path("streamClosed").asBoolean(false)) {
            return sseEnd(op, from, decoder, observed, reached, Outcome.OK, null);
          }
        }
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      return sseEnd(op, from, decoder, observed, null, Outcome.INFO, "unusable answer: " + e.getMessage());
    }
  }

  private static Offset sseEnd(PendingOperation op, Offset start, PayloadDecoder decoder, List<Observed> observed, Offset reached,
      Outcome outcome, String why) {
    finishObservations(op, decoder, observed, reached);
    op.complete(outcome, why);
    if (outcome != Outcome.OK) return null;
    return reached != null ? reached : (start != null && start.isConcrete() ? start : null);
  }

  /**
   * One logical read from {@code from}, recorded as one operation: a catch-up read follows
   * Stream-Next-Offset until Stream-Up-To-Date; a long-poll read is one request. Returns the
   * offset reached, or null when it did not end ok (what it observed is recorded either way).
   */
  Offset read(String process, OperationKind kind, String stream, Offset from, RawHttp client) {
    PendingOperation op = history.invokeRead(process, kind, stream, from);
    PayloadDecoder decoder = PayloadCodec.decoder();
    List<Observed> observed = new ArrayList<>();
    Offset at = from;
    Offset reached = null;
    try {
      for (int i = 0; i < MAX_READ_REQUESTS; i++) {
        String target = stream + "?offset=" + at + (kind == OperationKind.READ_LONG_POLL ? "&live=long-poll" : "");
        RawResponse r;
        try {
          r = client.send(RawRequest.builder("GET", target).header("Connection", "close").build());
        } catch (RawHttpException e) {
          String why = e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage();
          finishObservations(op, decoder, observed, reached);
          op.info(why);
          return null;
        }
        op.status(r.status());
        if (r.status() != 200 && r.status() != 204) {
          finishObservations(op, decoder, observed, reached);
          String why = "status " + r.status() + " " + abbreviate(r.bodyText());
          if (r.status() / 100 == 4) {
            op.fail(why);
          } else {
            op.info(why);
          }
          return null;
        }
        observed.addAll(decoder.feed(r.body(), at));
        String next = r.header("Stream-Next-Offset").orElse(null);
        if (next != null) {
          Offset o = Offset.of(next);
          if (o.isConcrete()) {
            reached = o;
            at = o;
          }
        }
        boolean upToDate = r.header("Stream-Up-To-Date").map("true"::equalsIgnoreCase).orElse(false);
        if (kind == OperationKind.READ_LONG_POLL || upToDate || next == null) break;
      }
      finishObservations(op, decoder, observed, reached);
      op.ok();
      return reached != null ? reached : (from.isConcrete() ? from : null);
    } catch (IllegalArgumentException e) {
      finishObservations(op, decoder, observed, reached);
      op.info("unusable answer: " + e.getMessage());
      return null;
    }
  }

  private static void finishObservations(PendingOperation op, PayloadDecoder decoder, List<Observed> observed,
      Offset reached) {
    op.observe(observed);
    op.garbage(decoder.finish());
    if (reached != null) op.nextOffset(reached);
  }

  static void pause(long millis) {
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String abbreviate(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= 160 ? t : t.substring(0, 157) + "...";
  }
}
