package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link Workload} against a target and measures it: prepares the streams (and readers),
 * runs the open-loop schedule (warm-up, then the measured window), waits for the last responses
 * and deliveries, and returns a {@link RunResult}, written to an output folder when one is given.
 *
 * <p>The target is the stream base URL, such as {@code http://127.0.0.1:4437/v1/stream/}; given
 * without a path it means {@code /v1/stream/}. Each run creates fresh streams named {@code
 * driver-<run id>-<n>} and leaves them in place. A run blocks for about warm-up plus duration, plus
 * up to the workload's timeout to drain.
 *
 * <p>Files written to the output folder: {@code result.json} (the {@link RunResult}), and for each
 * metric {@code <metric>-latency.hgrm} and {@code <metric>-service-time.hgrm}, HdrHistogram's
 * percentile distributions in milliseconds.
 */
public final class Driver {

  private static final long DRAIN_MARGIN_NANOS = 200_000_000L;

  private final int ioThreads;
  private final Consumer<String> progress;
  private final NanoClock clock;
  private final boolean precise;

  private Driver(Builder b) {
    this.ioThreads = b.ioThreads;
    this.progress = b.progress;
    this.clock = b.clock;
    this.precise = b.precise;
  }

  /** A driver with the default settings. */
  public static Driver create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code workload} against {@code target} with the default settings and writes the result
   * to {@code out} (created if needed; null for no files).
   *
   * @throws IOException when the target cannot be prepared (unreachable, wrong stream path, refuses
   *     the streams) or the result cannot be written; failed operations during the run are results,
   *     not exceptions
   */
  public static RunResult run(URI target, Workload workload, Path out) throws IOException {
    return create().execute(target, workload, out);
  }

  /** As {@link #run}, with this driver's settings. */
  public RunResult execute(URI target, Workload workload, Path out) throws IOException {
    Objects.requireNonNull(workload, "workload");
    StreamRoot root = StreamRoot.of(target);
    String runId = runId();
    String startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    RunResult result;
    try (HttpEngine engine = new HttpEngine(root.origin(), ioThreads);
        Scenario scenario = Scenario.of(workload, engine, root, runId)) {
      progress.accept("preparing " + workload.name() + " on " + root + " (run " + runId + ")");
      scenario.prepare();
      Schedule schedule = scenario.schedule;
      Recording ops = new Recording(scenario.operationDescription());
      Transport transport = scenario.transport();
      OpenLoopRunner runner = new OpenLoopRunner(
          clock, schedule, workload.maxInFlight(), transport, ops,
          workload.timeout().toNanos(),
          // A little longer than a request's own timeout, so that the last requests end as timeouts.
          workload.timeout().toNanos() + DRAIN_MARGIN_NANOS);
      progress.accept("running " + workload.name() + ": " + schedule + " over "
          + Units.format(workload.warmup()) + " warm-up + " + Units.format(workload.duration()));
      Usage usage = Usage.start();
      OpenLoopRunner.Outcome outcome = runner.run(scenario::started);
      usage.stop(schedule.totalOps());
      try {
        scenario.finish();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for deliveries");
      }
      ops.errors(outcome.measuredNotSent(), "not sent: the driver fell more than the timeout behind the schedule");
      ops.errors(outcome.measuredUnfinished(), "unfinished: still running a timeout after the last send");
      if (transport instanceof HttpTransport h) h.closeIdle();
      result = result(workload, root, startedAt, engine, scenario, ops, outcome, usage);
    }
    if (out != null) write(result, out);
    progress.accept(Summary.line(result));
    return result;
  }

  private RunResult result(Workload w, StreamRoot root, String startedAt, HttpEngine engine, Scenario scenario,
      Recording ops, OpenLoopRunner.Outcome o, Usage usage) {
    Schedule s = scenario.schedule;
    long measureStart = o.t0Nanos() + s.warmupNanos();
    long windowNanos = Math.max(s.durationNanos(), ops.lastDoneNanos() - measureStart);
    double window = windowNanos / 1e9;
    double duration = s.durationNanos() / 1e9;
    int seconds = (int) Math.ceil(duration);
    Map<String, RunResult.Metric> metrics = new LinkedHashMap<>();
    metrics.put(scenario.operationName(), ops.toMetric(seconds));
    for (Map.Entry<String, Recording> e : scenario.extraMetrics().entrySet()) {
      metrics.put(e.getKey(), e.getValue().toMetric(seconds));
    }
    long ok = ops.okCount();
    long errors = ops.errorCount();
    long scheduled = s.measuredOps();
    List<String> notes = new ArrayList<>();
    notes.add("latency runs from each operation's intended send time on an open-loop schedule (coordinated"
        + " omission corrected); serviceTime from the actual send; warm-up operations are not measured;"
        + " failed operations are counted, not timed");
    RunResult.Metric opMetric = metrics.get(scenario.operationName());
    if (o.delayedByMaxInFlight() > 0) {
      notes.add(o.delayedByMaxInFlight() + " operations waited for a slot (max-in-flight " + w.maxInFlight()
          + " was reached): the target fell behind the schedule, and their latency includes the wait");
    } else if (opMetric.sendLag().p99() > 1_000_000) {
      notes.add("the driver sent late (send lag p99 " + Units.millis(opMetric.sendLag().p99())
          + ") while max-in-flight was never reached: the driver may be the bottleneck; run the self-check");
    }
    int cpus = Runtime.getRuntime().availableProcessors();
    if (usage.loadAverage() > cpus) {
      notes.add(String.format(Locale.ROOT, "the machine was busy: load average %.1f on %d cores during the run;"
          + " latencies include other processes' interference", usage.loadAverage(), cpus));
    }
    Throwable bug = engine.firstUnexpected();
    if (bug != null) notes.add("driver error on an I/O thread (please report): " + HttpConnection.describe(bug));
    notes.addAll(scenario.notes);
    return new RunResult(
        RunResult.SCHEMA,
        w.name(),
        w.type().spelling(),
        w.settings(),
        root.toString(),
        startedAt,
        environment(engine, usage),
        w.rate(),
        o.measuredSent() / duration,
        ok / window,
        window,
        scheduled,
        o.measuredSent(),
        ok,
        errors,
        o.measuredNotSent(),
        o.measuredUnfinished(),
        scheduled == 0 ? 0 : (double) errors / scheduled,
        o.delayedByMaxInFlight(),
        ops.bytes() / window / 1e6,
        scenario.primaryMetric(),
        metrics,
        notes);
  }

  private Map<String, Object> environment(HttpEngine engine, Usage usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("java", System.getProperty("java.version"));
    m.put("vm", System.getProperty("java.vm.name"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
    m.put("driverIoThreads", engine.ioThreads());
    m.put("preciseTiming", precise);
    usage.describe(m);
    return m;
  }

  /** Writes {@code result.json} and the percentile distributions of every metric to {@code dir}. */
  static void write(RunResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    RunResult.JSON.writeValue(dir.resolve("result.json").toFile(), result);
    for (Map.Entry<String, RunResult.Metric> e : result.metrics().entrySet()) {
      distribution(dir.resolve(e.getKey() + "-latency.hgrm"), e.getValue().latencyHistogram());
      distribution(dir.resolve(e.getKey() + "-service-time.hgrm"), e.getValue().serviceTimeHistogram());
    }
  }

  private static void distribution(Path file, String encoded) throws IOException {
    Histogram h = RunResult.decodeHistogram(encoded);
    try (PrintStream ps = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
      if (h.getTotalCount() == 0) {
        ps.println("# no successful operations were recorded");
        return;
      }
      ps.println("# values in milliseconds");
      h.outputPercentileDistribution(ps, 1_000_000.0);
    }
  }

  private static String runId() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format(Locale.ROOT, "%02x", x));
    return sb.toString();
  }

  /** Settings of a {@link Driver}. */
  public static final class Builder {
    private int ioThreads = defaultIoThreads();
    private Consumer<String> progress = line -> {};
    private NanoClock clock;
    private boolean precise;

    private Builder() {}

    /**
     * Threads doing the driver's network I/O; default 1 on machines of up to 4 cores, otherwise
     * a quarter of the cores, at most 4. The scheduler runs on the calling thread besides.
     */
    public Builder ioThreads(int n) {
      if (n < 1 || n > 64) throw new IllegalArgumentException("ioThreads was " + n + " but must be between 1 and 64");
      this.ioThreads = n;
      return this;
    }

    /** Receives a line at each stage of a run and the summary at its end (default: nothing). */
    public Builder progress(Consumer<String> sink) {
      this.progress = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Whether to spin the last microseconds before each intended send time (default false).
     * Without it, sends leave about one timer slack (~50 us on Linux) late, which the results show
     * as send lag and include in latency; with it they leave within microseconds, at the cost of up
     * to a core of CPU at high rates, which on a small machine shared with the target distorts the
     * target instead.
     */
    public Builder preciseTiming(boolean on) {
      this.precise = on;
      return this;
    }

    Builder clock(NanoClock c) {
      this.clock = c;
      return this;
    }

    public Driver build() {
      if (clock == null) clock = NanoClock.system(precise);
      return new Driver(this);
    }

    static int defaultIoThreads() {
      int cpus = Runtime.getRuntime().availableProcessors();
      return cpus <= 4 ? 1 : Math.min(4, cpus / 4);
    }
  }
}
