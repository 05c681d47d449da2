package io.streamcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcert.conformance.official.OfficialNodeServer;
import io.streamcert.scenarios.driver.Driver;
import io.streamcert.scenarios.driver.RateSweep;
import io.streamcert.scenarios.driver.RunResult;
import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the reference server (memory, and file with fsync always) against the official Node
 * server (memory, and file) and a no-op endpoint on the reference HTTP stack, on this machine with
 * the load generated on it, and writes {@code docs/performance.md}: the maximum sustainable rate of
 * 100-byte appends at p99 within 10 ms, end-to-end latency at half that rate, catch-up MB/s,
 * resident memory with 10,000 streams and with 1,000 SSE readers, and the four targets
 * each met or missed with its margin and what limits it.
 *
 * <p>One command regenerates it: {@code ./streamcert load --report docs/performance.md} (about 8
 * minutes, at most 12). Every run's files stay in the run folder ({@code --out}).
 */
final class PerformanceReport {

  static final String SCHEMA = "streamcert.performance-report/1";
  static final String COMMAND = "./streamcert load --report docs/performance.md";
  static final long OBJECTIVE_P99_MS = 10;

  /**
   * The fixed plan.
   *
   * @param window measured window of every run
   * @param warmup warm-up of every run
   * @param sweepStart first rate of each sweep
   * @param sweepSteps most runs per sweep
   * @param readers long-poll readers of the end-to-end run
   * @param catchUpBytes size of the stream each catch-up reader reads
   * @param streams streams created for the resident-memory figure
   * @param sseReaders SSE readers connected for the resident-memory figure
   */
  record Plan(Duration window, Duration warmup, long sweepStart, int sweepSteps, int readers, long catchUpBytes, int streams,
      int sseReaders) {

    static Plan standard() {
      return new Plan(Duration.ofSeconds(4), Duration.ofSeconds(1), 1000, 8, 10, 32L << 20, 10_000, 1_000);
    }

    Plan withTiming(Duration w, Duration wu) {
      return new Plan(w == null ? window : w, wu == null ? warmup : wu, sweepStart, sweepSteps, readers, catchUpBytes, streams,
          sseReaders);
    }
  }

  /** One point of a sweep's curve. */
  record CurvePoint(long requestedRate, double achievedRate, double p50Ms, double p99Ms, double p999Ms, boolean met, String reason) {}

  /**
   * What was measured on one target; -1 (or null) where a figure was not measured or failed.
   *
   * @param serverMicrosPerAppend server CPU per append over the sweep (-1 when unknown)
   * @param driverMicrosPerAppend the driver's CPU per append at the highest sustained rate
   * @param limitReason why the first rate above the maximum missed the objective
   */
  record Figures(String key, String label, long maxRate, List<CurvePoint> curve, double p50AtMaxMs, double p99AtMaxMs,
      double serverMicrosPerAppend, double driverMicrosPerAppend, String limitReason, long e2eRate, double e2eP50Ms, double e2eP99Ms,
      double e2eP999Ms, long e2eDeliveries, long e2eErrors, double catchUpMBps, long rssIdleKb, long rssStreamsKb,
      long rssStreamsAfterGcKb, long rssSseKb, List<String> problems) {}

  /** The whole report's data. */
  record Data(String schema, String generatedAt, Map<String, Object> machine, Plan plan, List<Figures> targets, long groupCommitRate,
      String groupCommitLimit, List<String> notes) {}

  private PerformanceReport() {}

