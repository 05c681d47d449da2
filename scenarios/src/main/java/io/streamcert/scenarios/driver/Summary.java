package io.streamcert.scenarios.driver;

import java.util.Locale;

/** One-line human summaries of results, for progress output and the CLI. */
final class Summary {

  private Summary() {}

  static String line(RunResult r) {
    RunResult.Metric m = r.primary();
    RunResult.Spectrum l = m.latency();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: requested %d/s, achieved %.1f/s, ok %d, errors %d (%.3f%%)",
        r.workload(), r.requestedRate(), r.achievedRate(), r.ok(), r.errors(), r.errorRate() * 100));
    sb.append(String.format(Locale.ROOT, "; %s latency p50 %s p99 %s p99.9 %s max %s",
        r.primaryMetric(), Units.millis(l.p50()), Units.millis(l.p99()), Units.millis(l.p999()),
        Units.millis(l.max())));
    sb.append(String.format(Locale.ROOT, " (service p99 %s)", Units.millis(m.serviceTime().p99())));
    if (r.megabytesPerSecond() >= 1) sb.append(String.format(Locale.ROOT, "; %.1f MB/s", r.megabytesPerSecond()));
    return sb.toString();
  }
}
