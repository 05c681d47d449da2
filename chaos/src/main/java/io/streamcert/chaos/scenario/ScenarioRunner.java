package io.streamcert.chaos.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcert.chaos.availability.Availability;
import io.streamcert.chaos.availability.AvailabilityOptions;
import io.streamcert.chaos.availability.AvailabilityReport;
import io.streamcert.chaos.availability.Recovery;
import io.streamcert.chaos.availability.RecoveryStatus;
import io.streamcert.chaos.availability.TimeWindow;
import io.streamcert.chaos.checker.CheckerResult;
import io.streamcert.chaos.checker.HistoryChecker;
import io.streamcert.chaos.history.FaultAction;
import io.streamcert.chaos.history.FaultWindow;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.HistoryRecorder;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.fixtures.LaunchedTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario against a launched target: the seeded {@link Schedule} drives the scenario's
 * {@link Nemesis} while the {@link Workload} runs; then the final heal, the recovery wait, the
 * drain and a final catch-up read of every stream from the beginning. The history goes to {@code
 * history.jsonl} as it happens; afterwards the checker's result goes to {@code checker.json}, the
 * availability analysis to {@code availability.json} and the timeline (ops/s, errors/s, fault
 * windows) to {@code timeline.json}.
 *
 * <p>Everything is bounded: a quick run's workers stop sending 50 s after the start, the final reads
 * get 15 s, and the target is healed in every case, so a quick run ends within about a minute even
 * when the target dies or stops answering.
 */
public final class ScenarioRunner {

  /** The file names in the run folder. */
  public static final String HISTORY = "history.jsonl";

  public static final String CHECKER = "checker.json";
  public static final String AVAILABILITY = "availability.json";
  public static final String TIMELINE = "timeline.json";

  static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Scenario scenario;
  private final long seed;
  private final boolean quick;
  private final PrintWriter progress;

  private final Dependencies dependencies;

  public ScenarioRunner(Scenario scenario, long seed, boolean quick, PrintWriter progress) {
    this(scenario, seed, quick, progress, Dependencies.none());
  }

  /** A runner whose scenario may inject faults into the target's {@code dependencies}. */
  public ScenarioRunner(Scenario scenario, long seed, boolean quick, PrintWriter progress, Dependencies dependencies) {
    this.scenario = scenario;
    this.seed = seed;
    this.quick = quick;
    this.progress = progress;
    this.dependencies = java.util.Objects.requireNonNull(dependencies, "dependencies");
  }

