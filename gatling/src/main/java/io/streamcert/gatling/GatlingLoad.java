package io.streamcert.gatling;

import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.WorkloadType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one of the Gatling simulations against a target and reads back its numbers: the API behind
 * {@code streamcert load --engine gatling}.
 *
 * <p>Gatling runs in a child JVM on this process's classpath (the shaded CLI jar, or the module's
 * classpath under Maven), so its global configuration, its logging and its {@code System.exit} stay
 * out of the caller's JVM, and two runs in one process (a comparison) do not share state.
 */
public final class GatlingLoad {

  private GatlingLoad() {}

  /**
   * What to run.
   *
   * @param target the stream base URL, such as {@code http://127.0.0.1:4437/v1/stream/}
   * @param workload the load shape (its type picks the simulation; rate, duration, warm-up, sizes
   *     and counts come from it)
   * @param outDir the folder for Gatling's results (its report lands in a subfolder)
   * @param gates the assertions that decide pass or fail
   */
  public record Request(URI target, Workload workload, Path outDir, Gates gates) {
    public Request {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(gates, "gates");
    }
  }

  /**
   * The assertions Gatling checks at the end of the run (they are its exit status).
   *
   * @param p99 the highest acceptable 99th percentile of response time; Gatling compares whole
   *     milliseconds, so this must be at least 1 ms
   * @param maxErrorPercent the highest acceptable share of failed requests, in percent
   */
  public record Gates(Duration p99, double maxErrorPercent) {
    public Gates {
      Objects.requireNonNull(p99, "p99");
      if (p99.toMillis() < 1) {
        throw new IllegalArgumentException("p99 gate was " + p99.toNanos() + "ns but Gatling measures whole"
            + " milliseconds; give at least 1ms");
      }
      if (!(maxErrorPercent >= 0 && maxErrorPercent <= 100)) {
        throw new IllegalArgumentException("maxErrorPercent was " + maxErrorPercent + " but must be in [0, 100]");
      }
    }

    /** p99 at most 10 ms, fewer than 0.1% failed requests: the driver's default objective. */
    public static Gates defaults() {
      return new Gates(Duration.ofMillis(10), 0.1);
    }
  }

  /**
   * Runs the simulation for {@code request.workload()} and parses its results.
   *
   * @throws IOException when Gatling could not be started or left no report to read
   * @throws IllegalArgumentException when the workload's type has no simulation
   */
  public static GatlingResult run(Request request) throws IOException, InterruptedException {
    return run(request, line -> {});
  }

