package io.streamcert.cli;

import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import io.streamcert.fixtures.TargetLaunchException;
import io.streamcert.gatling.GatlingLoad;
import io.streamcert.gatling.GatlingResult;
import io.streamcert.scenarios.driver.Driver;
import io.streamcert.scenarios.driver.RateSweep;
import io.streamcert.scenarios.driver.RunResult;
import io.streamcert.scenarios.driver.SelfCheck;
import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a load workload against a server with the open-loop measuring driver (or Gatling) and
 * reports its throughput, latency spectrum and per-second series. Exit 0 when the run met its
 * objective (p99, achieved rate, errors), 1 when it missed it, 2 for usage and environment errors.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
      "Runs a load workload (open loop, constant rate) against a server and reports throughput and latency.",
      "Without --target it launches the reference server (--reference-storage, default memory) as its own process."
    })
final class LoadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--target", paramLabel = "URL",
      description = "A running server: its origin (http://127.0.0.1:4437) or its stream base URL.")
  String targetUrl;

  @Option(names = "--reference-storage", paramLabel = "KIND",
      description = "Without --target: storage of the launched reference server, memory or file (fsync always). Default: memory.")
  String referenceStorage;

  @Option(names = "--workload", paramLabel = "NAME|FILE", defaultValue = "append-100b-1-stream",
      description = "A built-in workload (${COMPLETION-CANDIDATES}) or a workload YAML file. Default: ${DEFAULT-VALUE}.",
      completionCandidates = BuiltInWorkloads.class)
  String workloadName;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "driver",
      description = "driver (the open-loop measuring driver) or gatling. Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--rate", paramLabel = "N", description = "Operations per second. Default: the workload's.")
  Long rate;

  @Option(names = "--duration", paramLabel = "DURATION", description = "The measured window, like 30s. Default: the workload's.")
  String duration;

  @Option(names = "--warmup", paramLabel = "DURATION", description = "Unmeasured warm-up at the same rate. Default: the workload's.")
  String warmup;

  @Option(names = "--max-in-flight", paramLabel = "N", description = "Most operations at once. Default: the workload's.")
  Integer maxInFlight;

  @Option(names = "--p99", paramLabel = "DURATION", defaultValue = "10ms",
      description = "The objective: p99 at most this (with >= 95% of the rate achieved and < 0.1% errors). Default: ${DEFAULT-VALUE}.")
  String p99;

  @Option(names = "--sweep", description = "Find the max sustainable rate under the objective (doubling, then bisecting).")
  boolean sweep;

  @Option(names = "--max-rate", paramLabel = "N", description = "With --sweep: the highest rate tried.")
  Long maxRate;

  @Option(names = "--max-steps", paramLabel = "N", description = "With --sweep: the most runs. Default: 16.")
  Integer maxSteps;

  @Option(names = "--self-check", description = "Also run the workload against a no-op endpoint to tell whether the driver is the bottleneck.")
  boolean selfCheck;

  @Option(names = "--compare", paramLabel = "A,B", arity = "0..1", fallbackValue = "ref-memory,node-memory",
      description = {"Run the workload against two targets in alternating rounds (A, B, A, B) and report ratios.",
          "Targets: ref-memory, ref-file (fsync always), node-memory, node-file (official Node server 0.3.7), no-op,"
              + " or an http:// URL. Default: ref-memory,node-memory."})
  String compare;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "2", description = "With --compare: rounds per target. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Measure the reference server against the official Node server (memory and file) and write the"
          + " performance report (docs/performance.md) to FILE; about 10 minutes.")
  Path report;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder. Default: streamcert-out/<time>-load-<workload>.")
  Path outDir;

  static final class BuiltInWorkloads extends ArrayList<String> {
    BuiltInWorkloads() {
      super(Workloads.BUILT_IN);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = new ArrayList<>();
    String eng = engine.trim().toLowerCase(Locale.ROOT);
    if (!eng.equals("driver") && !eng.equals("gatling")) {
      problems.add("--engine was '" + engine + "' but must be driver or gatling");
    }
    if (targetUrl != null && referenceStorage != null) {
      problems.add("--target and --reference-storage exclude each other; pick one");
    }
    String storage = referenceStorage == null ? "memory" : referenceStorage.trim().toLowerCase(Locale.ROOT);
    if (!storage.equals("memory") && !storage.equals("file")) {
      problems.add("--reference-storage was '" + referenceStorage + "' but must be memory or file");
    }
    Duration window = DurationText.positiveOption(problems, "--duration", duration, null);
    Duration warm = DurationText.nonNegativeOption(problems, "--warmup", warmup, null);
    Duration objectiveP99 = DurationText.positiveOption(problems, "--p99", p99, null);
    if (rate != null && rate < 1) problems.add("--rate was " + rate + " but must be at least 1");
    if (maxInFlight != null && maxInFlight < 1) problems.add("--max-in-flight was " + maxInFlight + " but must be at least 1");
    if (!sweep && (maxRate != null || maxSteps != null)) problems.add("--max-rate and --max-steps need --sweep");
    List<String> compared = List.of();
    if (compare != null) {
      compared = List.of(compare.split(",")).stream().map(String::trim).toList();
      if (compared.size() != 2) problems.add("--compare was '" + compare + "' but must name two targets, like ref-memory,node-memory");
      for (String c : compared) {
        String why = BenchTargets.problem(c);
        if (why != null) problems.add("--compare: " + why);
      }
      if (targetUrl != null || referenceStorage != null) problems.add("--compare names its targets; drop --target and --reference-storage");
      if (rounds < 1 || rounds > 20) problems.add("--rounds was " + rounds + " but must be between 1 and 20");
    }
    if (report != null && (compare != null || targetUrl != null || referenceStorage != null || sweep)) {
      problems.add("--report runs its own fixed plan on its own targets; drop --compare, --target, --reference-storage and --sweep");
    }
    if (report != null && eng.equals("gatling")) problems.add("--report measures with the driver; drop --engine gatling");
    if (eng.equals("gatling") && (sweep || selfCheck)) {
      problems.add("--sweep and --self-check need --engine driver; Gatling runs one fixed rate");
    }
    if (eng.equals("gatling") && objectiveP99 != null && objectiveP99.toMillis() < 1) {
      problems.add("--p99 was '" + p99 + "' but Gatling measures whole milliseconds; give at least 1ms or use --engine driver");
    }
    URI target = null;
    if (targetUrl != null) {
      target = streamBase(targetUrl, problems);
    }
    Workload workload = null;
    try {
      workload = Workloads.resolve(workloadName);
      Workload.Builder b = workload.toBuilder();
      if (rate != null) b.rate(rate);
      if (window != null) b.duration(window);
      if (warm != null) b.warmup(warm);
      if (maxInFlight != null) b.maxInFlight(maxInFlight);
      workload = b.build();
    } catch (IllegalArgumentException e) {
      problems.add("--workload: " + e.getMessage());
    } catch (IOException e) {
      problems.add("--workload " + workloadName + " cannot be read: " + e.getMessage());
    }
    if (!problems.isEmpty()) throw new ParameterException(spec.commandLine(), String.join("\n", problems));

    Path runDir = outDir != null ? outDir : Path.of("streamcert-out",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-load-" + workload.name());
    try {
      Files.createDirectories(runDir);
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot create the run folder " + runDir + ": " + e.getMessage());
      return 2;
    }
    RateSweep.Objective objective = RateSweep.Objective.of(objectiveP99, 0.95, 0.001);
    if (report != null) {
      return PerformanceReport.run(report, runDir, window, warm, out, err, spec.qualifiedName());
    }
    if (compare != null) {
      return runCompare(out, err, compared, workload, objective, runDir);
    }
    LaunchedTarget launched = null;
    try {
      if (target == null) {
        TargetDescriptor d = CertifyCommand.referenceDescriptor(storage);
        out.println("streamcert load: launching " + d.name() + " ...");
        out.flush();
        try {
          launched = LaunchedTarget.builder(d).runDir(runDir.resolve("target")).start();
        } catch (TargetLaunchException e) {
          err.println(spec.qualifiedName() + ": the target never became ready: " + e.getMessage());
          return 2;
        }
        target = launched.streamsUri();
        out.println("  ready at " + launched.baseUri() + " (pid " + launched.pid() + ", log " + launched.logFile() + ")");
      } else {
        String problem = TargetProbe.problem(origin(target));
        if (problem != null) {
          err.println(spec.qualifiedName() + ": the target " + target + " " + problem);
          return 2;
        }
      }
      out.flush();
      if (eng.equals("gatling")) return runGatling(out, err, target, workload, objective, runDir);
      return runDriver(out, err, target, workload, objective, runDir);
    } finally {
      if (launched != null) launched.close();
    }
  }

  /** The driver engine: one run (with an optional self-check) or a rate sweep. */
  private int runDriver(PrintWriter out, PrintWriter err, URI target, Workload workload, RateSweep.Objective objective,
      Path runDir) throws IOException {
    Driver driver = Driver.builder().progress(line -> {
      out.println("  " + line);
      out.flush();
    }).build();
    try {
      if (sweep) {
        RateSweep.Plan plan = RateSweep.Plan.startingAt(workload.rate()).withObjective(objective);
        if (maxRate != null) plan = plan.withMaxRate(Math.max(maxRate, workload.rate()));
        if (maxSteps != null) plan = plan.withMaxSteps(maxSteps);
        RateSweep.Result r = RateSweep.run(driver, target, workload, plan, runDir.resolve("sweep"));
        out.println();
        out.println(LoadReport.sweepTable(r));
        out.println("max sustainable rate: " + r.maxSustainableRate() + "/s (" + String.join("; ", r.notes()) + ")");
        out.println("wrote " + runDir.resolve("sweep"));
        out.flush();
        return r.maxSustainableRate() > 0 ? 0 : 1;
      }
      RunResult r = driver.execute(target, workload, runDir.resolve("run"));
      out.println();
      out.print(LoadReport.runSummary(r));
      if (selfCheck) {
        SelfCheck.Result c = SelfCheck.run(driver, workload, r, runDir.resolve("self-check"));
        out.println("self-check: " + (c.driverBound() ? "the DRIVER is the bottleneck; the numbers above measure it, not the target" : "ok"));
        for (String f : c.findings()) out.println("  " + f);
      }
      String miss = objective.miss(r);
      out.println(miss == null ? "objective met: " + LoadReport.describe(objective) : "objective MISSED: " + miss);
      out.println("wrote " + runDir.resolve("run"));
      out.flush();
      return miss == null ? 0 : 1;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
  }

  /** Launches both targets, runs the workload (or sweep) on each in alternating rounds, prints the medians and ratios. */
  private int runCompare(PrintWriter out, PrintWriter err, List<String> keys, Workload workload, RateSweep.Objective objective,
      Path runDir) {
    if (engine.trim().equalsIgnoreCase("gatling")) {
      err.println(spec.qualifiedName() + ": --compare runs with the driver engine; drop --engine gatling");
      return 2;
    }
    List<BenchTargets.Server> servers = new ArrayList<>();
    try {
      for (String k : keys) {
        out.println("streamcert load: starting " + k + " ...");
        out.flush();
        BenchTargets.Server s = BenchTargets.start(k, runDir.resolve("targets").resolve(k.replaceAll("[^A-Za-z0-9.-]+", "_")));
        servers.add(s);
        out.println("  " + s.label() + " at " + s.streams() + (s.pid() > 0 ? " (pid " + s.pid() + ")" : ""));
      }
      Driver driver = Driver.builder().build();
      RateSweep.Plan plan = null;
      if (sweep) {
        plan = RateSweep.Plan.startingAt(workload.rate()).withObjective(objective);
        if (maxRate != null) plan = plan.withMaxRate(Math.max(maxRate, workload.rate()));
        if (maxSteps != null) plan = plan.withMaxSteps(maxSteps);
      }
      SideBySide.Result r = SideBySide.run(driver, servers, workload, plan, rounds, runDir, out);
      out.println();
      out.print(SideBySide.table(r));
      out.println("A = " + r.labels().get(0) + "; B = " + r.labels().get(1));
      out.println("wrote " + runDir.resolve("compare.json"));
      out.flush();
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } finally {
      for (BenchTargets.Server s : servers) s.close();
    }
  }

  /**
   * The Gatling engine: one run of the simulation for the workload's type at its rate, in a child
   * JVM, with the objective's p99 and error share as Gatling assertions. Exit 0 when they held, 1
   * when one failed, 2 when Gatling could not run.
   */
  private int runGatling(PrintWriter out, PrintWriter err, URI target, Workload workload, RateSweep.Objective objective,
      Path runDir) throws InterruptedException {
    if (maxInFlight != null) {
      out.println("  note: --max-in-flight does not apply to Gatling (its open injection has no cap)");
    }
    GatlingLoad.Gates gates = new GatlingLoad.Gates(Duration.ofNanos(objective.p99Nanos()), objective.maxErrorRate() * 100);
    out.println("streamcert load: Gatling runs " + GatlingLoad.simulationFor(workload.type()).getSimpleName()
        + " in a child JVM (" + workload.rate() + "/s for " + DurationText.format(workload.duration())
        + (workload.warmup().isZero() ? "" : " after a " + DurationText.format(workload.warmup()) + " warm-up") + ") ...");
    out.flush();
    try {
      GatlingResult r = GatlingLoad.run(new GatlingLoad.Request(target, workload, runDir, gates),
          line -> {
            if (line.startsWith("> Global") || line.startsWith("Simulation ") || line.contains("Run crashed")) {
              out.println("  " + line.replaceAll("\\s{2,}", " "));
              out.flush();
            }
          });
      out.println();
      out.print(r.summary());
      out.println(r.passed() ? "gates met" : r.exitCode() == 2 ? "gates MISSED" : "Gatling FAILED (exit " + r.exitCode() + ")");
      out.println("wrote " + runDir.resolve(GatlingResult.FILE));
      out.flush();
      if (r.passed()) return 0;
      return r.exitCode() == 2 ? 1 : 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
  }

  /** The stream base URL: an origin gets /v1/stream/, a path gets a trailing slash. */
  static URI streamBase(String text, List<String> problems) {
    try {
      URI u = URI.create(text.trim());
      if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && u.getQuery() == null) {
        String path = u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/") ? "/v1/stream/" : u.getPath();
        if (!path.endsWith("/")) path = path + "/";
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add("--target was '" + text + "' but must be an http URL like http://127.0.0.1:4437 or http://127.0.0.1:4437/v1/stream/");
    return null;
  }

  static URI origin(URI streamBase) {
    return URI.create(streamBase.getScheme() + "://" + streamBase.getRawAuthority());
  }
}
