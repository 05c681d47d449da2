package io.streamcert.cli;

import io.streamcert.chaos.scenario.ScenarioResult;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Status;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Turns what the PostgreSQL probe of a {@code pg-failover} run measured into scorecard checks:
 * that no commit acknowledged before a failover was lost by it, and how long PostgreSQL took no
 * writes across a failover (from the last commit acknowledged by the old primary to the first by
 * the new one). These sit beside the generic chaos checks of {@link ResilienceChecks}, which judge
 * the streams the server serves.
 */
final class PgChecks {

  /** The longest write outage across one failover that passes. */
  static final double MAX_WRITE_OUTAGE_MILLIS = 30_000;

  private PgChecks() {}

  /**
   * The two checks for result {@code r}, with ids under {@code prefix} (such as {@code
   * resilience.pg-failover}) and {@code evidence} (the run's checker file).
   */
  static List<Check> of(ScenarioResult r, String prefix, String evidence) {
    String area = "Chaos: " + r.scenario();
    Check.Builder lost = Check.builder(prefix + ".no-lost-commits",
            "no PostgreSQL commit acknowledged before a failover is lost by it")
        .category(Category.RESILIENCE).area(area).risk(Risk.CRITICAL).evidence(evidence);
    OptionalDouble n = r.figure("pg_probe_lost");
    OptionalDouble acked = r.figure("pg_probe_acknowledged");
    if (n.isEmpty() || acked.isEmpty() || acked.getAsDouble() == 0) {
      lost.status(Status.INCONCLUSIVE).message("the PostgreSQL probe could not check its commits: "
          + String.join("; ", r.problems().isEmpty() ? List.of("no probe figures in the result") : r.problems()));
    } else {
      long count = (long) n.getAsDouble();
      lost.status(count == 0 ? Status.PASS : Status.FAIL).score(count == 0 ? 10.0 : 0.0)
          .measurement(Measurement.atMost(count, 0, "lost commits"))
          .message(String.format(Locale.ROOT, "%d commits acknowledged to the probe across %d failover(s); %d lost",
              (long) acked.getAsDouble(), (long) r.figure("pg_failovers").orElse(0), count)
              + problemsAbout(r, "PostgreSQL commit"));
    }
    Check.Builder outage = Check.builder(prefix + ".write-outage",
            "PostgreSQL takes writes again within " + (long) (MAX_WRITE_OUTAGE_MILLIS / 1000) + " s of a failover")
        .category(Category.RESILIENCE).area(area).risk(Risk.MEDIUM).evidence(evidence);
    OptionalDouble ms = r.figure("pg_write_unavailability_ms_max");
    if (ms.isEmpty()) {
      outage.status(Status.INCONCLUSIVE)
          .message("the probe saw no commit on the old primary before a kill or none on the new one after it");
    } else {
      boolean ok = ms.getAsDouble() <= MAX_WRITE_OUTAGE_MILLIS;
      outage.status(ok ? Status.PASS : Status.FAIL).score(ok ? 10.0 : 0.0)
          .measurement(Measurement.atMost(ms.getAsDouble(), MAX_WRITE_OUTAGE_MILLIS, "ms"))
          .message(String.format(Locale.ROOT, "longest write outage %.0f ms (last commit on the old primary to the first"
              + " on the new one); promotion took at most %.0f ms", ms.getAsDouble(),
              r.figure("pg_promotion_ms_max").orElse(Double.NaN)));
    }
    return List.of(lost.build(), outage.build());
  }

  private static String problemsAbout(ScenarioResult r, String topic) {
    StringBuilder b = new StringBuilder();
    for (String p : r.problems()) if (p.contains(topic)) b.append('\n').append(p);
    return b.toString();
  }
}
