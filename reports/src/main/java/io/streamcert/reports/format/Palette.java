package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.Readiness;
import io.streamcert.reports.scorecard.Status;
import java.util.List;

/** The colours of every report, so that a status looks the same in the HTML, its charts and the badge. */
final class Palette {

  static final String PASS = "#1a7f37";
  static final String FAIL = "#cf222e";
  static final String INCONCLUSIVE = "#bf8700";
  static final String NOT_APPLICABLE = "#8c959f";
  static final String NOT_RUN = "#d0d7de";
  static final String INK = "#1f2328";
  static final String MUTED = "#59636e";
  static final String GRID = "#e6e9ed";
  static final String FAULT = "#cf222e";

  /** Line colours for series, in order; they repeat past six. */
  static final List<String> LINES = List.of("#0969da", "#e16f24", "#8250df", "#1b7c83", "#bf3989", "#953800");

  private Palette() {}

  static String of(Status s) {
    return switch (s) {
      case PASS -> PASS;
      case FAIL -> FAIL;
      case INCONCLUSIVE -> INCONCLUSIVE;
      case NOT_APPLICABLE -> NOT_APPLICABLE;
      case NOT_RUN -> NOT_RUN;
    };
  }

  static String of(Readiness r) {
    return switch (r) {
      case READY -> PASS;
      case PROTOTYPE -> INCONCLUSIVE;
      case NOT_READY -> FAIL;
      case NOT_RUN -> NOT_APPLICABLE;
    };
  }

  static String of(GateResult g) {
    return g == GateResult.PASSED ? PASS : FAIL;
  }

  static String line(int index) {
    return LINES.get(index % LINES.size());
  }
}
