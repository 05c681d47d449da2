package io.streamcert.cli;

import io.streamcert.chaos.checker.Anomaly;
import io.streamcert.chaos.scenario.Scenario;
import io.streamcert.chaos.scenario.ScenarioResult;
import io.streamcert.chaos.scenario.ScenarioRunner;
import io.streamcert.chaos.scenario.ScenarioSetupException;
import io.streamcert.chaos.scenario.Scenarios;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.chaos.availability.TimeWindow;
import io.streamcert.chaos.history.FaultWindow;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The resilience part of certify: crash-restart, pause and network-partition (quick schedules
 * unless {@code certify --full}) against the launched
 * target, each turned into scorecard checks (no lost writes, consistency, recovery time) and a
 * timeline series with the fault windows.
 */
final class ResilienceChecks {

  /** The longest recovery from a process fault that passes, in milliseconds. */
  static final double MAX_RECOVERY_MILLIS = 30_000;

  static final List<Scenario> SCENARIOS = List.of(Scenarios.CRASH_RESTART, Scenarios.PAUSE, Scenarios.NETWORK_PARTITION);

  /** Run as well when the target runs on S3 and PostgreSQL that the harness started. */
  static final List<Scenario> TIERED_SCENARIOS = List.of(Scenarios.S3_THROTTLING, Scenarios.S3_PARTITION, Scenarios.S3_CORRUPTION,
      Scenarios.PG_FAILOVER, Scenarios.PG_PARTITION);

  private ResilienceChecks() {}

  /** Runs the scenarios and adds their checks and series to {@code run}; a scenario that cannot run is inconclusive. */
  static void addTo(Run.Builder run, LaunchedTarget target, Path runDir, PrintWriter out) throws InterruptedException {
    addTo(run, target, runDir, out, true);
  }

  /** Like {@link #addTo(Run.Builder, LaunchedTarget, Path, PrintWriter)}, with quick or full schedules. */
  static void addTo(Run.Builder run, LaunchedTarget target, Path runDir, PrintWriter out, boolean quick)
      throws InterruptedException {
    addTo(run, target, runDir, out, quick, null, false);
  }