  /**
   * Runs the scenario against {@code target}, writing into {@code runDir}.
   *
   * @throws ScenarioSetupException when the run cannot start (the nemesis cannot be made, the
   *     streams cannot be created): an environment error, not a finding
   * @throws IOException when the run folder cannot be written
   */
  public ScenarioResult run(LaunchedTarget target, Path runDir) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Schedule schedule = Schedule.generate(seed, quick);
    Files.createDirectories(runDir);
    say("chaos " + scenario.name() + ": seed " + seed + " (rerun with --seed " + seed + "), "
        + (quick ? "quick" : "full") + " schedule: " + schedule.describe());
    Nemesis nemesis;
    try {
      nemesis = scenario.nemesis().create(target, dependencies);
    } catch (IOException | RuntimeException e) {
      throw new ScenarioSetupException("cannot set up the " + scenario.name() + " fault: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("scenario", scenario.name());
    labels.put("seed", Long.toString(seed));
    labels.put("mode", quick ? "quick" : "full");
    labels.put("target", target.descriptor().name());
    labels.put("schedule", schedule.describe());
    History history;
    Map<String, Double> figures = new LinkedHashMap<>();
    try (nemesis) {
      URI origin = nemesis.clientUri(target.baseUri());
      RawHttp http = RawHttp.to(origin);
      String streamRoot = target.streamsUri().getPath();
      String prefix = "chaos-" + scenario.name() + "-" + seed + "-" + Long.toString(System.currentTimeMillis(), 36);
      long budget = quick ? 50_000 : schedule.plannedMillis() + 120_000;
      long hardDeadline = t0 + TimeUnit.MILLISECONDS.toNanos(budget);
      HistoryRecorder recorder = HistoryRecorder.toFile(runDir.resolve(HISTORY), labels);
      Workload workload = new Workload(http, recorder, streamRoot, prefix, seed, hardDeadline);
      boolean healed = true;
      try {
        try {
          workload.createStreams();
        } catch (IllegalStateException e) {
          throw new ScenarioSetupException("cannot create the scenario's streams: " + e.getMessage(), e);
        }
        nemesis.attach(http, workload.streams());
        workload.start();
        healed = followSchedule(schedule, nemesis, recorder, hardDeadline, problems);
        if (healed) {
          long down = awaitAnswer(http, workload.streams().get(0), schedule.recoveryBudgetMillis());
          if (down < 0) {
            problems.add("the target did not answer within " + schedule.recoveryBudgetMillis() / 1000
                + " s of the final heal");
          } else {
            say(String.format(Locale.ROOT, "  healed; the target answered %d ms after the final heal", down));
          }
          Workload.pause(Math.min(schedule.drainMillis(),
              Math.max(0, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()))));
        }
        stopWorkers(workload, warnings);
        // Only once every writer has stopped: the final reads must see every acknowledged write.
        if (healed) finalReads(workload, http, problems);
      } finally {
        if (workload.running()) stopWorkers(workload, warnings);
        recorder.close();
      }
      history = recorder.snapshot();
      problems.addAll(nemesis.findings());
      figures.putAll(nemesis.figures());
    }
    figures.putAll(Backpressure.of(history).figures());
    CheckerResult checked = HistoryChecker.standard().check(history);
    AvailabilityReport availability = Availability.analyze(history, AvailabilityOptions.DEFAULTS);
    for (Recovery r : availability.recoveries()) {
      if (r.status() == RecoveryStatus.NOT_RECOVERED || r.status() == RecoveryStatus.NEVER_HEALED) {
        problems.add(r.explanation());
      }
    }
    if (!availability.unexpectedUnavailability().isEmpty()) {
      warnings.add(availability.unexpectedUnavailability().size()
          + " fault-free window(s) had failed or unknown operations (see availability.json)");
    }
    JSON.writeValue(runDir.resolve(CHECKER).toFile(), checked);
    JSON.writeValue(runDir.resolve(AVAILABILITY).toFile(), availability);
    JSON.writeValue(runDir.resolve(TIMELINE).toFile(), Timeline.of(scenario.name(), seed, history, availability));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    return new ScenarioResult(scenario.name(), seed, schedule, runDir, history, checked, availability, problems,
        warnings, elapsed, figures);
  }

  private static void stopWorkers(Workload workload, List<String> warnings) throws InterruptedException {
    workload.stop();
    List<String> abandoned = workload.join(Duration.ofSeconds(5));
    if (!abandoned.isEmpty()) warnings.add("workers still running at the deadline, abandoned: " + abandoned);
  }

