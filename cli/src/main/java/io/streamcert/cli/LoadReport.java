package io.streamcert.cli;

import io.streamcert.scenarios.driver.RateSweep;
import io.streamcert.scenarios.driver.RunResult;
import java.util.Locale;
import java.util.Map;

/** Human-readable text for load results: run summaries, per-second series, sweep tables. */
final class LoadReport {

  private LoadReport() {}

  /** Milliseconds with three decimals, like {@code 1.234 ms}. */
  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  static String describe(RateSweep.Objective o) {
    return String.format(Locale.ROOT, "p99 <= %s, >= %.0f%% of the rate achieved, < %.1f%% errors",
        ms(o.p99Nanos()), o.minAchievedRatio() * 100, o.maxErrorRate() * 100);
  }

  /** Rates, counts, errors by kind, the spectrum and max of every metric, the per-second series, and the notes. */
  static String runSummary(RunResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s against %s%n", r.workload(), r.target()));
    sb.append(String.format(Locale.ROOT, "  rate: requested %d/s, sent %.1f/s, achieved %.1f/s over %.1f s%n",
        r.requestedRate(), r.sentRate(), r.achievedRate(), r.windowSeconds()));
    sb.append(String.format(Locale.ROOT, "  operations: %d scheduled, %d ok, %d errors (%.3f%%), %d not sent, %d unfinished%n",
        r.scheduled(), r.ok(), r.errors(), r.errorRate() * 100, r.notSent(), r.unfinished()));
    if (r.megabytesPerSecond() > 0) sb.append(String.format(Locale.ROOT, "  throughput: %.2f MB/s%n", r.megabytesPerSecond()));
    for (Map.Entry<String, RunResult.Metric> e : r.metrics().entrySet()) {
      RunResult.Metric m = e.getValue();
      RunResult.Spectrum l = m.latency();
      sb.append(String.format(Locale.ROOT, "  %s latency: p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  (%d ok, %d errors)%n",
          e.getKey(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.p9999()), ms(l.max()), m.ok(), m.errors()));
      sb.append(String.format(Locale.ROOT, "  %s service time p99 %s, send lag p99 %s%n",
          e.getKey(), ms(m.serviceTime().p99()), ms(m.sendLag().p99())));
      m.errorKinds().forEach((kind, n) -> sb.append("    error ").append(kind).append(": ").append(n).append('\n'));
    }
    RunResult.Metric primary = r.primary();
    if (!primary.seconds().isEmpty()) {
      sb.append("  per second (").append(r.primaryMetric()).append("):  s      ok  errors      p50        p99        max\n");
      for (RunResult.Second s : primary.seconds()) {
        sb.append(String.format(Locale.ROOT, "  %25d %7d %7d %10s %10s %10s%n", s.second(), s.ok(), s.errors(),
            ms(s.p50()), ms(s.p99()), ms(s.max())));
      }
    }
    for (String n : r.notes()) sb.append("  note: ").append(n).append('\n');
    return sb.toString();
  }

  /** The latency-versus-throughput curve of a sweep, one rate a line. */
  static String sweepTable(RateSweep.Result r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%10s %12s %12s %12s %12s %12s  %s%n",
        "requested", "achieved", "p50", "p99", "p99.9", "max", "objective"));
    for (RateSweep.Point p : r.curve()) {
      sb.append(String.format(Locale.ROOT, "%8d/s %10.1f/s %12s %12s %12s %12s  %s%n", p.requestedRate(), p.achievedRate(),
          ms(p.p50()), ms(p.p99()), ms(p.p999()), ms(p.max()), p.pass() ? "met" : "missed: " + p.reason()));
    }
    return sb.toString();
  }
}
