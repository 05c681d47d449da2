package io.streamcert.cli;

import io.streamcert.reports.policy.PerformancePlan;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.policy.Threshold;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Direction;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.scenarios.driver.Driver;
import io.streamcert.scenarios.driver.RateSweep;
import io.streamcert.scenarios.driver.RunResult;
import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The performance part of certify: with the open-loop measuring driver, a rate sweep of 100-byte
 * appends whose first step is the fixed-rate run (throughput, latency spectrum), the maximum rate
 * sustained under the policy's p99 objective, and the end-to-end latency from an append to its
 * delivery to long-poll readers. Each becomes a {@code perf.*} check judged by the policy's
 * threshold, with series for the charts (spectra, throughput over time, latency against
 * throughput).
 */
final class PerformanceChecks {

  static final String THROUGHPUT = "perf.append-100b.throughput";
  static final String P99 = "perf.append-100b.latency-p99";
  static final String P999 = "perf.append-100b.latency-p999";
  static final String MAX_RATE = "perf.append-100b.max-sustainable-rate";
  static final String END_TO_END = "perf.end-to-end.latency-p99";
  static final List<String> IDS = List.of(THROUGHPUT, P99, P999, MAX_RATE, END_TO_END);

  private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

  /**
   * How long each run takes.
   *
   * @param window each run's measured window
   * @param warmup each run's unmeasured warm-up
   * @param maxSteps the most sweep steps
   * @param pause idle time between sweep steps
   */
  record Timing(Duration window, Duration warmup, int maxSteps, Duration pause) {

    /** About a minute in all: 4 sweep steps and the end-to-end run, 5 s windows after 2 s of warm-up. */
    static Timing quick() {
      return new Timing(Duration.ofSeconds(5), Duration.ofSeconds(2), 4, Duration.ofSeconds(1));
    }

    /** About five minutes: up to 10 sweep steps, 20 s windows after 5 s of warm-up. */
    static Timing full() {
      return new Timing(Duration.ofSeconds(20), Duration.ofSeconds(5), 10, Duration.ofSeconds(2));
    }
  }

  private PerformanceChecks() {}

  /** Returns what makes the policy unusable for measuring, or null when it is fine. */
  static String problem(Policy policy) {
    PerformancePlan plan = policy.performance();
    if (plan == null) return "the policy has no performance section; copy it from default-policy.yaml";
    Threshold t = policy.threshold(THROUGHPUT).orElse(null);
    if (t != null && t.min() != null && t.min() > plan.rate()) {
      return "the policy's thresholds." + THROUGHPUT + ".min is " + fmt(t.min()) + " ops/s, above performance.rate " + plan.rate()
          + " ops/s: a run at that rate can never achieve it; lower the threshold or raise performance.rate";
    }
    return null;
  }