  /** Runs the periods; always ends with the final heal. Returns false when the target could not be brought back. */
  private boolean followSchedule(Schedule schedule, Nemesis nemesis, HistoryRecorder recorder, long hardDeadline,
      List<String> problems) throws InterruptedException {
    int n = 0;
    try {
      for (Schedule.Period p : schedule.periods()) {
        if (System.nanoTime() - hardDeadline > 0) {
          problems.add("the schedule ran past the run's deadline after " + n + " fault(s); the rest was skipped");
          break;
        }
        if (!p.fault()) {
          Thread.sleep(p.millis());
          continue;
        }
        n++;
        String detail;
        try {
          detail = nemesis.start();
        } catch (UnsupportedOperationException e) {
          throw e; // the platform cannot inject this fault (no SIGSTOP on Windows): an environment error
        } catch (Exception e) {
          problems.add("fault " + n + " (" + nemesis.fault() + ") could not be injected: " + e.getMessage());
          break;
        }
        recorder.fault(FaultAction.START, nemesis.fault(), detail);
        say(String.format(Locale.ROOT, "  fault %d/%d: %s for %.1f s", n, schedule.faults(), detail,
            p.millis() / 1000.0));
        Thread.sleep(p.millis());
        long h = System.nanoTime();
        if (!heal(nemesis, problems, "after fault " + n)) return false;
        recorder.fault(FaultAction.STOP, nemesis.fault(), null);
        say(String.format(Locale.ROOT, "  healed in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - h)));
      }
    } finally {
      boolean ok = heal(nemesis, problems, "at the final heal");
      if (!ok) return false;
      recorder.fault(FaultAction.HEAL, null, "final heal");
    }
    return true;
  }

  private static boolean heal(Nemesis nemesis, List<String> problems, String when) {
    Exception last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        nemesis.heal();
        return true;
      } catch (Exception e) {
        last = e;
      }
    }
    problems.add("the target could not be brought back " + when + " (" + nemesis.fault() + "): " + last.getMessage());
    return false;
  }

  /** Milliseconds until the stream answers 2xx, or -1 after {@code budgetMillis}. */
  private static long awaitAnswer(RawHttp http, String stream, long budgetMillis) {
    long start = System.nanoTime();
    long until = start + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    RawHttp probe = http.withConnectTimeout(Duration.ofSeconds(1)).withReadTimeout(Duration.ofSeconds(2));
    while (System.nanoTime() - until < 0) {
      try {
        int status = probe.send(RawRequest.builder("HEAD", stream).header("Connection", "close").build()).status();
        if (status / 100 == 2) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      } catch (RawHttpException e) {
        // not yet
      }
      Workload.pause(100);
    }
    return -1;
  }

  /** A catch-up read of each stream from the beginning, retried for up to 15 s in all. */
  private void finalReads(Workload workload, RawHttp http, List<String> problems) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    RawHttp reader = http.withConnectTimeout(Duration.ofSeconds(1)).withReadTimeout(Duration.ofSeconds(5));
    for (String stream : workload.streams()) {
      boolean ok = false;
      while (!ok && System.nanoTime() - until < 0) {
        ok = workload.read("final", OperationKind.READ_CATCHUP, stream, Offset.BEGINNING, reader) != null;
        if (!ok) Workload.pause(200);
      }
      if (!ok) problems.add("the final read of " + stream + " did not succeed within 15 s; lost writes cannot be judged");
    }
  }

  private void say(String line) {
    if (progress == null) return;
    synchronized (progress) {
      progress.println(line);
      progress.flush();
    }
  }

  /** The timeline written to {@code timeline.json}: per-second rates and the fault windows, times in seconds. */
  public record Timeline(String scenario, long seed, double windowSeconds, List<Point> points, List<Fault> faults) {

    /** One window: its start, all completions, ok completions and failed or unknown ones, per second. */
    public record Point(double t, double opsPerSecond, double okPerSecond, double errorsPerSecond) {}

    /** One fault window; {@code to} is null when it was never undone. */
    public record Fault(String fault, double from, Double to, String detail) {}

    static Timeline of(String scenario, long seed, History history, AvailabilityReport availability) {
      double width = availability.windowNanos() / 1e9;
      List<Point> points = new ArrayList<>();
      for (TimeWindow w : availability.windows()) {
        points.add(new Point(w.startNanos() / 1e9, w.opsPerSecond(), w.okPerSecond(), (w.fail() + w.info()) / width));
      }
      List<Fault> faults = new ArrayList<>();
      for (FaultWindow f : history.faultWindows()) {
        faults.add(new Fault(f.fault(), f.startNanos() / 1e9, f.stopNanos() == null ? null : f.stopNanos() / 1e9,
            f.detail()));
      }
      return new Timeline(scenario, seed, width, points, faults);
    }
  }
}
