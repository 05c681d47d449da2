package io.streamcert.cli;

import io.streamcert.conformance.catalog.Level;
import io.streamcert.conformance.catalog.RequirementCatalog;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.official.OfficialSuite;
import io.streamcert.conformance.official.OfficialSuiteResult;
import io.streamcert.conformance.run.CheckResult;
import io.streamcert.conformance.run.CheckStatus;
import io.streamcert.conformance.run.ConformanceReport;
import io.streamcert.conformance.run.ConformanceRunner;
import io.streamcert.conformance.run.ReportWriters;
import io.streamcert.fixtures.InvalidDescriptorException;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import io.streamcert.fixtures.TargetLaunchException;
import io.streamcert.reports.format.AllureResults;
import io.streamcert.reports.format.ReportFormats;
import io.streamcert.reports.policy.InvalidPolicyException;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.AspectResult;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Environment;
import io.streamcert.reports.scorecard.Harness;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.ScorecardJson;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.reports.scorecard.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Certifies a server: launches or reaches the target, runs every suite that exists (conformance
 * now; performance and chaos as they land), turns the results into one scorecard judged by a
 * policy, writes it in every format, and exits 0 when the gate passed, 1 when the target fell
 * short, 2 for usage or environment errors.
 */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
      "Runs every suite against a server and writes one readiness scorecard with a verdict and an exit code.",
      "Without a target it launches the reference server (file storage) as its own process."
    })
final class CertifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  static final class TargetChoice {
    @Option(names = "--target", paramLabel = "URL", description = "A running server's origin, like http://127.0.0.1:4437.")
    String url;

