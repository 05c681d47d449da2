package io.streamcert.reports.format;

import java.util.Locale;

/** Builds one inline SVG element; every text it is given is escaped, every number printed in {@link Locale#ROOT}. */
final class Svg {

  private final StringBuilder sb = new StringBuilder();

  /**
   * Starts an SVG that scales to its container's width.
   *
   * @param label read by screen readers, and by the tests that check a chart was drawn
   */
  Svg(int width, int height, String label) {
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" width=\"100%\" role=\"img\" aria-label=\"").append(Html.escape(label)).append("\">\n");
  }

  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    if (s.endsWith(".0")) s = s.substring(0, s.length() - 2);
    return s.equals("-0") ? "0" : s;
  }

  Svg rect(double x, double y, double w, double h, String fill, String extra) {
    sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(Math.max(0, w)))
        .append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    if (extra != null) sb.append(' ').append(extra);
    sb.append("/>\n");
    return this;
  }

  /** A rectangle with a tooltip. */
  Svg rect(double x, double y, double w, double h, String fill, String extra, String tooltip) {
    sb.append("<g><title>").append(Html.escape(tooltip)).append("</title>");
    rect(x, y, w, h, fill, extra);
    sb.append("</g>\n");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
    sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
        .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke).append('"');
    if (extra != null) sb.append(' ').append(extra);
    sb.append("/>\n");
    return this;
  }

  /** Draws text; {@code anchor} is start, middle or end. */
  Svg text(double x, double y, String text, String anchor, String fill, String extra) {
    sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
        .append("\" fill=\"").append(fill).append('"');
    if (extra != null) sb.append(' ').append(extra);
    sb.append('>').append(Html.escape(text)).append("</text>\n");
    return this;
  }

  /** Draws a polyline through {@code xs}/{@code ys} (same length). */
  Svg polyline(double[] xs, double[] ys, String stroke, String tooltip) {
    sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
    for (int i = 0; i < xs.length; i++) {
      if (i > 0) sb.append(' ');
      sb.append(num(xs[i])).append(',').append(num(ys[i]));
    }
    sb.append("\"><title>").append(Html.escape(tooltip)).append("</title></polyline>\n");
    return this;
  }

  Svg circle(double x, double y, double r, String fill, String tooltip) {
    sb.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"").append(num(r))
        .append("\" fill=\"").append(fill).append("\"><title>").append(Html.escape(tooltip)).append("</title></circle>\n");
    return this;
  }

  String end() {
    return sb.append("</svg>\n").toString();
  }
}
