package io.streamcert.reports.scorecard;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A certification run judged by a policy: the one document every report format renders.
 *
 * <p>Build the {@link Run} from the suites' results, then have a policy assess it
 * ({@code Policy.assess}); read a saved one back with {@link ScorecardJson#read}.
 *
 * @param schemaVersion the version of the JSON layout it was written with or read from
 * @param run the checks as judged (thresholds applied) and everything else the run recorded
 */
public record Scorecard(String schemaVersion, Run run, Assessment assessment) {

  /** The JSON layout's version; bumped on any incompatible change to {@code scorecard.schema.json}. */
  public static final String SCHEMA_VERSION = "1";

  public Scorecard {
    Values.text(schemaVersion, "schemaVersion");
    Objects.requireNonNull(run, "run is required");
    Objects.requireNonNull(assessment, "assessment is required");
    for (Regression r : assessment.regressions()) {
      if (run.check(r.check()).isEmpty()) {
        throw new IllegalArgumentException("regression names check '" + r.check() + "', which is not in this scorecard");
      }
    }
  }

  /** A scorecard in the current layout. */
  public static Scorecard of(Run run, Assessment assessment) {
    return new Scorecard(SCHEMA_VERSION, run, assessment);
  }

  public List<Check> checks() {
    return run.checks();
  }

  public Target target() {
    return run.target();
  }

  public GateResult verdict() {
    return assessment.verdict();
  }

  /** How long the run took, from start to finish. */
  public Duration duration() {
    return Duration.between(run.started(), run.finished());
  }

  /** How many checks have this status. */
  public long count(Status status) {
    return run.checks().stream().filter(c -> c.status() == status).count();
  }
}