  /** Runs the measurements against {@code streams} (the stream base URL) and adds their checks and series to {@code run}. */
  static void addTo(Run.Builder run, URI streams, Policy policy, Path runDir, PrintWriter out, Timing timing) {
    PerformancePlan plan = policy.performance();
    Path dir = runDir.resolve("performance");
    Driver driver = Driver.builder().progress(line -> {
      synchronized (out) {
        out.println("  " + line);
        out.flush();
      }
    }).build();
    Workload append = Workloads.builtIn("append-100b-1-stream").toBuilder()
        .rate(plan.rate()).duration(timing.window()).warmup(timing.warmup()).build();
    RateSweep.Objective objective = RateSweep.Objective.of(
        Duration.ofNanos(Math.round(plan.objectiveP99Millis() * 1e6)), 0.95, 0.001);
    RateSweep.Plan sweepPlan = RateSweep.Plan.startingAt(plan.rate()).withObjective(objective)
        .withMaxSteps(timing.maxSteps()).withPause(timing.pause());
    out.println("performance: 100-byte appends at " + plan.rate() + "/s, then a sweep under " + LoadReport.describe(objective)
        + " (at most " + timing.maxSteps() + " runs of " + DurationText.format(timing.window()) + ")");
    out.flush();
    Path sweepDir = dir.resolve("sweep");
    RateSweep.Result sweep = null;
    RunResult first = null;
    String failure = null;
    long started = System.nanoTime();
    try {
      sweep = RateSweep.run(driver, streams, append, sweepPlan, sweepDir);
      first = RunResult.read(sweepDir.resolve(sweep.steps().get(0).folder()).resolve("result.json"));
    } catch (IOException | RuntimeException e) {
      failure = e.getMessage();
    }
    Duration sweepTook = Duration.ofNanos(System.nanoTime() - started);
    if (first == null) {
      for (String id : List.of(THROUGHPUT, P99, P999, MAX_RATE)) {
        run.check(base(id).status(Status.INCONCLUSIVE).message("the append runs could not run: " + failure).build());
      }
    } else {
      String evidence = evidence(runDir, sweepDir.resolve(sweep.steps().get(0).folder()).resolve("result.json"));
      RunResult.Spectrum l = first.primary().latency();
      String summary = String.format(Locale.ROOT, "requested %d/s, achieved %.1f/s, %d ok, %d errors (%.3f%%); p50 %s p99 %s p99.9 %s max %s",
          first.requestedRate(), first.achievedRate(), first.ok(), first.errors(), first.errorRate() * 100,
          LoadReport.ms(l.p50()), LoadReport.ms(l.p99()), LoadReport.ms(l.p999()), LoadReport.ms(l.max()));
      String notes = first.notes().stream().skip(1).map(n -> "\nnote: " + n).reduce("", String::concat);
      run.check(judged(THROUGHPUT, policy, first.achievedRate(), "ops/s", summary + notes, evidence));
      run.check(judged(P99, policy, l.p99() / 1e6, "ms", summary + notes, evidence));
      run.check(judged(P999, policy, l.p999() / 1e6, "ms", summary + notes, evidence));
      String sweepEvidence = evidence(runDir, sweepDir.resolve("sweep.json"));
      String table = LoadReport.sweepTable(sweep);
      run.check(judged(MAX_RATE, policy, sweep.maxSustainableRate(), "ops/s",
          "max sustainable rate " + sweep.maxSustainableRate() + "/s under " + LoadReport.describe(objective) + " ("
              + String.join("; ", sweep.notes()) + ")\n" + table, sweepEvidence).toBuilder().duration(sweepTook).build());
      out.print(table);
      out.println("max sustainable rate: " + sweep.maxSustainableRate() + "/s");
      out.flush();
      run.series(spectrum("append latency at " + first.requestedRate() + "/s", P99, first.primary()));
      Series.Builder tput = Series.builder("appends/s at " + first.requestedRate() + "/s requested", SeriesKind.THROUGHPUT).check(THROUGHPUT);
      for (RunResult.Second s : first.primary().seconds()) tput.point(s.second(), s.ok());
      run.series(tput.build());
      Series.Builder curve = Series.builder("append p99 against throughput", SeriesKind.OTHER).check(MAX_RATE).xUnit("ops/s").yUnit("ms");
      for (RateSweep.Point p : sweep.curve()) curve.point(Math.round(p.achievedRate() * 10) / 10.0, p.p99() / 1e6);
      run.series(curve.build());
    }

    Workload fanout = Workloads.builtIn("fanout-long-poll").toBuilder()
        .rate(plan.endToEndRate()).readers(plan.endToEndReaders()).duration(timing.window()).warmup(timing.warmup()).build();
    out.println("performance: end-to-end, " + plan.endToEndRate() + " appends/s to " + plan.endToEndReaders() + " long-poll readers");
    out.flush();
    Path e2eDir = dir.resolve("end-to-end");
    started = System.nanoTime();
    try {
      RunResult e2e = driver.execute(streams, fanout, e2eDir);
      RunResult.Metric d = e2e.primary();
      String message = String.format(Locale.ROOT,
          "%d appends/s to %d long-poll readers: %d deliveries, %d missing or failed; delivery p50 %s p99 %s p99.9 %s max %s;"
              + " append errors %d",
          e2e.requestedRate(), plan.endToEndReaders(), d.ok(), d.errors(), LoadReport.ms(d.latency().p50()),
          LoadReport.ms(d.latency().p99()), LoadReport.ms(d.latency().p999()), LoadReport.ms(d.latency().max()), e2e.errors());
      Check c;
      if (d.ok() == 0) {
        c = base(END_TO_END).status(Status.FAIL).message("no append reached a reader: " + message)
            .evidence(evidence(runDir, e2eDir.resolve("result.json"))).build();
      } else {
        c = judged(END_TO_END, policy, d.latency().p99() / 1e6, "ms", message, evidence(runDir, e2eDir.resolve("result.json")));
        if (c.status() == Status.PASS && (d.errors() > 0 || e2e.errors() > 0)) {
          c = c.toBuilder().status(Status.FAIL).message("deliveries or appends failed: " + message).build();
        }
      }
      run.check(c.toBuilder().duration(Duration.ofNanos(System.nanoTime() - started)).build());
      run.series(spectrum("end-to-end delivery at " + e2e.requestedRate() + "/s", END_TO_END, d));
    } catch (IOException | RuntimeException e) {
      run.check(base(END_TO_END).status(Status.INCONCLUSIVE).message("the end-to-end run could not run: " + e.getMessage()).build());
    }
  }