  static int run(Path reportFile, Path runDir, Duration window, Duration warmup, PrintWriter out, PrintWriter err, String command) {
    Plan plan = Plan.standard().withTiming(window, warmup);
    Instant started = Instant.now();
    Driver driver = Driver.builder().build();
    List<Figures> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long groupCommit = -1;
    String groupCommitLimit = "";
    for (String key : List.of("ref-memory", "node-memory", "ref-file", "node-file", "no-op")) {
      Path dir = runDir.resolve(key);
      out.println("== " + key + " (" + elapsed(started) + ")");
      out.flush();
      BenchTargets.Server server;
      try {
        server = BenchTargets.start(key, dir.resolve("server"));
      } catch (IOException | RuntimeException e) {
        out.println("  cannot start " + key + ": " + e.getMessage());
        notes.add(key + " could not be started: " + e.getMessage());
        figures.add(new Figures(key, key, -1, List.of(), -1, -1, -1, -1, "", -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
            List.of("could not start: " + e.getMessage())));
        continue;
      }
      try {
        figures.add(measure(driver, server, plan, key.equals("no-op"), dir, out));
        if (key.equals("ref-file")) {
          out.println("  group commit: 64 concurrent writers (" + elapsed(started) + ")");
          out.flush();
          Workload w64 = Workloads.builtIn("append-100b-1000-streams").toBuilder().streams(64).maxInFlight(64)
              .duration(plan.window()).warmup(plan.warmup()).rate(plan.sweepStart()).build();
          try {
            RateSweep.Result r = RateSweep.run(driver, server.streams(), w64, sweepPlan(plan), dir.resolve("sweep-64-writers"));
            groupCommit = r.maxSustainableRate();
            groupCommitLimit = firstMiss(r);
            out.println("  64 writers: max sustainable " + groupCommit + "/s");
          } catch (IOException | RuntimeException e) {
            notes.add("the 64-writer sweep on ref-file failed: " + e.getMessage());
          }
        }
      } finally {
        server.close();
      }
    }
    Map<String, Object> machine = machine();
    figures.stream().filter(f -> f.key().equals("no-op") && f.maxRate() == 0).findFirst().ifPresent(f -> notes.add(
        "even the no-op endpoint sustained no rate at p99 <= " + OBJECTIVE_P99_MS + " ms (at " + f.curve().get(0).requestedRate() + "/s its p99 was "
            + String.format(Locale.ROOT, "%.1f", f.curve().get(0).p99Ms()) + " ms): on this machine at this time the tail is the machine's"
            + " (other processes, the driver's own scheduling), so the rates below say little about the servers; regenerate at a quiet"
            + " moment"));
    notes.add("measured in " + elapsed(started) + " with the load generator on the same machine; each target ran alone, one after"
        + " the other");
    Data data = new Data(SCHEMA, started.truncatedTo(ChronoUnit.SECONDS).toString(), machine, plan, figures, groupCommit,
        groupCommitLimit, notes);
    try {
      Path parent = reportFile.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(reportFile, markdown(data), StandardCharsets.UTF_8);
      Files.createDirectories(runDir);
      json().writeValue(runDir.resolve("report.json").toFile(), data);
    } catch (IOException e) {
      err.println(command + ": cannot write the report: " + e.getMessage());
      return 2;
    }
    out.println();
    for (Target t : targets(data)) out.println((t.met() ? "met    " : "MISSED ") + t.name() + ": " + t.detail());
    out.println("wrote " + reportFile + " and " + runDir.resolve("report.json") + " (" + elapsed(started) + ")");
    out.flush();
    return figures.stream().anyMatch(f -> f.maxRate() < 0) ? 2 : 0;
  }

