package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Numbers;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.reports.scorecard.Target;
import java.util.ArrayList;
import java.util.List;

/** Phrases that several formats print the same way: a check's value and threshold, the totals, the target. */
final class Text {

  private Text() {}

  /** {@code 12.5 ms (max 50 ms)}, {@code 12.5 ms}, or empty for a check without a measurement. */
  static String value(Check c) {
    Measurement m = c.measurement();
    if (m == null) return "";
    String v = Numbers.withUnit(m.value(), m.unit());
    if (m.threshold() == null) return v;
    String bound = m.direction() == io.streamcert.reports.scorecard.Direction.LOWER_IS_BETTER ? "max " : "min ";
    return v + " (" + bound + Numbers.withUnit(m.threshold(), m.unit()) + ")";
  }

  /** {@code 9.2/10}, or {@code –} when nothing was scored. */
  static String score(Scorecard card) {
    Double s = card.assessment().score();
    return s == null ? "–" : Numbers.fixed(s, 1) + "/10";
  }

  static String score(Check c) {
    return c.score() == null ? "–" : Numbers.fixed(c.score(), 1);
  }

  /** {@code 800 passed, 3 failed, 37 not applicable} (zero counts other than passed and failed left out). */
  static String totals(Scorecard card) {
    List<String> parts = new ArrayList<>();
    for (Status s : Status.values()) {
      long n = card.count(s);
      if (n > 0 || s == Status.PASS || s == Status.FAIL) parts.add(n + " " + (s == Status.PASS ? "passed" : s == Status.FAIL ? "failed" : s.label().replace('-', ' ')));
    }
    return String.join(", ", parts);
  }

  /** {@code acme-streams 2.3} or the name alone when the version is unknown. */
  static String target(Target t) {
    return t.version() == null ? t.name() : t.name() + " " + t.version();
  }

  /** The first line of a message, cut to {@code max} characters; empty for none. */
  static String firstLine(String message, int max) {
    if (message == null) return "";
    String line = message.strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) line = line.substring(0, nl).strip();
    return line.length() > max ? line.substring(0, max - 1) + "…" : line;
  }

  /** The level reached, or {@code no level}. */
  static String level(Scorecard card) {
    return card.assessment().level() == null ? "no level" : card.assessment().level();
  }
}
