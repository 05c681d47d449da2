package io.streamcert.reports.format;

import io.streamcert.reports.Samples;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Status;
import java.time.Instant;
import java.util.List;

/** An earlier run of {@link Samples#run()} in which the ETag check passed and the fan-out latency was lower. */
final class BaselineSamples {

  private BaselineSamples() {}

  static Run before() {
    List<Check> checks = Samples.checks().stream().map(c -> switch (c.id()) {
      case "conformance.read.etag-on-catch-up" -> c.toBuilder().status(Status.PASS).message(null).evidence(List.of()).build();
      case "perf.read.fanout-latency-p99" -> c.toBuilder().measurement(Measurement.of(24.0, "ms", c.measurement().direction())).build();
      default -> c;
    }).toList();
    return Samples.runBuilder().started(Instant.parse("2026-11-21T10:00:00Z")).finished(Instant.parse("2026-11-21T10:07:00Z"))
        .checks(checks).build();
  }
}
