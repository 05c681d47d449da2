package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.chaos.availability.Availability;
import io.streamcert.chaos.availability.AvailabilityOptions;
import io.streamcert.chaos.checker.HistoryChecker;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.HistoryHeader;
import io.streamcert.chaos.scenario.ScenarioResult;
import io.streamcert.chaos.scenario.Schedule;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgChecksTest {

  @Test
  void aFailoverThatKeptEveryCommitPassesWithItsOutageMeasured() {
    List<Check> checks = PgChecks.of(result(figures(0, 1200), List.of()), "resilience.pg-failover", "chaos/checker.json");
    assertThat(checks).extracting(Check::id)
        .containsExactly("resilience.pg-failover.no-lost-commits", "resilience.pg-failover.write-outage");
    assertThat(checks.get(0).status()).isEqualTo(Status.PASS);
    assertThat(checks.get(0).measurement().value()).isZero();
    assertThat(checks.get(1).status()).isEqualTo(Status.PASS);
    assertThat(checks.get(1).measurement().value()).isEqualTo(1200);
  }

  @Test
  void lostCommitsFailTheCheckWithTheProbesFinding() {
    String finding = "3 PostgreSQL commit(s) acknowledged to the probe were lost by the failover(s) (asynchronous"
        + " replication): probe rows [7, 8, 9]";
    List<Check> checks = PgChecks.of(result(figures(3, 400), List.of(finding)), "resilience.pg-failover-async", "x");
    assertThat(checks.get(0).status()).isEqualTo(Status.FAIL);
    assertThat(checks.get(0).measurement().value()).isEqualTo(3);
    assertThat(checks.get(0).message()).contains("3 lost").contains("probe rows [7, 8, 9]");
  }

  @Test
  void aWriteOutageOverTheLimitFailsAndMissingFiguresAreInconclusive() {
    assertThat(PgChecks.of(result(figures(0, 45_000), List.of()), "p", "x").get(1).status()).isEqualTo(Status.FAIL);
    List<Check> none = PgChecks.of(result(Map.of(), List.of("the PostgreSQL probe could not check: refused")), "p", "x");
    assertThat(none).extracting(Check::status).containsExactly(Status.INCONCLUSIVE, Status.INCONCLUSIVE);
    assertThat(none.get(0).message()).contains("refused");
  }

  private static Map<String, Double> figures(long lost, double outageMillis) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("pg_failovers", 3.0);
    m.put("pg_promotion_ms_max", 300.0);
    m.put("pg_write_unavailability_ms_max", outageMillis);
    m.put("pg_probe_acknowledged", 900.0);
    m.put("pg_probe_lost", (double) lost);
    return m;
  }

  private static ScenarioResult result(Map<String, Double> figures, List<String> problems) {
    History h = History.of(HistoryHeader.of(Instant.parse("2026-01-01T00:00:00Z"), Map.of("scenario", "pg-failover")),
        List.of(), List.of());
    return new ScenarioResult("pg-failover", 5, Schedule.generate(5, true), Path.of("run"), h,
        HistoryChecker.standard().check(h), Availability.analyze(h, AvailabilityOptions.DEFAULTS), problems, List.of(),
        1000, figures);
  }
}
