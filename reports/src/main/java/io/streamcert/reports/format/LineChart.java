package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Numbers;
import io.streamcert.reports.scorecard.Point;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws series of one kind as lines on shared axes: a latency spectrum on a percentile axis
 * stretched towards the tail (0%, 90%, 99%, 99.9%, ... equally spaced, as HdrHistogram plots it),
 * or values over time on a linear axis with fault windows shaded.
 */
final class LineChart {

  private static final int WIDTH = 1080;
  private static final int HEIGHT = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 40;
  private static final int TOP = 40;
  private static final int BOTTOM = 46;
  private static final int MARKERS_UP_TO = 40;

  private LineChart() {}

  /** Returns the chart, or null when no series has a point. */
  static String render(String title, SeriesKind kind, List<Series> series) {
    if (series.stream().allMatch(s -> s.points().isEmpty())) return null;
    boolean spectrum = kind == SeriesKind.LATENCY_SPECTRUM;
    double xMin = Double.MAX_VALUE;
    double xMax = -Double.MAX_VALUE;
    double yMin = 0;
    double yMax = -Double.MAX_VALUE;
    for (Series s : series) {
      for (Point p : s.points()) {
        double x = spectrum ? tail(p.x()) : p.x();
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, p.y());
        yMax = Math.max(yMax, p.y());
      }
      if (!spectrum) {
        for (Window w : s.windows()) {
          xMin = Math.min(xMin, w.from());
          xMax = Math.max(xMax, w.to());
        }
      }
    }
    if (spectrum) {
      xMin = 0;
      xMax = Math.max(2, Math.ceil(xMax - 1e-9));
    }
    double[] yTicks = ticks(yMin, yMax <= yMin ? yMin + 1 : yMax);
    double y0 = yTicks[0];
    double y1 = yTicks[yTicks.length - 1];
    double[] xTicks = spectrum ? integers(xMax) : ticks(xMin, xMax <= xMin ? xMin + 1 : xMax);
    double x0 = spectrum ? 0 : xTicks[0];
    double x1 = spectrum ? xMax : xTicks[xTicks.length - 1];
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    Scale sx = v -> LEFT + (v - x0) / (x1 - x0) * plotW;
    Scale sy = v -> TOP + plotH - (v - y0) / (y1 - y0) * plotH;

    Svg svg = new Svg(WIDTH, HEIGHT, title);
    String xUnit = series.get(0).xUnit();
    String yUnit = series.get(0).yUnit();
    // Fault windows under everything else.
    if (!spectrum) {
      for (Series s : series) {
        for (Window w : s.windows()) {
          double a = sx.at(w.from());
          double b = sx.at(w.to());
          svg.rect(a, TOP, Math.max(b - a, 2), plotH, Palette.FAULT, "fill-opacity=\"0.12\"",
              w.label() + ": " + Numbers.value(w.from()) + "–" + Numbers.value(w.to()) + " " + xUnit);
          svg.line(a, TOP, a, TOP + plotH, Palette.FAULT, "stroke-dasharray=\"4 3\" stroke-opacity=\"0.6\"");
          svg.line(b, TOP, b, TOP + plotH, Palette.FAULT, "stroke-dasharray=\"4 3\" stroke-opacity=\"0.6\"");
          svg.text(a + 4, TOP + 14, w.label(), "start", Palette.FAULT, "font-size=\"11\" font-weight=\"600\"");
        }
      }
    }
    for (double t : yTicks) {
      double y = sy.at(t);
      svg.line(LEFT, y, LEFT + plotW, y, Palette.GRID, null);
      svg.text(LEFT - 8, y + 4, Numbers.value(t), "end", Palette.MUTED, "font-size=\"11\"");
    }
    for (double t : xTicks) {
      double x = sx.at(t);
      svg.line(x, TOP + plotH, x, TOP + plotH + 5, Palette.MUTED, null);
      if (spectrum) svg.line(x, TOP, x, TOP + plotH, Palette.GRID, "stroke-dasharray=\"2 3\"");
      svg.text(x, TOP + plotH + 19, spectrum ? percentileLabel(t) : Numbers.value(t), "middle", Palette.MUTED, "font-size=\"11\"");
    }
    svg.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, Palette.MUTED, null);
    svg.line(LEFT, TOP, LEFT, TOP + plotH, Palette.MUTED, null);
    svg.text(LEFT + plotW / 2, HEIGHT - 6, spectrum ? "percentile" : axisTitle("time", xUnit), "middle", Palette.MUTED, "font-size=\"12\"");
    svg.text(16, TOP + plotH / 2, yUnit.isEmpty() ? "value" : yUnit, "middle", Palette.MUTED,
        "font-size=\"12\" transform=\"rotate(-90 16 " + Svg.num(TOP + plotH / 2) + ")\"");

    double legendX = LEFT;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = Palette.line(i);
      svg.line(legendX, 18, legendX + 18, 18, colour, "stroke-width=\"3\"");
      String name = s.name().length() > 40 ? s.name().substring(0, 39) + "…" : s.name();
      svg.text(legendX + 24, 22, name, "start", Palette.INK, "font-size=\"12\"");
      legendX += 40 + name.length() * 6.6;
      List<Point> points = new ArrayList<>(s.points());
      if (points.isEmpty()) continue;
      double[] xs = new double[points.size()];
      double[] ys = new double[points.size()];
      for (int j = 0; j < points.size(); j++) {
        Point p = points.get(j);
        xs[j] = sx.at(spectrum ? tail(p.x()) : p.x());
        ys[j] = sy.at(p.y());
      }
      svg.polyline(xs, ys, colour, s.name());
      if (points.size() <= MARKERS_UP_TO) {
        for (int j = 0; j < points.size(); j++) {
          Point p = points.get(j);
          String at = spectrum ? "p" + Numbers.fixed(p.x(), 4) : Numbers.value(p.x()) + " " + xUnit;
          svg.circle(xs[j], ys[j], 3, colour, s.name() + " @ " + at + ": " + Numbers.withUnit(p.y(), yUnit));
        }
      }
    }
    return svg.end();
  }

  /** Maps a percentile to its tail position: 0 → 0, 90 → 1, 99 → 2, 99.9 → 3. */
  static double tail(double percentile) {
    return Math.log10(100 / (100 - percentile));
  }

  private static String percentileLabel(double tail) {
    if (tail == 0) return "0%";
    double p = 100 - 100 / Math.pow(10, tail);
    return Numbers.fixed(p, Math.max(0, (int) tail - 2 + 1)) + "%";
  }

  private static double[] integers(double max) {
    double[] out = new double[(int) max + 1];
    for (int i = 0; i < out.length; i++) out[i] = i;
    return out;
  }

  /** About five round ticks covering [min, max]. */
  static double[] ticks(double min, double max) {
    double raw = (max - min) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      step = m * magnitude;
      if (step >= raw) break;
    }
    double start = Math.floor(min / step) * step;
    double end = Math.ceil(max / step - 1e-9) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = start + i * step;
    return out;
  }

  private static String axisTitle(String what, String unit) {
    return unit.isEmpty() ? what : what + " (" + unit + ")";
  }

  @FunctionalInterface
  private interface Scale {
    double at(double value);
  }
}
