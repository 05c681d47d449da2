package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Direction;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Numbers;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a scorecard with a baseline, check by check (matched by id), and lists what got worse:
 * a check that passed and now fails, or a numeric result that moved the wrong way by more than the
 * policy's tolerance. Checks only in one of the two, and numeric results in different units, are
 * not compared.
 */
public final class Baselines {

  private Baselines() {}

  /** Lists the regressions of {@code now} against {@code base}, in the order of {@code now}'s checks. */
  public static List<Regression> compare(Scorecard base, Scorecard now, Policy policy) {
    return compare(base.checks(), now.checks(), policy);
  }

  static List<Regression> compare(List<Check> base, List<Check> now, Policy policy) {
    Map<String, Check> before = new HashMap<>();
    for (Check c : base) before.put(c.id(), c);
    List<Regression> out = new ArrayList<>();
    for (Check after : now) {
      Check was = before.get(after.id());
      if (was == null) continue;
      if (was.status() == Status.PASS && after.status() == Status.FAIL) {
        out.add(new Regression(after.id(), after.title(), Regression.Kind.STATUS, state(was), state(after), null, null));
        continue;
      }
      Regression numeric = numeric(was, after, policy.tolerancePercent(after.id()));
      if (numeric != null) out.add(numeric);
    }
    return out;
  }

  private static String state(Check c) {
    return c.measurement() == null ? c.status().label() : value(c.measurement()) + " (" + c.status().label() + ")";
  }

  private static String value(Measurement m) {
    return Numbers.withUnit(m.value(), m.unit());
  }

  private static Regression numeric(Check was, Check after, double tolerance) {
    Measurement b = was.measurement();
    Measurement a = after.measurement();
    if (b == null || a == null || !b.unit().equals(a.unit())) return null;
    if (!was.status().ran() || !after.status().ran()) return null;
    double worse = a.direction() == Direction.LOWER_IS_BETTER ? a.value() - b.value() : b.value() - a.value();
    if (worse <= 0) return null;
    Double percent = b.value() == 0 ? null : worse / Math.abs(b.value()) * 100;
    if (percent != null && percent <= tolerance) return null;
    return new Regression(after.id(), after.title(), Regression.Kind.NUMERIC, value(b), value(a),
        percent == null ? null : Math.round(percent * 10) / 10.0, tolerance);
  }
}