  /**
   * Runs the simulation for {@code request.workload()}, passing each line Gatling prints to
   * {@code progress} as it comes, and parses its results.
   *
   * @throws IOException when Gatling could not be started, did not finish in time, or left no
   *     report to read; the message quotes the end of its output
   */
  public static GatlingResult run(Request request, Consumer<String> progress) throws IOException, InterruptedException {
    Workload w = request.workload();
    Class<? extends StreamSimulation> simulation = simulationFor(w.type());
    Path out = request.outDir().toAbsolutePath();
    Path results = out.resolve("gatling");
    Files.createDirectories(results);
    Path console = out.resolve("gatling-console.log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    Map<String, String> props = Params.toProperties(request.target(), w, request.gates().p99().toMillis(),
        request.gates().maxErrorPercent());
    // Belt and braces beside gatling.conf: nothing but the target is contacted.
    props.put("gatling.http.warmUpUrl", "");
    props.put("gatling.data.enableAnalytics", "false");
    props.put("gatling.http.requestTimeout", Long.toString(Math.max(1, w.timeout().toMillis())));
    for (Map.Entry<String, String> e : props.entrySet()) command.add("-D" + e.getKey() + "=" + e.getValue());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.gatling.app.Gatling");
    command.addAll(List.of("-s", simulation.getName(), "-rf", results.toString(), "-rd",
        "streamcert " + w.name() + " at " + w.rate() + "/s against " + request.target(), "-l", "streamcert"));

    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread pump = new Thread(() -> pump(process, console, lines, progress), "streamcert-gatling-output");
    pump.setDaemon(true);
    pump.start();
    Duration bound = bound(w);
    int exit;
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        pump.join(5_000);
        throw new IOException("Gatling did not finish within " + bound.toSeconds() + "s (warm-up + duration +"
            + " timeout + setup allowance) and was stopped; its output is in " + console + tail(lines));
      }
      exit = process.exitValue();
    } catch (InterruptedException e) {
      stop(process);
      throw e;
    }
    pump.join(10_000);

    List<String> snapshot;
    synchronized (lines) {
      snapshot = List.copyOf(lines);
    }
    Path index = ReportParser.reportIndex(snapshot, results);
    if (index == null || !Files.isRegularFile(index)) {
      throw new IOException("Gatling exited with " + exit + " and left no report in " + results
          + "; its output is in " + console + tail(snapshot));
    }
    Map<String, GatlingResult.Stats> rows = ReportParser.rows(Files.readString(index));
    GatlingResult.Stats measured = rows.get(measuredName(w.type()));
    GatlingResult.Stats all = rows.get(ReportParser.ALL);
    if (measured == null) measured = all;
    if (measured == null) {
      throw new IOException("the report " + index + " has no statistics table; Gatling exited with " + exit
          + tail(snapshot));
    }
    List<GatlingResult.AssertionOutcome> assertions = ReportParser.assertions(snapshot);
    List<String> notes = new ArrayList<>();
    notes.add(GatlingResult.RESOLUTION);
    notes.add("open model: users arrive at " + w.rate() + "/s whatever the responses do, and a user's response"
        + " time runs from its request's actual send, so a target that stalls shows as fewer completed requests"
        + " and longer times, but Gatling does not correct for requests it sent late (the driver engine does)");
    notes.addAll(shapeNotes(w));
    if (exit != 0 && exit != 2) {
      notes.add("Gatling exited with " + exit + " (not 0, not 2 for failed assertions): the run failed; see " + console);
    }
    GatlingResult result = new GatlingResult(w.name(), simulation.getName(), request.target(), index.getParent(), index,
        console, exit, measured, all == null ? measured : all, assertions, notes);
    result.write(out.resolve(GatlingResult.FILE));
    return result;
  }

  /**
   * JVM options of the child: Gatling's recommended ones, with a bounded heap. Gatling's log writer
   * needs {@code java.lang} opened to it, as its Maven plugin does by default.
   */
  static final List<String> JVM_OPTIONS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx1g", "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled",
      "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12");

  /** The simulation that runs workloads of {@code type}. */
  public static Class<? extends StreamSimulation> simulationFor(WorkloadType type) {
    return switch (type) {
      case APPEND -> AppendSimulation.class;
      case IDEMPOTENT_APPEND -> IdempotentProducersSimulation.class;
      case CREATE -> CreateStormSimulation.class;
      case FANOUT_LONG_POLL -> FanoutLongPollSimulation.class;
      case FANOUT_SSE -> FanoutSseSimulation.class;
      case CATCH_UP -> CatchUpStormSimulation.class;
    };
  }

  /** The request (or group) whose row and p99 gate a type's simulation measures. */
  static String measuredName(WorkloadType type) {
    return switch (type) {
      case APPEND, IDEMPOTENT_APPEND, FANOUT_LONG_POLL, FANOUT_SSE -> "append";
      case CREATE -> "create";
      case CATCH_UP -> "catch-up";
    };
  }

  private static final String FANOUT_NOTE = "fan-out: the p99 gate and the measured row are the writer's appends;"
      + " the readers' requests time how long each waited for data, not append-to-delivery latency, which only the"
      + " driver engine measures (on one clock)";

  private static List<String> shapeNotes(Workload w) {
    return switch (w.type()) {
      case FANOUT_LONG_POLL -> List.of(FANOUT_NOTE);
      case FANOUT_SSE -> List.of(FANOUT_NOTE, "SSE readers: Gatling counts each end of an SSE connection (the server"
          + " ends them every SSE reconnect interval) as a failed 'sse event' before the reader reconnects, so the"
          + " failed-share gate applies to the appends only; the readers' failures are in the all-requests row");
      case IDEMPOTENT_APPEND -> List.of("idempotent producers: " + w.producers() + " virtual users, one per producer,"
          + " each paced to " + w.rate() + "/" + w.producers() + " appends per second with one append in flight (a"
          + " closed loop per producer, as sequence numbers require): a slow answer delays that producer's next"
          + " append, so a slow target lengthens the run instead of raising the latencies");
      case CATCH_UP -> List.of("catch-up: the measured row is the group of one reader's reads from offset -1 to the"
          + " tail, so its times are time-to-catch-up on a " + w.streamBytes() + "-byte stream; the p99 assertion's"
          + " 'actual' for this group can differ from the row's p99 (seen: 873 ms against 1309 ms), as Gatling"
          + " computes it its own way; the gate decides on the assertion's value");
      default -> List.of();
    };
  }

  /** Warm-up, duration and one timeout, plus time for the JVM, the stream setup and the report. */
  static Duration bound(Workload w) {
    Duration setup = Duration.ofSeconds(60);
    if (w.type() == WorkloadType.CATCH_UP) setup = setup.plusSeconds(Math.max(60, w.streamBytes() >> 20));
    return w.warmup().plus(w.duration()).plus(w.timeout()).plus(setup).plusSeconds(60);
  }

  private static void pump(Process process, Path console, List<String> lines, Consumer<String> progress) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter log = Files.newBufferedWriter(console, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        log.write(line);
        log.newLine();
        synchronized (lines) {
          lines.add(line);
        }
        progress.accept(line);
      }
    } catch (IOException e) {
      synchronized (lines) {
        lines.add("(streamcert: reading Gatling's output failed: " + e + ")");
      }
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String tail(List<String> lines) {
    synchronized (lines) {
      if (lines.isEmpty()) return "";
      return "; it ended with:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
  }
}
