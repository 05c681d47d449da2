package io.streamcert.reports.scorecard;

import java.util.List;
import java.util.Objects;

/**
 * The computed status of one aspect and the counts behind it.
 *
 * @param reason one sentence on why the status is what it is
 * @param skipped checks behind the aspect that were not applicable or not run
 * @param failures ids of the aspect's checks that failed
 */
public record AspectResult(
    Aspect aspect, Readiness readiness, int passed, int failed, int inconclusive, int skipped, String reason, List<String> failures) {

  public AspectResult {
    Objects.requireNonNull(aspect, "aspect is required");
    Objects.requireNonNull(readiness, "readiness of aspect " + aspect.label() + " is required");
    if (passed < 0 || failed < 0 || inconclusive < 0 || skipped < 0) {
      throw new IllegalArgumentException("counts of aspect " + aspect.label() + " must not be negative");
    }
    Values.text(reason, "reason of aspect " + aspect.label());
    failures = Values.list(failures, "failed checks of aspect " + aspect.label());
    if (readiness == Readiness.NOT_RUN && passed + failed + inconclusive > 0) {
      throw new IllegalArgumentException("aspect " + aspect.label() + " is not-run but " + (passed + failed + inconclusive) + " of its checks ran");
    }
  }

  /** Checks that ran: passed, failed or inconclusive. */
  public int ran() {
    return passed + failed + inconclusive;
  }
}
