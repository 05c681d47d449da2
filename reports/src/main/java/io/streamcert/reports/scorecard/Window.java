package io.streamcert.reports.scorecard;

/**
 * A span of a series' x axis to shade, such as the time a fault was active in a chaos run.
 *
 * @param label what happened, such as {@code partition leader}
 * @param from start on the x axis (seconds for time series)
 * @param to end on the x axis, at least {@code from}
 */
public record Window(String label, double from, double to) {

  public Window {
    Values.singleLine(Values.text(label, "window label"), "window label");
    Values.finite(from, "window '" + label + "' from");
    Values.finite(to, "window '" + label + "' to");
    if (to < from) throw new IllegalArgumentException("window '" + label + "' ends (" + to + ") before it starts (" + from + ")");
  }
}