  /** A check with its value judged against the policy's threshold; inconclusive when the policy has none. */
  static Check judged(String id, Policy policy, double value, String unit, String message, String evidence) {
    Check.Builder b = base(id).evidence(evidence);
    Threshold t = policy.threshold(id).orElse(null);
    Direction better = id.equals(THROUGHPUT) || id.equals(MAX_RATE) ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
    double rounded = Math.round(value * 1000) / 1000.0;
    if (t == null) {
      return b.status(Status.INCONCLUSIVE).measurement(Measurement.of(rounded, unit, better))
          .message("the policy sets no threshold for " + id + "; add one under thresholds (see default-policy.yaml)\n" + message).build();
    }
    Measurement m = new Measurement(rounded, unit, t.limit(), t.direction());
    boolean meets = m.meetsThreshold();
    return b.status(meets ? Status.PASS : Status.FAIL).measurement(m)
        .message((meets ? "" : "missed " + (t.direction() == Direction.HIGHER_IS_BETTER ? "min " : "max ") + fmt(t.limit())
            + " " + unit + ": ") + message).build();
  }

  private static Check.Builder base(String id) {
    return switch (id) {
      case THROUGHPUT -> Check.builder(id, "100-byte appends are served at the policy's rate (performance.rate)")
          .category(Category.PERFORMANCE).area("Append throughput").risk(Risk.HIGH);
      case P99 -> Check.builder(id, "p99 latency of 100-byte appends at the policy's rate stays within its limit")
          .category(Category.PERFORMANCE).area("Append latency").risk(Risk.HIGH);
      case P999 -> Check.builder(id, "p99.9 latency of 100-byte appends at the policy's rate stays within its limit")
          .category(Category.PERFORMANCE).area("Append latency").risk(Risk.MEDIUM);
      case MAX_RATE -> Check.builder(id, "the highest append rate sustained under the p99 objective reaches the policy's minimum")
          .category(Category.PERFORMANCE).area("Append throughput").risk(Risk.MEDIUM);
      case END_TO_END -> Check.builder(id, "p99 from an append to its delivery to long-poll readers stays within its limit")
          .category(Category.PERFORMANCE).area("End-to-end latency").risk(Risk.HIGH);
      default -> throw new IllegalArgumentException("unknown performance check " + id);
    };
  }

  /** The latency spectrum of a metric as a chart series, in milliseconds by percentile. */
  static Series spectrum(String name, String check, RunResult.Metric m) {
    Series.Builder s = Series.builder(name, SeriesKind.LATENCY_SPECTRUM).check(check);
    if (m.latency().count() == 0) return s.build();
    Histogram h = RunResult.decodeHistogram(m.latencyHistogram());
    for (double p : PERCENTILES) s.point(p, h.getValueAtPercentile(p) / 1e6);
    return s.build();
  }

  private static String evidence(Path runDir, Path file) {
    return runDir.relativize(file).toString().replace('\\', '/');
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