    @Option(names = "--target-descriptor", paramLabel = "FILE", description = "A YAML file saying how to launch the server (see README).")
    Path descriptor;
  }

  @ArgGroup(exclusive = true)
  TargetChoice target;

  @Option(names = "--reference-storage", paramLabel = "KIND", defaultValue = "file",
      description = "Storage of the built-in reference server: memory, file or tiered (S3 + PostgreSQL, started by"
          + " streamcert; adds the s3-* chaos scenarios). Default: ${DEFAULT-VALUE}.")
  String referenceStorage;

  /** The S3 and PostgreSQL started for a target that requires them; null otherwise. */
  private TieredReference services;

  @Option(names = "--features", paramLabel = "LIST", split = ",", description = "With --target: the features it implements. Default: all but subscriptions.")
  List<String> features;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML (thresholds, levels, risk weights). Default: the shipped policy.")
  Path policyFile;

  @Option(names = "--baseline", paramLabel = "FILE", description = "An earlier scorecard.json; regressions against it fail the gate.")
  Path baselineFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder. Default: streamcert-out/<time>-<target>.")
  Path outDir;

  @Option(names = "--official", description = "Also run the official Node conformance suite (needs Node 18+ and npm).")
  boolean official;

  @Option(names = "--long-poll-timeout", paramLabel = "DURATION", description = "With --target: its long-poll timeout. Default: 30s.")
  String longPollTimeout;

  @Option(names = "--sse-reconnect-interval", paramLabel = "DURATION", description = "With --target: how often it ends SSE connections. Default: 60s.")
  String sseReconnectInterval;

  @Option(names = "--quick", description = "Short durations (the default): chaos schedules of 3 short faults each.")
  boolean quick;

  @Option(names = "--full", description = "Full durations: longer chaos schedules (6 faults of 2-8 s) and performance runs (20 s windows, up to 10 sweep steps).")
  boolean full;

  @Option(names = "--no-chaos", description = "Skip the chaos scenarios (crash-restart, pause, network-partition) run against a launched target.")
  boolean noChaos;

  @Option(names = "--no-performance", description = "Skip the performance runs (append throughput and latency, a rate sweep, end-to-end latency).")
  boolean noPerformance;

  @Option(names = "--no-probes", description = "Skip the observability probes (health, /metrics, error bodies) and the operability checks (startup time, graceful stop).")
  boolean noProbes;

  /** From launching the target to it being ready; null when streamcert did not launch it. */
  private Duration startupTime;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (quick && full) throw new ParameterException(spec.commandLine(), "--quick and --full exclude each other; pick one");
    Policy policy;
    try {
      policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
    } catch (InvalidPolicyException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot read --policy " + policyFile + ": " + e.getMessage());
      return 2;
    }
    String perfProblem = noPerformance ? null : PerformanceChecks.problem(policy);
    if (perfProblem != null) {
      err.println(spec.qualifiedName() + ": " + perfProblem + " (or pass --no-performance)");
      return 2;
    }
    Scorecard baseline = null;
    if (baselineFile != null) {
      try {
        baseline = ScorecardJson.read(baselineFile);
      } catch (IOException e) {
        err.println(spec.qualifiedName() + ": cannot use --baseline " + baselineFile + ": " + e.getMessage());
        return 2;
      }
    }
    TargetDescriptor descriptor = null;
    URI url = null;
    try {
      if (target != null && target.url != null) {
        url = origin(target.url);
      } else if (target != null && target.descriptor != null) {
        descriptor = TargetDescriptor.load(target.descriptor);
      } else {
        descriptor = referenceDescriptor(referenceStorage);
      }
    } catch (InvalidDescriptorException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot read --target-descriptor " + target.descriptor + ": " + e.getMessage());
      return 2;
    }
    Set<Feature> feats = features(descriptor);
    List<String> problems = new ArrayList<>();
    Duration longPoll = descriptor != null && descriptor.source().startsWith("built-in")
        ? Duration.ofSeconds(1) : DurationText.positiveOption(problems, "--long-poll-timeout", longPollTimeout, Duration.ofSeconds(30));
    Duration sse = descriptor != null && descriptor.source().startsWith("built-in")
        ? Duration.ofSeconds(5) : DurationText.positiveOption(problems, "--sse-reconnect-interval", sseReconnectInterval, Duration.ofSeconds(60));
    if (!problems.isEmpty()) throw new ParameterException(spec.commandLine(), String.join("\n", problems));
    String name = descriptor != null ? descriptor.name() : "server at " + url;
    Path runDir = outDir != null ? outDir : Path.of("streamcert-out",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + slug(name));
    Files.createDirectories(runDir);

    Instant started = Instant.now();
    LaunchedTarget launched = null;
    try {
      if (descriptor != null) {
        out.println("streamcert certify: launching " + descriptor.name() + " ...");
        out.flush();
        LaunchedTarget.Builder builder = LaunchedTarget.builder(descriptor).runDir(runDir.resolve("target"));
        if (!descriptor.requires().isEmpty()) {
          out.println("  starting S3 and PostgreSQL (requires: " + descriptor.requires() + ") ...");
          try {
            services = TieredReference.start();
          } catch (IOException | RuntimeException e) {
            err.println(spec.qualifiedName() + ": cannot start the services the target requires: " + e.getMessage());
            return 2;
          }
          out.println("  " + services.describe());
          services.provide(builder);
        }
        try {
          long launchedAt = System.nanoTime();
          launched = builder.start();
          startupTime = Duration.ofNanos(System.nanoTime() - launchedAt);
        } catch (TargetLaunchException e) {
          err.println(spec.qualifiedName() + ": the target never became ready: " + e.getMessage());
          return 2;
        }
        url = launched.baseUri();
        out.println("  ready at " + url + " (pid " + launched.pid() + ", log " + launched.logFile() + ")");
      } else {
        String problem = TargetProbe.problem(url);
        if (problem != null) {
          err.println(spec.qualifiedName() + ": the target " + url + " " + problem);
          return 2;
        }
      }
      Run run = runSuites(out, err, url, feats, longPoll, sse, descriptor, name, runDir, started, launched, policy);
      if (run == null) return 2;
      Scorecard card = baseline == null ? policy.assess(run) : policy.assess(run, baseline);
      List<Path> written = new ArrayList<>(ReportFormats.writeAll(card, runDir));
      AllureResults.write(card, runDir);
      printSummary(out, card);
      out.println();
      written.forEach(p -> out.println("wrote " + p));
      out.println("wrote " + runDir.resolve(AllureResults.FOLDER) + "/ (Allure results)");
      out.flush();
      return card.verdict().exitCode();
    } finally {
      if (launched != null) launched.close();
      if (services != null) services.close();
    }
  }

  private Run runSuites(PrintWriter out, PrintWriter err, URI url, Set<Feature> feats, Duration longPoll, Duration sse,
      TargetDescriptor descriptor, String name, Path runDir, Instant started, LaunchedTarget launched, Policy policy)
      throws IOException, InterruptedException {
    RequirementCatalog catalog = RequirementCatalog.load();
    out.println("conformance: " + url + " (features: " + Feature.labels(feats) + ")");
    out.flush();
    ConformanceReport report = ConformanceRunner.builder()
        .target(url).features(feats).longPollTimeout(longPoll).sseReconnectInterval(sse)
        .progress(r -> {
          if (r.status() == CheckStatus.FAIL) {
            synchronized (out) {
              out.println("  FAIL  " + r.id() + " " + r.requirements());
              out.flush();
            }
          }
        })
        .build().run();
    out.printf("conformance: %d passed, %d failed, %d not applicable in %.1f s%n",
        report.count(CheckStatus.PASS), report.count(CheckStatus.FAIL), report.count(CheckStatus.NOT_APPLICABLE),
        report.duration().toMillis() / 1000.0);
    OfficialSuiteResult officialResult = null;
    if (official) {
      out.println("official suite " + OfficialSuite.VERSION + ": running ...");
      out.flush();
      try {
        officialResult = OfficialSuite.builder().baseUrl(url).longPollTimeout(longPoll)
            .outputDirectory(runDir.resolve("official")).build().run();
      } catch (IOException e) {
        err.println(spec.qualifiedName() + ": the official suite could not run: " + e.getMessage());
        return null;
      }
      out.println(officialResult.summary());
    }
    ReportWriters.writeAll(report, catalog, officialResult, runDir.resolve("conformance"));

    Run.Builder run = Run.builder()
        .harness(harness())
        .target(target(name, url, feats, descriptor))
        .environment(Environment.current(null))
        .started(started)
        .finished(Instant.now());
    Path evidence = runDir.resolve("evidence");
    for (CheckResult c : report.checks()) {
      run.check(check(c, catalog, evidence, runDir));
    }
    if (officialResult != null) {
      String failed = officialResult.failures().stream().map(t -> "  " + t.fullTitle() + ": " + t.firstFailureLine())
          .collect(Collectors.joining("\n"));
      run.check(Check.builder("conformance.official-suite", "the official Node conformance suite " + OfficialSuite.VERSION + " passes")
          .category(Category.CONFORMANCE).area("Official suite").risk(Risk.HIGH)
          .status(officialResult.failed() == 0 ? Status.PASS : Status.FAIL)
          .measurement(Measurement.atMost(officialResult.failed(), 0, "failed tests"))
          .message(officialResult.summary() + (failed.isEmpty() ? "" : "\n" + failed))
          .evidence("official/" + OfficialSuite.REPORT_FILE)
          .duration(officialResult.duration())
          .build());
    }
    if (!noPerformance) {
      PerformanceChecks.addTo(run, URI.create(url + (descriptor != null ? descriptor.streamPath() : "/v1/stream/")), policy, runDir, out,
          full ? PerformanceChecks.Timing.full() : PerformanceChecks.Timing.quick());
    }
    if (launched != null && !noChaos) {
      out.println("chaos: crash-restart, pause and network-partition" + (services != null
          ? ", s3-throttling, s3-partition and s3-corruption" : "") + " (" + (full ? "full" : "quick")
          + ") against the launched target; --no-chaos skips them");
      out.flush();
      ResilienceChecks.addTo(run, launched, runDir, out, !full, services,
          descriptor != null && descriptor.source().startsWith("built-in reference server (tiered"));
    }
    if (!noProbes) {
      out.println("probes: health, /metrics and error bodies" + (launched != null ? "; then startup time and a graceful stop" : "")
          + "; --no-probes skips them");
      out.flush();
      String healthPath = descriptor != null ? descriptor.launch().ready().httpGet() : "/health";
      String streamPath = descriptor != null ? descriptor.streamPath() : "/v1/stream/";
      ProbeChecks.observability(url, healthPath, streamPath).forEach(run::check);
      if (launched != null) {
        // Last: this stops the target, and the stop is what graceful-stop judges.
        ProbeChecks.operability(launched, startupTime, runDir).forEach(run::check);
      } else {
        ProbeChecks.operabilityNotApplicable().forEach(run::check);
      }
    }
    return run.finished(Instant.now()).build();
  }

  /** One scorecard check per conformance check; failures keep their exchanges as evidence files. */
  private static Check check(CheckResult c, RequirementCatalog catalog, Path evidenceDir, Path runDir) throws IOException {
    Level level = ConformanceReport.levelOf(c, catalog);
    Risk risk = switch (level) {
      case MUST, MUST_NOT -> Risk.CRITICAL;
      case SHOULD, SHOULD_NOT -> Risk.MEDIUM;
      case MAY -> Risk.LOW;
    };
    Status status = switch (c.status()) {
      case PASS -> Status.PASS;
      case FAIL -> Status.FAIL;
      case SKIP -> Status.INCONCLUSIVE;
      case NOT_APPLICABLE -> Status.NOT_APPLICABLE;
    };
    Check.Builder b = Check.builder("conformance." + c.id(), c.title())
        .category(c.feature().equals("security-headers") ? Category.SECURITY : Category.CONFORMANCE)
        .area(c.area())
        .risk(risk)
        .status(status)
        .requirements(c.requirements())
        .duration(Duration.ofMillis(c.durationMillis()));
    if (c.message() != null) b.message(c.message().length() > 4000 ? c.message().substring(0, 4000) + " ..." : c.message());
    if (!c.evidence().isEmpty()) {
      Files.createDirectories(evidenceDir);
      Path file = evidenceDir.resolve(c.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
      String text = (c.message() == null ? "" : c.message() + "\n\n") + String.join("\n", c.evidence());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      b.evidence(runDir.relativize(file).toString().replace('\\', '/'));
    }
    return b.build();
  }

  private static void printSummary(PrintWriter out, Scorecard card) {
    var a = card.assessment();
    out.println();
    out.println("verdict: " + (card.verdict().exitCode() == 0 ? "GATE PASSED" : "GATE FAILED")
        + "  level: " + (a.level() == null ? "none" : a.level()) + " (gate requires " + a.requiredLevel() + ")"
        + "  score: " + (a.score() == null ? "n/a" : String.format(Locale.ROOT, "%.1f/10", a.score())));
    for (String reason : a.reasons()) out.println("  - " + reason);
    out.println();
    out.printf("%-22s %-11s %6s %6s  %s%n", "aspect", "status", "pass", "fail", "why");
    for (AspectResult r : a.aspects()) {
      out.printf("%-22s %-11s %6d %6d  %s%n", r.aspect().title(), r.readiness().title(), r.passed(), r.failed(), r.reason());
    }
    List<Check> failed = card.checks().stream().filter(c -> c.status() == Status.FAIL).toList();
    if (!failed.isEmpty()) {
      out.println();
      out.println("failed checks (" + failed.size() + "):");
      failed.stream().limit(30).forEach(c -> out.println("  " + c.id() + "  " + String.join(", ", c.requirements())));
      if (failed.size() > 30) out.println("  ... and " + (failed.size() - 30) + " more in index.html");
    }
    for (Regression r : a.regressions()) out.println("regression: " + r.describe());
  }

  private Set<Feature> features(TargetDescriptor descriptor) {
    if (descriptor != null) {
      java.util.EnumSet<Feature> claimed = java.util.EnumSet.of(Feature.CORE);
      claimed.addAll(descriptor.features());
      return claimed;
    }
    if (features == null) return Feature.defaults();
    try {
      return Feature.parseList(String.join(",", features));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--features: " + e.getMessage());
    }
  }

  private static Target target(String name, URI url, Set<Feature> feats, TargetDescriptor d) {
    Target.Builder t = Target.builder(name, url).features(feats.stream().map(Feature::label).sorted().toList());
    if (d != null) {
      d.version().ifPresent(t::version);
      d.storage().ifPresent(t::storage);
      d.fsync().ifPresent(t::fsync);
    }
    return t.build();
  }

  private static Harness harness() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new Harness(version == null ? "development" : version, gitCommit());
  }

  /** The commit of the checkout streamcert runs from (found from its jar), or "unknown" outside one. */
  private static String gitCommit() {
    Path dir;
    try {
      dir = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (Exception e) {
      return "unknown";
    }
    while (dir != null && !Files.exists(dir.resolve(".git"))) dir = dir.getParent();
    if (dir == null) return "unknown";
    try {
      Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && text.matches("[0-9a-f]{4,40}") ? text : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The reference server as its own process, with the storage asked for (file storage in its own data dir). */
  static TargetDescriptor referenceDescriptor(String storage) {
    String kind = storage.trim().toLowerCase(Locale.ROOT);
    if (kind.equals("tiered")) return TieredReference.descriptor(true);
    if (!kind.equals("memory") && !kind.equals("file")) {
      throw new ParameterException(null, "--reference-storage was '" + storage + "' but must be memory, file or tiered");
    }
    if (kind.equals("memory")) return TargetDescriptor.referenceServer();
    String yaml = """
        name: streamcert reference server (file)
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.cli.Main, serve,
                     --host, 127.0.0.1, --port, "${port}", --long-poll-timeout, 1s, --sse-reconnect-interval, 5s,
                     --storage, file, --data-dir, "${data-dir}", --fsync, always ]
          ready: { http-get: /health, status: 200, within: 30s }
          stop: SIGTERM
          stop-timeout: 10s
        features: [core, json, long-poll, sse, idempotent-producer, closure, fork, ttl, caching, security-headers]
        storage: file
        fsync: always
        """;
    return TargetDescriptor.parse(yaml, "built-in reference server (file storage)");
  }

  private URI origin(String text) {
    try {
      URI u = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && (u.getPath() == null || u.getPath().isEmpty())) return u;
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(), "--target was '" + text + "' but must be an http origin like http://127.0.0.1:4437 (no path)");
  }

  private static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return s.length() > 40 ? s.substring(0, 40) : s;
  }
}
