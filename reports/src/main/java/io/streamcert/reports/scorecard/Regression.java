package io.streamcert.reports.scorecard;

import java.util.Objects;

/**
 * A check that got worse than in the baseline scorecard.
 *
 * @param before the baseline's status or value, as text (such as {@code pass} or {@code 12.5 ms})
 * @param after this run's status or value, as text
 * @param changePercent for a numeric regression, how much worse in percent of the baseline (always
 *     positive); null for a status regression or a baseline of 0
 * @param tolerancePercent for a numeric regression, the tolerance it exceeded; null otherwise
 */
public record Regression(
    String check, String title, Kind kind, String before, String after, Double changePercent, Double tolerancePercent) {

  /** What got worse. */
  public enum Kind {
    /** The check passed in the baseline and fails now. */
    STATUS,
    /** The numeric result moved the wrong way by more than the policy's tolerance. */
    NUMERIC;

    public String label() {
      return Labels.of(this);
    }

    public static Kind parse(String text) {
      return Labels.parse(Kind.class, "regression kind", text, Kind::label);
    }
  }

  public Regression {
    Values.text(check, "regression check");
    Values.text(title, "title of regression " + check);
    Objects.requireNonNull(kind, "kind of regression " + check + " is required");
    Values.text(before, "before of regression " + check);
    Values.text(after, "after of regression " + check);
    if (kind == Kind.NUMERIC && tolerancePercent == null) {
      throw new IllegalArgumentException("numeric regression " + check + " needs the tolerance it exceeded");
    }
  }

  /** One line for people: {@code perf.append.p99: 12 ms -> 15 ms (+25.0%, tolerance 10.0%)}. */
  public String describe() {
    if (kind == Kind.STATUS) return check + ": " + before + " -> " + after;
    String change = changePercent == null ? "from 0" : "+" + Numbers.fixed(changePercent, 1) + "% worse";
    return check + ": " + before + " -> " + after + " (" + change + ", tolerance " + Numbers.fixed(tolerancePercent, 1) + "%)";
  }
}
