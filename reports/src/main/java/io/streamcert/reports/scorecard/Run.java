package io.streamcert.reports.scorecard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one certification run measured, before a policy judges it: who ran it, against what, on
 * which machine, when, the checks' results and the series behind the charts.
 *
 * @param checks in the order reports list them; ids are unique
 * @param series charts' data; each names an existing check or none
 */
public record Run(
    Harness harness, Target target, Environment environment, Instant started, Instant finished, List<Check> checks, List<Series> series) {

  public Run {
    Objects.requireNonNull(harness, "harness is required");
    Objects.requireNonNull(target, "target is required");
    Objects.requireNonNull(environment, "environment is required");
    Objects.requireNonNull(started, "started is required");
    Objects.requireNonNull(finished, "finished is required");
    if (finished.isBefore(started)) {
      throw new IllegalArgumentException("finished (" + finished + ") is before started (" + started + ")");
    }
    checks = Values.list(checks, "checks");
    series = Values.list(series, "series");
    Set<String> ids = new HashSet<>();
    for (Check c : checks) {
      if (!ids.add(c.id())) throw new IllegalArgumentException("check id '" + c.id() + "' appears twice; check ids must be unique");
    }
    for (Series s : series) {
      if (s.check() != null && !ids.contains(s.check())) {
        throw new IllegalArgumentException("series '" + s.name() + "' belongs to check '" + s.check() + "', which is not in this run");
      }
    }
  }

  /** The check with this id, if any. */
  public Optional<Check> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** Returns a copy with other checks (same order as given), keeping everything else. */
  public Run withChecks(List<Check> newChecks) {
    return new Run(harness, target, environment, started, finished, newChecks, series);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a run's parts; checks and series are added one at a time or as lists. */
  public static final class Builder {
    private Harness harness;
    private Target target;
    private Environment environment;
    private Instant started;
    private Instant finished;
    private final List<Check> checks = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();

    private Builder() {}

    public Builder harness(Harness harness) {
      this.harness = harness;
      return this;
    }

    public Builder target(Target target) {
      this.target = target;
      return this;
    }

    public Builder environment(Environment environment) {
      this.environment = environment;
      return this;
    }

    public Builder started(Instant started) {
      this.started = started;
      return this;
    }

    public Builder finished(Instant finished) {
      this.finished = finished;
      return this;
    }

    public Builder check(Check check) {
      checks.add(check);
      return this;
    }

    public Builder checks(List<Check> more) {
      checks.addAll(more);
      return this;
    }

    public Builder series(Series one) {
      series.add(one);
      return this;
    }

    public Builder series(List<Series> more) {
      series.addAll(more);
      return this;
    }

    public Run build() {
      return new Run(harness, target, environment, started, finished, checks, series);
    }
  }
}
