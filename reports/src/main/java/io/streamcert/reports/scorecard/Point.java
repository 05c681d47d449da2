package io.streamcert.reports.scorecard;

/** One (x, y) sample of a {@link Series}; both finite. */
public record Point(double x, double y) {

  public Point {
    Values.finite(x, "point x");
    Values.finite(y, "point y");
  }
}