  /**
   * Like {@link #addTo(Run.Builder, LaunchedTarget, Path, PrintWriter, boolean)}; with {@code services}
   * (the S3 and PostgreSQL started for a tiered target) the tiered scenarios run too, and {@code
   * builtIn} says whether the protection overhead can be measured (the built-in server only).
   */
  static void addTo(Run.Builder run, LaunchedTarget target, Path runDir, PrintWriter out, boolean quick,
      TieredReference services, boolean builtIn) throws InterruptedException {
    long seed = new SecureRandom().nextLong() & Long.MAX_VALUE;
    List<Scenario> scenarios = new java.util.ArrayList<>(SCENARIOS);
    if (services != null) scenarios.addAll(TIERED_SCENARIOS);
    io.streamcert.chaos.scenario.Dependencies deps =
        services == null ? io.streamcert.chaos.scenario.Dependencies.none() : services.dependencies();
    LaunchedTarget chaosTuned = null;
    try {
      for (Scenario scenario : scenarios) {
        Path dir = runDir.resolve("chaos").resolve(scenario.name());
        String prefix = "resilience." + scenario.name();
        String evidence = runDir.relativize(dir.resolve(ScenarioRunner.CHECKER)).toString().replace('\\', '/');
        if (scenario == Scenarios.CRASH_RESTART
            && target.descriptor().storage().map("memory"::equalsIgnoreCase).orElse(false)) {
          run.check(Check.builder(prefix + ".no-lost-writes", "no acknowledged write is lost across " + scenario.name() + " faults")
              .category(Category.RESILIENCE).area("Chaos: " + scenario.name()).risk(Risk.CRITICAL)
              .status(Status.NOT_APPLICABLE)
              .message("the target declares storage: memory, which loses every stream when its process dies; not run")
              .build());
          continue;
        }
        ScenarioResult r;
        try {
          LaunchedTarget against = target;
          if (services != null && builtIn && TIERED_SCENARIOS.contains(scenario)) {
            // The built-in server's tight chaos tuning (small segments, a 64 KB upload backlog) makes a short
            // S3 fault show as backpressure; the conformance suite ran against the everyday tuning.
            if (chaosTuned == null) {
              out.println("  launching the tiered reference server with its chaos tuning for the S3 scenarios ...");
              out.flush();
              chaosTuned = services.provide(LaunchedTarget.builder(TieredReference.descriptor(true, true))
                  .runDir(runDir.resolve("chaos").resolve("tiered-target"))).start();
            }
            against = chaosTuned;
          }
          r = ChaosCommand.run(scenario, against, seed, quick, dir, out, deps);
          if (services != null && builtIn && scenario == Scenarios.S3_THROTTLING) {
            r = ChaosCommand.withOverhead(r, services, dir, quick, out);
          }
        } catch (ScenarioSetupException | UnsupportedOperationException | java.io.IOException e) {
          run.check(Check.builder(prefix + ".no-lost-writes", "no acknowledged write is lost across " + scenario.name() + " faults")
              .category(Category.RESILIENCE).area("Chaos: " + scenario.name()).risk(Risk.CRITICAL)
              .status(Status.INCONCLUSIVE).message("the scenario could not run: " + e.getMessage()).build());
          continue;
        }
        out.print(r.summary());
        out.flush();
        Duration took = Duration.ofMillis(r.elapsedMillis());
        List<Anomaly> lost = r.lostWrites();
        List<Anomaly> other = r.otherAnomalies();
        String seedNote = "seed " + r.seed() + " (rerun: streamcert chaos --scenario " + scenario.name() + (quick ? " --quick" : "") + " --seed "
            + r.seed() + ")";
        boolean judged = r.checker().summary().streamsWithFinalRead() == r.checker().summary().streams();
        run.check(Check.builder(prefix + ".no-lost-writes", "no acknowledged write is lost across " + scenario.name() + " faults")
            .category(Category.RESILIENCE).area("Chaos: " + scenario.name()).risk(Risk.CRITICAL)
            .status(!judged && lost.isEmpty() ? Status.INCONCLUSIVE : lost.isEmpty() ? Status.PASS : Status.FAIL)
            .score(!judged && lost.isEmpty() ? null : lost.isEmpty() ? 10.0 : 0.0)
            .measurement(Measurement.atMost(lost.size(), 0, "lost writes"))
            .message(message(r.checker().summary().writesAcknowledged() + " acknowledged writes checked; " + seedNote, lost,
                judged ? List.of() : r.problems()))
            .evidence(evidence).duration(took).build());
        run.check(Check.builder(prefix + ".consistency",
                "no duplicated, reordered, misplaced or corrupted data across " + scenario.name() + " faults")
            .category(Category.RESILIENCE).area("Chaos: " + scenario.name()).risk(Risk.HIGH)
            .status(other.isEmpty() ? Status.PASS : Status.FAIL).score(other.isEmpty() ? 10.0 : 0.0)
            .measurement(Measurement.atMost(other.size(), 0, "anomalies"))
            .message(message(r.checker().summary().reads() + " reads checked; " + seedNote, other, List.of()))
            .evidence(evidence).build());
        Check.Builder recovery = Check.builder(prefix + ".recovery-time",
                "the server serves again within " + (long) (MAX_RECOVERY_MILLIS / 1000) + " s of each " + scenario.name() + " fault")
            .category(Category.RESILIENCE).area("Chaos: " + scenario.name()).risk(Risk.MEDIUM)
            .evidence(runDir.relativize(dir.resolve(ScenarioRunner.AVAILABILITY)).toString().replace('\\', '/'));
        long max = r.maxRecoveryMillis().orElse(0);
        boolean recovered = r.allRecovered() && r.problems().isEmpty();
        recovery.status(recovered && max <= MAX_RECOVERY_MILLIS ? Status.PASS : Status.FAIL)
            .score(recovered && max <= MAX_RECOVERY_MILLIS ? 10.0 : 0.0)
            .measurement(Measurement.atMost(max, MAX_RECOVERY_MILLIS, "ms"))
            .message(r.availability().recoveries().stream().map(x -> x.explanation()).collect(Collectors.joining("\n"))
                + (r.problems().isEmpty() ? "" : "\n" + String.join("\n", r.problems())));
        run.check(recovery.build());
        for (Check extra : TieredChecks.of(scenario.name(), r.figures(), evidence)) run.check(extra);
        if (r.figure("pg_probe_acknowledged").isPresent()) PgChecks.of(r, prefix, evidence).forEach(run::check);
        run.series(timeline(prefix + ".no-lost-writes", scenario.name() + ": operations per second", r, false));
        run.series(timeline(prefix + ".recovery-time", scenario.name() + ": errors per second", r, true));
      }
    } finally {
      if (chaosTuned != null) chaosTuned.close();
    }
  }

  private static Series timeline(String check, String name, ScenarioResult r, boolean errors) {
    Series.Builder s = Series.builder(name, SeriesKind.TIMELINE).check(check).yUnit(errors ? "errors/s" : "ops/s");
    double width = r.availability().windowNanos() / 1e9;
    for (TimeWindow w : r.availability().windows()) {
      s.point(w.startNanos() / 1e9, errors ? (w.fail() + w.info()) / width : w.okPerSecond());
    }
    double end = r.history().endNanos() / 1e9;
    for (FaultWindow f : r.history().faultWindows()) {
      s.window(f.fault(), f.startNanos() / 1e9, f.stopNanos() == null ? end : f.stopNanos() / 1e9);
    }
    return s.build();
  }

  private static String message(String head, List<Anomaly> anomalies, List<String> problems) {
    StringBuilder b = new StringBuilder(head);
    int n = 0;
    for (Anomaly a : anomalies) {
      if (n++ == 20) {
        b.append("\n... and ").append(anomalies.size() - 20).append(" more in checker.json");
        break;
      }
      b.append('\n').append(a.type()).append(' ').append(a.stream());
      if (a.writer() != null) b.append(" writer ").append(a.writer());
      if (a.payloadId() != null) b.append(" payload ").append(a.payloadId());
      if (!a.offsets().isEmpty()) b.append(" offsets ").append(a.offsets());
      b.append(": ").append(a.explanation());
    }
    for (String p : problems) b.append('\n').append(p);
    return b.toString();
  }
}
