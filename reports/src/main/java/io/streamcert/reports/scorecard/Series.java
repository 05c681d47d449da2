package io.streamcert.reports.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named sequence of (x, y) points with units, drawn as a chart in the HTML report: a latency
 * percentile spectrum, throughput over time, a chaos timeline with its fault windows shaded.
 *
 * @param check the id of the check it belongs to; null when it belongs to the whole scorecard
 * @param windows spans to shade (fault windows); empty when none
 */
public record Series(
    String name, SeriesKind kind, String check, String xUnit, String yUnit, List<Point> points, List<Window> windows) {

  public Series {
    Values.singleLine(Values.text(name, "series name"), "series name");
    Objects.requireNonNull(kind, "kind of series '" + name + "' is required");
    Values.optionalText(check, "check of series '" + name + "'");
    Objects.requireNonNull(xUnit, "x unit of series '" + name + "' is required (\"\" for none)");
    Objects.requireNonNull(yUnit, "y unit of series '" + name + "' is required (\"\" for none)");
    points = Values.list(points, "points of series '" + name + "'");
    windows = Values.list(windows, "windows of series '" + name + "'");
    if (kind == SeriesKind.LATENCY_SPECTRUM) {
      for (Point p : points) {
        if (p.x() < 0 || p.x() >= 100) {
          throw new IllegalArgumentException("series '" + name + "' is a latency spectrum, so x is a percentile in [0, 100) but one point has x = " + p.x());
        }
      }
    }
  }

  /** Starts a series; the units default to those usual for the kind. */
  public static Builder builder(String name, SeriesKind kind) {
    return new Builder(name, kind);
  }

  /** Collects a series' points and optional fields. */
  public static final class Builder {
    private final String name;
    private final SeriesKind kind;
    private String check;
    private String xUnit;
    private String yUnit;
    private final List<Point> points = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();

    private Builder(String name, SeriesKind kind) {
      this.name = name;
      this.kind = kind;
      this.xUnit = kind == SeriesKind.LATENCY_SPECTRUM ? "percentile" : kind == SeriesKind.OTHER ? "" : "s";
      this.yUnit = kind == SeriesKind.LATENCY_SPECTRUM ? "ms" : kind == SeriesKind.THROUGHPUT ? "ops/s" : "";
    }

    /** Attaches the series to a check of the same scorecard. */
    public Builder check(String checkId) {
      this.check = checkId;
      return this;
    }

    public Builder xUnit(String unit) {
      this.xUnit = unit;
      return this;
    }

    public Builder yUnit(String unit) {
      this.yUnit = unit;
      return this;
    }

    public Builder point(double x, double y) {
      points.add(new Point(x, y));
      return this;
    }

    public Builder points(List<Point> more) {
      points.addAll(more);
      return this;
    }

    /** Adds a span to shade, such as the time a fault was active. */
    public Builder window(String label, double from, double to) {
      windows.add(new Window(label, from, to));
      return this;
    }

    public Series build() {
      return new Series(name, kind, check, xUnit, yUnit, points, windows);
    }
  }
}
