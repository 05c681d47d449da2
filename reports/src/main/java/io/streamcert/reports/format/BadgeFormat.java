package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.Scorecard;

/**
 * Writes {@code badge.svg}, a shields.io-style flat badge: "streamcert | LEVEL" with the right half
 * green when the gate passed and red when it failed. Text widths are estimated from Verdana's
 * metrics, as shields does, so the badge needs no font at render time.
 */
final class BadgeFormat implements ReportFormat {

  private static final String LABEL = "streamcert";
  private static final String GREEN = "#4c1";
  private static final String RED = "#e05d44";

  @Override
  public String fileName() {
    return "badge.svg";
  }

  @Override
  public String render(Scorecard card) {
    String message = Text.level(card);
    String colour = card.verdict() == GateResult.PASSED ? GREEN : RED;
    int left = (int) Math.round(width(LABEL)) + 10;
    int right = (int) Math.round(width(message)) + 10;
    int total = left + right;
    String title = Html.escape(LABEL + ": " + message + " (gate " + card.verdict().label() + ")");
    String m = Html.escape(message);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + total + "\" height=\"20\" role=\"img\" aria-label=\"" + title + "\">"
        + "<title>" + title + "</title>"
        + "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>"
        + "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
        + "<clipPath id=\"r\"><rect width=\"" + total + "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>"
        + "<g clip-path=\"url(#r)\"><rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
        + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + colour + "\"/>"
        + "<rect width=\"" + total + "\" height=\"20\" fill=\"url(#s)\"/></g>"
        + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\"" + half(left) + "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" + LABEL + "</text>"
        + "<text x=\"" + half(left) + "\" y=\"14\">" + LABEL + "</text>"
        + "<text x=\"" + half(left + left + right) + "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" + m + "</text>"
        + "<text x=\"" + half(left + left + right) + "\" y=\"14\">" + m + "</text>"
        + "</g></svg>\n";
  }

  private static String half(int doubled) {
    return doubled % 2 == 0 ? Integer.toString(doubled / 2) : (doubled / 2) + ".5";
  }

  /** Estimates the width in pixels of text in 11px Verdana. */
  static double width(String text) {
    double w = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("iljI.,:;'!|".indexOf(c) >= 0) w += 3.4;
      else if ("ftr() -".indexOf(c) >= 0) w += 4.6;
      else if ("mwMW".indexOf(c) >= 0) w += 10.2;
      else if (Character.isUpperCase(c)) w += 7.6;
      else if (Character.isDigit(c)) w += 7.0;
      else w += 6.6;
    }
    return w;
  }
}
