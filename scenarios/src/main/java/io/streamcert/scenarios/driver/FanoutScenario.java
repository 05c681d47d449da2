package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One writer, many live readers: each scheduled operation appends a message stamped with its
 * sequence number and send time; {@code readers} long-poll or SSE readers per stream decode every
 * message and record its delivery latency, from the append's intended send time to the moment the
 * reader received it, on this process's clock.
 *
 * <p>After the schedule, the run waits (up to the workload's timeout) until every reader has
 * received every measured append that succeeded; deliveries still missing then count as delivery
 * errors.
 */
final class FanoutScenario extends Scenario {

  private final Recording delivery;
  private final AtomicLongArray okAppends;
  private final List<FanoutReader> readers = new ArrayList<>();
  private final ScheduledExecutorService retries;
  private final boolean sse;
  private volatile long t0;
  private volatile boolean timed;

  FanoutScenario(Workload workload, HttpEngine engine, StreamRoot root, String runId) {
    super(workload, engine, root, runId);
    this.sse = workload.type() == WorkloadType.FANOUT_SSE;
    this.okAppends = new AtomicLongArray(workload.streams());
    this.delivery = new Recording(
        "delivery of an appended message to a " + (sse ? "SSE" : "long-poll") + " reader; latency from the"
            + " append's intended send time to the reader's receipt of the message, on one clock; service"
            + " time from the append's actual send");
    this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "streamcert-driver-reader-retry");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  void prepare() throws IOException {
    HttpResponse[] created = createStreams(workload.streams());
    for (int k = 0; k < workload.streams(); k++) {
      String offset = created[k].header("Stream-Next-Offset");
      if (offset == null) offset = "-1";
      String path = root.streamPath(streamName(k));
      for (int r = 0; r < workload.readers(); r++) {
        FanoutReader reader = sse
            ? new FanoutReader.Sse(this, k, path, offset)
            : new FanoutReader.LongPoll(this, k, path, offset);
        readers.add(reader);
      }
    }
    for (FanoutReader r : readers) r.start();
    notes.add(readers.size() + " readers share the driver's " + engine.ioThreads() + " I/O thread(s): the readers"
        + " of one append are served one after another, so later readers' delivery times include the driver"
        + " reading the earlier ones' responses");
    long deadline = System.nanoTime() + setupTimeout().toNanos();
    while (true) {
      long armed = readers.stream().filter(r -> r.armed).count();
      if (armed == readers.size()) break;
      if (System.nanoTime() - deadline > 0) {
        throw new IOException(armed + " of " + readers.size() + " readers were answered within "
            + Units.format(setupTimeout()) + "; does the target support " + (sse ? "SSE" : "long-poll")
            + " reads, and can it hold " + readers.size() + " connections?");
      }
      sleep(5);
    }
  }

  @Override
  Operation operation(long op) {
    int stream = (int) (op % workload.streams());
    byte[] body = Payloads.stamped(workload.contentType(), (int) workload.payloadSize(), op, System.nanoTime());
    HttpRequest request = HttpRequest.of("POST", engine.authority(), root.streamPath(streamName(stream)),
        Map.of("Content-Type", workload.contentType()), body);
    boolean measured = schedule.isMeasured(op);
    return new Operation() {
      @Override
      public HttpRequest request() {
        return request;
      }

      @Override
      public boolean advance(ResponseHead head, BodyBuffer b, long bodyBytes) throws Failed {
        if (!head.isSuccess()) throw Failed.status(head);
        if (measured) okAppends.incrementAndGet(stream);
        return false;
      }

      @Override
      public long payloadBytes() {
        return workload.payloadSize();
      }
    };
  }

  @Override
  void started(long t0Nanos) {
    this.t0 = t0Nanos;
    this.timed = true;
    delivery.start(t0Nanos + schedule.warmupNanos());
  }

  /** Records a delivery; returns whether it was of a measured append. */
  boolean deliver(long seq, long sentNanos, long arrivedNanos) {
    if (!timed || !schedule.isMeasured(seq)) return false;
    delivery.ok(t0 + schedule.offsetNanos(seq), sentNanos, arrivedNanos, workload.payloadSize());
    return true;
  }

  /** Counts a reader's failure, once the measured window has begun. */
  void readerError(String kind, long nowNanos) {
    if (timed && nowNanos - (t0 + schedule.warmupNanos()) >= 0) delivery.error(nowNanos, kind);
  }

  void later(Runnable task, long millis) {
    try {
      retries.schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The run is over.
    }
  }

  @Override
  void finish() throws InterruptedException {
    long deadline = System.nanoTime() + workload.timeout().toNanos();
    while (System.nanoTime() - deadline < 0 && missing() > 0) Thread.sleep(5);
    long missing = missing();
    if (missing > 0) {
      delivery.errors(missing, "not delivered within " + Units.format(workload.timeout()) + " after the last append");
    }
  }

  private long missing() {
    long missing = 0;
    for (FanoutReader r : readers) missing += Math.max(0, okAppends.get(r.stream) - r.delivered());
    return missing;
  }

  @Override
  String operationName() {
    return "append";
  }

  @Override
  String operationDescription() {
    return "append of a stamped " + Units.formatSize(workload.payloadSize()) + " message (POST, any 2xx) to one of "
        + workload.streams() + " stream(s) with " + workload.readers() + " reader(s) each; latency from the"
        + " intended send time to the response's last byte";
  }

  @Override
  String primaryMetric() {
    return "delivery";
  }

  @Override
  Map<String, Recording> extraMetrics() {
    Map<String, Recording> m = new LinkedHashMap<>();
    m.put("delivery", delivery);
    return m;
  }

  @Override
  public void close() {
    for (FanoutReader r : readers) r.stop();
    retries.shutdownNow();
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while readers connected");
    }
  }
}
