package io.streamcert.reports.scorecard;

/** What a {@link Series} measures, which decides the chart it is drawn in. */
public enum SeriesKind {
  /** Latency (y) by percentile (x, 0–100), as HdrHistogram's percentile spectrum. */
  LATENCY_SPECTRUM,
  /** Throughput (y) over elapsed time (x, seconds). */
  THROUGHPUT,
  /** Any value (y) over elapsed time (x, seconds) during a chaos run; fault windows are shaded. */
  TIMELINE,
  /** Anything else, drawn as a plain line chart. */
  OTHER;

  public String label() {
    return Labels.of(this);
  }

  public static SeriesKind parse(String text) {
    return Labels.parse(SeriesKind.class, "series kind", text, SeriesKind::label);
  }
}