  /** JSON for report.json: durations as text like {@code 4s}. */
  static ObjectMapper json() {
    com.fasterxml.jackson.databind.module.SimpleModule durations = new com.fasterxml.jackson.databind.module.SimpleModule();
    durations.addSerializer(Duration.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase(Duration.class) {
      @Override
      public String valueToString(Object value) {
        return DurationText.format((Duration) value);
      }
    });
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).registerModule(durations);
  }

  private static RateSweep.Plan sweepPlan(Plan plan) {
    return RateSweep.Plan.startingAt(plan.sweepStart())
        .withObjective(RateSweep.Objective.of(Duration.ofMillis(OBJECTIVE_P99_MS), 0.95, 0.001))
        .withMaxSteps(plan.sweepSteps()).withPrecision(0.1).withPause(Duration.ofSeconds(1));
  }

  /** Every figure of one target, each part on its own so that one failure leaves the others. */
  static Figures measure(Driver driver, BenchTargets.Server server, Plan plan, boolean sweepOnly, Path dir, PrintWriter out) {
    List<String> problems = new ArrayList<>();
    long pid = server.pid();
    long rssIdle = BenchTargets.residentKb(pid);
    long rssStreams = -1;
    long rssStreamsGc = -1;
    long rssSse = -1;
    if (!sweepOnly) {
      try {
        long created = 0;
        long errors = 0;
        long rate = 2000;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int part = 0;
        // Open-loop creation at 2000/s; a target that creates more slowly (a durable store syncing each
        // create) gets further runs at about the rate it achieved, until all exist or 60 s are spent.
        while (created < plan.streams() && System.nanoTime() < deadline) {
          long left = plan.streams() - created;
          long seconds = Math.max(1, Math.min(20, (left + rate - 1) / rate));
          Workload creates = Workloads.builtIn("create-storm").toBuilder().rate(Math.min(rate, left))
              .duration(Duration.ofSeconds(seconds)).warmup(Duration.ZERO).build();
          if (creates.rate() * seconds > left) {
            creates = creates.toBuilder().duration(Duration.ofMillis(Math.max(1, left * 1000 / creates.rate()))).build();
          }
          RunResult r = driver.execute(server.streams(), creates, dir.resolve("streams").resolve(String.format(Locale.ROOT, "%02d", ++part)));
          created += r.ok();
          errors += r.errors();
          rate = Math.max(20, Math.min(2000, (long) (r.achievedRate() * 0.9)));
        }
        rssStreams = BenchTargets.residentKb(pid);
        rssStreamsGc = BenchTargets.residentAfterGcKb(pid);
        out.printf(Locale.ROOT, "  %d streams created (%d failed creations retried): resident %s, %s after a full GC (idle %s)%n", created,
            errors, BenchTargets.megabytes(rssStreams), BenchTargets.megabytes(rssStreamsGc), BenchTargets.megabytes(rssIdle));
        if (created < plan.streams()) {
          problems.add("only " + created + " of " + plan.streams() + " streams could be created within 60 s; the resident memory"
              + " figure is for " + created + " streams");
        }
      } catch (IOException | RuntimeException e) {
        problems.add("creating " + plan.streams() + " streams failed: " + e.getMessage());
      }
      try {
        Workload sse = Workloads.builtIn("fanout-sse").toBuilder().readers(plan.sseReaders()).rate(10)
            .duration(Duration.ofSeconds(3)).warmup(Duration.ZERO).build();
        AtomicLong peak = new AtomicLong(-1);
        Thread sampler = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(BenchTargets.residentKb(pid), Math::max);
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        RunResult r;
        try {
          r = driver.execute(server.streams(), sse, dir.resolve("sse-readers"));
        } finally {
          sampler.interrupt();
        }
        rssSse = peak.get();
        out.printf(Locale.ROOT, "  %d SSE readers: resident %s at most (%d deliveries, %d errors)%n", plan.sseReaders(),
            BenchTargets.megabytes(rssSse), r.primary().ok(), r.primary().errors());
        if (r.primary().errors() > 0) problems.add("with " + plan.sseReaders() + " SSE readers, " + r.primary().errors() + " deliveries failed");
      } catch (IOException | RuntimeException e) {
        problems.add(plan.sseReaders() + " SSE readers failed: " + e.getMessage());
      }
    }

    Workload append = Workloads.builtIn("append-100b-1-stream").toBuilder().rate(plan.sweepStart())
        .duration(plan.window()).warmup(plan.warmup()).build();
    long maxRate = -1;
    List<CurvePoint> curve = new ArrayList<>();
    double p50 = -1;
    double p99 = -1;
    double serverMicros = -1;
    double driverMicros = -1;
    String limit = "";
    try {
      RateSweep.Result r = RateSweep.run(driver, server.streams(), append, sweepPlan(plan), dir.resolve("sweep"));
      maxRate = r.maxSustainableRate();
      for (RateSweep.Point p : r.curve()) {
        curve.add(new CurvePoint(p.requestedRate(), p.achievedRate(), p.p50() / 1e6, p.p99() / 1e6, p.p999() / 1e6, p.pass(), p.reason()));
        if (p.requestedRate() == maxRate) {
          p50 = p.p50() / 1e6;
          p99 = p.p99() / 1e6;
        }
      }
      if (maxRate > 0) {
        // One more run at the maximum, to charge the server's and the driver's CPU to the appends at that rate.
        long cpu0 = BenchTargets.cpuNanos(pid);
        RunResult atMax = driver.execute(server.streams(), append.withRate(maxRate), dir.resolve("at-max"));
        long cpu1 = BenchTargets.cpuNanos(pid);
        long ops = Math.round(maxRate * (plan.window().toMillis() + plan.warmup().toMillis()) / 1000.0);
        if (cpu0 >= 0 && cpu1 >= cpu0 && ops > 0) serverMicros = (cpu1 - cpu0) / 1e3 / ops;
        if (atMax.environment().get("processCpuMicrosPerOperation") instanceof Number n) driverMicros = n.doubleValue();
      }
      limit = firstMiss(r);
      out.printf(Locale.ROOT, "  100-byte appends: max sustainable %d/s at p99 <= %d ms (server %.1f us/append)%n", maxRate,
          OBJECTIVE_P99_MS, serverMicros);
    } catch (IOException | RuntimeException e) {
      problems.add("the append sweep failed: " + e.getMessage());
    }

    long e2eRate = -1;
    double e2e50 = -1;
    double e2e99 = -1;
    double e2e999 = -1;
    long deliveries = -1;
    long e2eErrors = -1;
    double catchUp = -1;
    if (!sweepOnly) {
      try {
        e2eRate = Math.max(1, maxRate > 0 ? maxRate / 2 : plan.sweepStart() / 2);
        Workload fanout = Workloads.builtIn("fanout-long-poll").toBuilder().rate(e2eRate).readers(plan.readers())
            .duration(plan.window()).warmup(plan.warmup()).build();
        RunResult r = driver.execute(server.streams(), fanout, dir.resolve("end-to-end"));
        RunResult.Metric d = r.primary();
        deliveries = d.ok();
        e2eErrors = d.errors() + r.errors();
        if (d.ok() > 0) {
          e2e50 = d.latency().p50() / 1e6;
          e2e99 = d.latency().p99() / 1e6;
          e2e999 = d.latency().p999() / 1e6;
        } else {
          problems.add("end-to-end: no append reached a reader at " + e2eRate + "/s (" + r.ok() + " appends ok, " + r.errors()
              + " failed: " + String.join(", ", r.primary().errorKinds().keySet()) + r.metrics().values().iterator().next().errorKinds().keySet() + ")");
        }
        out.printf(Locale.ROOT, "  end-to-end at %d/s to %d long-poll readers: p50 %.3f ms p99 %.3f ms p99.9 %.3f ms%n", e2eRate,
            plan.readers(), e2e50, e2e99, e2e999);
      } catch (IOException | RuntimeException e) {
        problems.add("the end-to-end run failed: " + e.getMessage());
      }
      try {
        Workload cu = Workloads.builtIn("catch-up-storm").toBuilder().rate(1).streamBytes(plan.catchUpBytes())
            .duration(plan.window()).warmup(Duration.ZERO).build();
        RunResult r = driver.execute(server.streams(), cu, dir.resolve("catch-up"));
        // Each reader's own speed: the stream's size over its median time to catch up (the run's
        // bytes per second would only say how fast readers arrive).
        long median = r.primary().latency().p50();
        catchUp = median <= 0 ? -1 : (plan.catchUpBytes() / 1048576.0) / (median / 1e9);
        out.printf(Locale.ROOT, "  catch-up: %.1f MB/s per reader (%d readers, median %s, %d errors)%n", catchUp, r.ok(),
            LoadReport.ms(median), r.errors());
        if (r.errors() > 0) problems.add(r.errors() + " catch-up readers failed");
      } catch (IOException | RuntimeException e) {
        problems.add("the catch-up run failed: " + e.getMessage());
      }
    }
    out.flush();
    return new Figures(server.key(), server.label(), maxRate, curve, p50, p99, serverMicros, driverMicros, limit, e2eRate, e2e50, e2e99,
        e2e999, deliveries, e2eErrors, catchUp, rssIdle, rssStreams, rssStreamsGc, rssSse, problems);
  }

  /** Why the lowest rate above the maximum missed, like {@code 16000/s: p99 23.1ms > 10.0ms}. */
  static String firstMiss(RateSweep.Result r) {
    for (RateSweep.Point p : r.curve()) {
      if (!p.pass() && p.requestedRate() > r.maxSustainableRate()) return p.requestedRate() + "/s: " + p.reason();
    }
    return r.notes().isEmpty() ? "" : r.notes().get(0);
  }

  /** One of the targets for the reference server. */
  record Target(String name, boolean known, boolean met, String detail) {}

  static List<Target> targets(Data d) {
    Figures refMem = find(d, "ref-memory");
    Figures nodeMem = find(d, "node-memory");
    Figures noOp = find(d, "no-op");
    List<Target> out = new ArrayList<>();
    out.add(ratioTarget("appends/s at least 3x the Node reference (memory)", refMem, nodeMem, 3.0, refMem == null ? -1 : refMem.maxRate(),
        nodeMem == null ? -1 : nodeMem.maxRate(), "reference memory", "Node memory"));
    out.add(ratioTarget("with fsync always and 64 concurrent writers, at least half the memory figure (group commit)", refMem, refMem, 0.5,
        d.groupCommitRate(), refMem == null ? -1 : refMem.maxRate(), "reference file, 64 writers", "reference memory"));
    if (refMem == null || refMem.e2eP99Ms() < 0) {
      out.add(new Target("end-to-end p99 append-to-long-poll at most 5 ms at half load", false, false, "not measured"));
    } else {
      double v = refMem.e2eP99Ms();
      boolean met = v <= 5.0;
      out.add(new Target("end-to-end p99 append-to-long-poll at most 5 ms at half load", true, met, String.format(Locale.ROOT,
          "p99 %.3f ms at %d appends/s to %d readers: %s", v, refMem.e2eRate(), d.plan().readers(),
          met ? String.format(Locale.ROOT, "%.0f%% below the limit", (5.0 - v) / 5.0 * 100)
              : String.format(Locale.ROOT, "missed by %.3f ms (%.0f%% over)", v - 5.0, (v - 5.0) / 5.0 * 100))));
    }
    out.add(ratioTarget("append throughput at least 60% of a no-op endpoint on the same HTTP stack", refMem, noOp, 0.6,
        refMem == null ? -1 : refMem.maxRate(), noOp == null ? -1 : noOp.maxRate(), "reference memory", "no-op"));
    return out;
  }

  private static Target ratioTarget(String name, Figures a, Figures b, double want, long va, long vb, String la, String lb) {
    if (a == null || b == null || va < 0 || vb <= 0) {
      String why = vb == 0 ? lb + " sustained no rate under the objective, so there is no ratio" : "a figure is missing";
      return new Target(name, false, false, "not measured: " + why + " (" + la + " " + va + "/s, " + lb + " " + vb + "/s)");
    }
    double ratio = (double) va / vb;
    boolean met = ratio >= want;
    String margin = met
        ? String.format(Locale.ROOT, "%.0f%% above the target", (ratio / want - 1) * 100)
        : String.format(Locale.ROOT, "missed by %.0f%%: %s would need %d/s", (1 - ratio / want) * 100, la, (long) Math.ceil(want * vb));
    return new Target(name, true, met, String.format(Locale.ROOT, "%s %d/s vs %s %d/s = %.2fx (target %.1fx); %s", la, va, lb, vb,
        ratio, want, margin));
  }

  private static Figures find(Data d, String key) {
    return d.targets().stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
  }

  /** What most plausibly limits a target's rate, from its CPU figures and the sweep's first miss. */
  static String limits(Figures f, int cores) {
    if (f.maxRate() == 0 && !f.curve().isEmpty()) {
      CurvePoint lowest = f.curve().get(0);
      return String.format(Locale.ROOT, "no rate met the objective: even at %d/s p99 was %.1f ms (p50 %.1f ms), so the tail comes from"
          + " the server's own stalls (fsync, GC) or the machine, not from load", lowest.requestedRate(), lowest.p99Ms(), lowest.p50Ms());
    }
    if (f.maxRate() <= 0) return f.limitReason().isEmpty() ? "not measured" : f.limitReason();
    StringBuilder sb = new StringBuilder();
    if (f.serverMicrosPerAppend() > 0 && f.driverMicrosPerAppend() > 0) {
      double perAppend = f.serverMicrosPerAppend() + f.driverMicrosPerAppend();
      double ceiling = cores * 1e6 / perAppend;
      double share = f.maxRate() / ceiling;
      sb.append(String.format(Locale.ROOT, "server %.0f µs + driver %.0f µs of CPU per append; %d cores allow ~%.0f/s, %.0f%% used",
          f.serverMicrosPerAppend(), f.driverMicrosPerAppend(), cores, ceiling, share * 100));
      sb.append(share >= 0.6 ? " (CPU-bound: server and load generator share the cores)" : " (not CPU-bound: latency gave out first)");
    }
    if (!f.limitReason().isEmpty()) sb.append(sb.length() > 0 ? "; " : "").append("first miss ").append(f.limitReason());
    return sb.toString();
  }

  static String markdown(Data d) {
    int cores = ((Number) d.machine().getOrDefault("cpus", 2)).intValue();
    StringBuilder md = new StringBuilder();
    md.append("# Performance: the reference server beside the official Node server\n\n");
    md.append("Generated by `").append(COMMAND).append("` on ").append(d.generatedAt()).append(" (one run, one machine; do not edit by")
        .append(" hand). Machine: ").append(d.machine().get("cpus")).append(" cores, ").append(d.machine().get("os")).append(", Java ")
        .append(d.machine().get("java")).append(", Node ").append(d.machine().get("node")).append(", load average ")
        .append(d.machine().get("loadAverage")).append(" at the end. The load generator (the open-loop driver: latency from each")
        .append(" request's intended send time, coordinated omission corrected) runs on the same machine, so every figure here")
        .append(" shares the cores with it.\n\n");
    md.append("Targets, each launched as its own process on a free loopback port:\n\n");
    for (Figures f : d.targets()) md.append("- `").append(f.key()).append("`: ").append(f.label()).append('\n');
    md.append('\n');

    md.append("## Targets of issue #6\n\n");
    md.append("| Target | Result | Detail |\n|---|---|---|\n");
    for (Target t : targets(d)) {
      md.append("| ").append(t.name()).append(" | ").append(!t.known() ? "not measured" : t.met() ? "**met**" : "**missed**").append(" | ")
          .append(cell(t.detail())).append(" |\n");
    }
    md.append('\n');
    Figures refMem = find(d, "ref-memory");
    Figures refFile = find(d, "ref-file");
    md.append("What limits them:\n\n");
    if (refMem != null) md.append("- reference memory: ").append(limits(refMem, cores)).append('\n');
    if (refFile != null) md.append("- reference file (fsync always, one stream, up to 256 appends in flight): ").append(limits(refFile, cores))
        .append('\n');
    if (d.groupCommitRate() >= 0) md.append("- reference file, 64 writers: ").append(d.groupCommitRate()).append("/s; first miss ")
        .append(d.groupCommitLimit()).append('\n');
    Figures noOp = find(d, "no-op");
    if (noOp != null) md.append("- no-op endpoint: ").append(limits(noOp, cores)).append('\n');
    md.append('\n');

    md.append("## 100-byte appends: maximum sustainable rate at p99 ≤ ").append(OBJECTIVE_P99_MS).append(" ms\n\n");
    md.append("A rate is sustained when its p99 is at most ").append(OBJECTIVE_P99_MS).append(" ms, at least 95% of it is achieved and")
        .append(" fewer than 0.1% of appends fail; the sweep starts at ").append(d.plan().sweepStart()).append("/s, doubles while it holds, then")
        .append(" bisects to 10% (at most ").append(d.plan().sweepSteps()).append(" rates, runs of ").append(DurationText.format(d.plan().window()))
        .append(" after ").append(DurationText.format(d.plan().warmup())).append(" of warm-up); a missed rate runs once more before the miss")
        .append(" counts. One stream, up to 256 appends in flight.\n\n");
    md.append("| Target | Max sustainable rate | p50 at it | p99 at it | Server CPU per append | What limits it |\n|---|---:|---:|---:|---:|---|\n");
    for (Figures f : d.targets()) {
      md.append("| ").append(f.key()).append(" | ").append(f.maxRate() < 0 ? "n/a" : f.maxRate() + "/s").append(" | ").append(ms(f.p50AtMaxMs()))
          .append(" | ").append(ms(f.p99AtMaxMs())).append(" | ")
          .append(f.serverMicrosPerAppend() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f µs", f.serverMicrosPerAppend())).append(" | ")
          .append(cell(limits(f, cores))).append(" |\n");
    }
    md.append('\n');
    Figures nodeMem = find(d, "node-memory");
    Figures nodeFile = find(d, "node-file");
    md.append("Side by side: reference memory / Node memory = ").append(ratio(refMem, nodeMem)).append("; reference file / Node file = ")
        .append(ratio(refFile, nodeFile)).append(".\n\n");

    md.append("## End-to-end latency at half the maximum rate\n\n");
    md.append("One writer appends 100-byte stamped messages at half the target's maximum sustainable rate (half the sweep's first rate, ")
        .append(d.plan().sweepStart() / 2).append("/s, when no rate was sustained); ").append(d.plan().readers())
        .append(" long-poll readers on the same stream decode each message's stamp; latency runs from the append's intended send time to")
        .append(" its delivery to a reader.\n\n");
    md.append("| Target | Rate | Deliveries | p50 | p99 | p99.9 | Errors |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Figures f : d.targets()) {
      if (f.key().equals("no-op")) continue;
      md.append("| ").append(f.key()).append(" | ").append(f.e2eRate() < 0 ? "n/a" : f.e2eRate() + "/s").append(" | ")
          .append(f.e2eDeliveries() < 0 ? "n/a" : f.e2eDeliveries()).append(" | ").append(ms(f.e2eP50Ms())).append(" | ")
          .append(ms(f.e2eP99Ms())).append(" | ").append(ms(f.e2eP999Ms())).append(" | ").append(f.e2eErrors() < 0 ? "n/a" : f.e2eErrors())
          .append(" |\n");
    }
    md.append('\n');

    md.append("## Catch-up and resident memory\n\n");
    md.append("Catch-up: a reader arrives each second and reads a ").append(d.plan().catchUpBytes() >> 20).append(" MB stream from offset -1")
        .append(" to its tail, page after page; the figure is the stream's size over a reader's median time to catch up. Resident memory is VmRSS of the server process and its children (/proc/PID/status): idle after start,")
        .append(" after ").append(String.format(Locale.ROOT, "%,d", d.plan().streams())).append(" streams were created, and the peak while ")
        .append(String.format(Locale.ROOT, "%,d", d.plan().sseReaders())).append(" SSE readers followed one stream. A JVM grows its heap")
        .append(" for garbage as well as for live data, so for the JVM servers the streams figure is also given after a full GC")
        .append(" (`jcmd PID GC.run`; G1 then returns unused heap): that one is what the streams hold.\n\n");
    md.append("| Target | Catch-up | RSS idle | RSS with ").append(String.format(Locale.ROOT, "%,d", d.plan().streams()))
        .append(" streams | the same after a full GC | RSS with ").append(String.format(Locale.ROOT, "%,d", d.plan().sseReaders()))
        .append(" SSE readers |\n|---|---:|---:|---:|---:|---:|\n");
    for (Figures f : d.targets()) {
      if (f.key().equals("no-op")) continue;
      md.append("| ").append(f.key()).append(" | ").append(f.catchUpMBps() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB/s", f.catchUpMBps()))
          .append(" | ").append(BenchTargets.megabytes(f.rssIdleKb())).append(" | ").append(BenchTargets.megabytes(f.rssStreamsKb()))
          .append(" | ").append(BenchTargets.megabytes(f.rssStreamsAfterGcKb())).append(" | ").append(BenchTargets.megabytes(f.rssSseKb()))
          .append(" |\n");
    }
    md.append('\n');

    md.append("## Latency against throughput\n\n");
    md.append("Each sweep's runs, by requested rate (p50 / p99 / p99.9 in ms).\n\n");
    for (Figures f : d.targets()) {
      if (f.curve().isEmpty()) continue;
      md.append("**").append(f.key()).append("**: ");
      List<String> parts = new ArrayList<>();
      for (CurvePoint p : f.curve()) {
        parts.add(String.format(Locale.ROOT, "%d/s → %.1f/s, %.2f / %.2f / %.2f %s", p.requestedRate(), p.achievedRate(), p.p50Ms(), p.p99Ms(),
            p.p999Ms(), p.met() ? "met" : "missed"));
      }
      md.append(String.join("; ", parts)).append("\n\n");
    }
    List<String> problems = new ArrayList<>();
    for (Figures f : d.targets()) for (String p : f.problems()) problems.add(f.key() + ": " + p);
    md.append("## Notes\n\n");
    for (String n : d.notes()) md.append("- ").append(n).append('\n');
    for (String p : problems) md.append("- ").append(p).append('\n');
    md.append("- Every run's files (result.json with the encoded histograms, .hgrm percentile files, sweep.json, curve.csv) are in the run")
        .append(" folder under `streamcert-out/` (or `--out`), with report.json holding the figures above.\n");
    md.append("- Regenerate at a quiet moment: other processes on the machine show up in every tail. `").append(COMMAND)
        .append("` takes about 8 minutes (at most 12).\n");
    return md.toString();
  }

  private static String ratio(Figures a, Figures b) {
    if (a == null || b == null || a.maxRate() <= 0 || b.maxRate() <= 0) return "n/a";
    return String.format(Locale.ROOT, "%.2fx (%d/s vs %d/s)", (double) a.maxRate() / b.maxRate(), a.maxRate(), b.maxRate());
  }

  private static String ms(double v) {
    return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f ms", v);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String elapsed(Instant since) {
    long s = Duration.between(since, Instant.now()).toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.version"));
    String node = "n/a";
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() == 0) node = v;
    } catch (IOException e) {
      // stays n/a
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    m.put("node", node + " (server " + OfficialNodeServer.VERSION + ")");
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    m.put("loadAverage", String.format(Locale.ROOT, "%.1f", load));
    return m;
  }
}
