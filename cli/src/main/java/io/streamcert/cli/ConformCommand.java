package io.streamcert.cli;

import io.streamcert.conformance.catalog.RequirementCatalog;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.official.OfficialSuite;
import io.streamcert.conformance.official.OfficialSuiteResult;
import io.streamcert.conformance.official.OfficialTestResult;
import io.streamcert.conformance.run.CheckResult;
import io.streamcert.conformance.run.CheckStatus;
import io.streamcert.conformance.run.ConformanceReport;
import io.streamcert.conformance.run.ConformanceRunner;
import io.streamcert.conformance.run.ReportWriters;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the streamcert conformance suite (and optionally the official Node suite) against a server,
 * prints progress and a summary by area and requirement level, writes JSON and JUnit XML, and exits
 * 0 when no MUST failed, 1 when one did, 2 for usage or environment errors.
 */
@Command(
    name = "conform",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
      "Checks a Durable Streams server against every rule of the protocol, each check traced to its requirement ids.",
      "Without --target it starts the reference server in-process and checks that."
    })
final class ConformCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--target", paramLabel = "URL", description = "Origin of the server, like http://127.0.0.1:4437 (streams under /v1/stream/).")
  String target;

  @Option(names = "--features", paramLabel = "LIST", split = ",",
      description = "Features the target implements (core is implied): json, long-poll, sse, idempotent-producer, closure, fork, ttl, caching, security-headers, subscriptions. Default: all but subscriptions.")
  List<String> features;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write conformance.json and conformance-junit.xml. Default: streamcert-out/<time>-conform.")
  Path out;

  @Option(names = "--official", description = "Also run the official Node suite ${sys:streamcert.official.version:-0.3.6} (needs Node 18+ and npm; installed on first use).")
  boolean official;

  @Option(names = "--long-poll-timeout", paramLabel = "DURATION", description = "The target's long-poll timeout (or an upper bound). Default: 30s, or 500ms for the built-in server.")
  String longPollTimeout;

  @Option(names = "--sse-reconnect-interval", paramLabel = "DURATION", description = "How often the target ends SSE connections (or an upper bound). Default: 60s, or 3s for the built-in server.")
  String sseReconnectInterval;

  @Option(names = "--check-timeout", paramLabel = "DURATION", defaultValue = "30s", description = "Longest a single check may run; a hanging server fails the check. Default: ${DEFAULT-VALUE}.")
  String checkTimeout;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8", description = "Checks run at once. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(names = "--checks", paramLabel = "CLASSES", description = "Run only these check classes, comma-separated (e.g. SseChecks,LongPollChecks).")
  String checks;

  @Override
  public Integer call() throws Exception {
    Settings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReferenceServer builtIn = null;
    try {
      URI origin = settings.target;
      if (origin == null) {
        builtIn = ReferenceServer.start(ServerConfig.builder()
            .port(0)
            .longPollTimeout(settings.longPoll)
            .sseReconnectInterval(settings.sseReconnect)
            // The subscription checks' webhook receivers listen on 127.0.0.1 (the development exception of §6.2).
            .allowLoopbackWebhooks(true)
            .build());
        origin = builtIn.baseUri();
        out.println("streamcert conform: no --target given; started the reference server at " + origin
            + " (long-poll " + DurationText.format(settings.longPoll) + ", SSE reconnect " + DurationText.format(settings.sseReconnect) + ")");
      } else {
        String problem = TargetProbe.problem(origin);
        if (problem != null) {
          err.println(spec.qualifiedName() + ": the target " + origin + " " + problem);
          return 2;
        }
      }
      return run(origin, settings, out, err);
    } finally {
      if (builtIn != null) builtIn.close();
    }
  }

  private int run(URI origin, Settings s, PrintWriter out, PrintWriter err) throws IOException {
    RequirementCatalog catalog = RequirementCatalog.load();
    out.println("streamcert conform: checking " + origin + " (features: " + Feature.labels(s.features) + ")");
    out.flush();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConformanceRunner.Builder runner = ConformanceRunner.builder()
        .target(origin)
        .features(s.features)
        .longPollTimeout(s.longPoll)
        .sseReconnectInterval(s.sseReconnect)
        .checkTimeout(s.checkTimeout)
        .parallelism(parallelism)
        .progress(r -> progress(out, r, done, failed));
    try {
      runner.only(checks);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--checks: " + e.getMessage());
    }
    ConformanceReport report = runner.build().run();
    out.println();
    Summary.print(out, report, catalog);

    OfficialSuiteResult officialResult = null;
    if (official) {
      out.println();
      out.println("official suite " + OfficialSuite.VERSION + ": running against " + origin + " (installs on first use) ...");
      out.flush();
      try {
        officialResult = OfficialSuite.builder()
            .baseUrl(origin)
            .longPollTimeout(s.longPoll)
            .outputDirectory(s.out.resolve("official"))
            .build()
            .run();
      } catch (IOException e) {
        err.println(spec.qualifiedName() + ": the official suite could not run: " + e.getMessage());
        return 2;
      }
      out.println(officialResult.summary());
      for (OfficialTestResult t : officialResult.failures()) {
        out.println("  FAIL  " + t.fullTitle() + "  -- " + t.firstFailureLine());
      }
    }

    List<Path> written = ReportWriters.writeAll(report, catalog, officialResult, s.out);
    out.println();
    written.forEach(p -> out.println("wrote " + p));
    boolean mustFailed = report.mandatoryFailure(catalog);
    boolean officialFailed = officialResult != null && officialResult.failed() > 0;
    String verdict = mustFailed || officialFailed ? "NOT CONFORMANT" : "CONFORMANT";
    out.println("verdict: " + verdict
        + (mustFailed ? " (a check of a MUST requirement failed)" : "")
        + (officialFailed ? " (the official suite reported failures)" : ""));
    out.flush();
    return mustFailed || officialFailed ? 1 : 0;
  }

  private static void progress(PrintWriter out, CheckResult r, AtomicInteger done, AtomicInteger failed) {
    int n = done.incrementAndGet();
    synchronized (out) {
      if (r.status() == CheckStatus.FAIL) {
        failed.incrementAndGet();
        String first = r.message() == null ? "" : r.message().lines().findFirst().orElse("");
        out.println("  FAIL  " + r.id() + " " + r.requirements() + "  " + first);
      }
      if (n % 100 == 0) out.println("  ... " + n + " checks done, " + failed.get() + " failed");
      out.flush();
    }
  }


  /** The validated options; every problem is reported at once. */
  private record Settings(URI target, Set<Feature> features, Path out, Duration longPoll, Duration sseReconnect, Duration checkTimeout) {}

  private Settings settings() {
    List<String> problems = new ArrayList<>();
    URI uri = null;
    if (target != null) {
      try {
        uri = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
            || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
          problems.add("--target was '" + target + "' but must be an http origin like http://127.0.0.1:4437 (no path)");
          uri = null;
        }
      } catch (IllegalArgumentException e) {
        problems.add("--target was '" + target + "' but must be an http origin like http://127.0.0.1:4437");
      }
    }
    Set<Feature> feats = Feature.defaults();
    if (features != null) {
      try {
        feats = Feature.parseList(String.join(",", features));
      } catch (IllegalArgumentException e) {
        problems.add("--features: " + e.getMessage());
      }
    }
    boolean builtIn = target == null;
    Duration lp = DurationText.positiveOption(problems, "--long-poll-timeout", longPollTimeout, builtIn ? Duration.ofMillis(500) : Duration.ofSeconds(30));
    Duration sse = DurationText.positiveOption(problems, "--sse-reconnect-interval", sseReconnectInterval, builtIn ? Duration.ofSeconds(3) : Duration.ofSeconds(60));
    Duration ct = DurationText.positiveOption(problems, "--check-timeout", checkTimeout, Duration.ofSeconds(30));
    if (parallelism < 1 || parallelism > 64) {
      problems.add("--parallelism was " + parallelism + " but must be between 1 and 64");
    }
    if (!problems.isEmpty()) throw new ParameterException(spec.commandLine(), String.join("\n", problems));
    Path dir = out != null ? out
        : Path.of("streamcert-out", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-conform");
    return new Settings(uri, feats, dir, lp, sse, ct);
  }

  /** Prints the per-area table, the per-level table, requirement coverage and the failures. */
  static final class Summary {
    private Summary() {}

    static void print(PrintWriter out, ConformanceReport r, RequirementCatalog catalog) {
      out.printf("%-34s %6s %6s %6s %6s%n", "area", "pass", "fail", "skip", "n/a");
      for (Map.Entry<String, Map<CheckStatus, Long>> e : r.byArea().entrySet()) {
        row(out, e.getKey(), e.getValue());
      }
      out.println();
      out.printf("%-34s %6s %6s %6s %6s%n", "requirement level", "pass", "fail", "skip", "n/a");
      for (Map.Entry<String, Map<CheckStatus, Long>> e : r.byLevel(catalog).entrySet()) {
        row(out, e.getKey(), e.getValue());
      }
      out.println();
      StringBuilder cov = new StringBuilder("requirement coverage:");
      r.coverage(catalog).forEach((level, c) -> cov.append(String.format(" %s %.1f%% (%d/%d);", level, c.percent(), c.covered(), c.total())));
      out.println(cov);
      out.printf("checks: %d passed, %d failed, %d skipped, %d not applicable in %.1f s%n",
          r.count(CheckStatus.PASS), r.count(CheckStatus.FAIL), r.count(CheckStatus.SKIP), r.count(CheckStatus.NOT_APPLICABLE),
          r.duration().toMillis() / 1000.0);
      if (!r.failures().isEmpty()) {
        out.println();
        out.println("failed checks:");
        for (CheckResult c : r.failures()) {
          out.println("  " + c.id() + "  " + String.join(", ", c.requirements()) + " ("
              + ConformanceReport.levelOf(c, catalog).label() + ")");
          for (String id : c.requirements()) {
            catalog.get(id).ifPresent(req -> out.println("      " + id + ": " + req.summary()));
          }
          String first = c.message() == null ? "" : c.message().lines().findFirst().orElse("");
          out.println("      -> " + first);
        }
      }
    }

    private static void row(PrintWriter out, String name, Map<CheckStatus, Long> m) {
      out.printf("%-34s %6d %6d %6d %6d%n", name,
          m.getOrDefault(CheckStatus.PASS, 0L), m.getOrDefault(CheckStatus.FAIL, 0L),
          m.getOrDefault(CheckStatus.SKIP, 0L), m.getOrDefault(CheckStatus.NOT_APPLICABLE, 0L));
    }
  }
}
