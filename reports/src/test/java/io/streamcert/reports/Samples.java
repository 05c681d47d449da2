package io.streamcert.reports;

import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Direction;
import io.streamcert.reports.scorecard.Environment;
import io.streamcert.reports.scorecard.Harness;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.reports.scorecard.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deterministic runs for tests: the same bytes every time, so golden files can fix the formats.
 *
 * <p>{@link #run()} is a target that is Conformant (only SHOULD- and MAY-level conformance checks
 * fail) but not Reliable, with performance results and series for every chart kind, a resilience
 * check with a chaos timeline, and no observability, security or operability checks that ran.
 */
public final class Samples {

  public static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  public static final Instant FINISHED = Instant.parse("2026-11-22T10:07:31.250Z");

  private Samples() {}

  public static Run.Builder runBuilder() {
    return Run.builder()
        .harness(new Harness("0.1.0-SNAPSHOT", "4bf3453"))
        .target(Target.builder("reference server", URI.create("http://127.0.0.1:4437"))
            .version("0.1.0").features(List.of("core", "json", "long-poll", "sse", "closure", "fork", "ttl"))
            .storage("memory").fsync("none").build())
        .environment(new Environment("Linux 6.1 (amd64)", 2, 8L * 1024 * 1024 * 1024, "Debian OpenJDK 17.0.15", 42L))
        .started(STARTED)
        .finished(FINISHED);
  }

  public static Run run() {
    return runBuilder().checks(checks()).series(series()).build();
  }

  /** The conformance part of {@link #checks()} only: what the CLI can adapt today. */
  public static Run conformanceOnly() {
    return runBuilder().checks(checks().stream().filter(c -> c.category() == Category.CONFORMANCE).toList()).build();
  }

  public static List<Check> checks() {
    return List.of(
        conformance("conformance.create.put-creates-stream", "Create", "PUT on a new path creates the stream and answers 201", Risk.CRITICAL, Status.PASS, "DS-5.1-01"),
        conformance("conformance.create.idempotent-same-config", "Create", "PUT with the same configuration on an existing stream answers 200", Risk.CRITICAL, Status.PASS, "DS-5.1-04"),
        conformance("conformance.create.conflicting-config-409", "Create", "PUT with a different configuration answers 409", Risk.CRITICAL, Status.PASS, "DS-5.1-05"),
        conformance("conformance.append.returns-next-offset", "Append", "POST returns the next offset in Stream-Next-Offset", Risk.CRITICAL, Status.PASS, "DS-5.2-01"),
        conformance("conformance.append.seq-regression-409", "Append", "A Stream-Seq lower than the last one answers 409", Risk.CRITICAL, Status.PASS, "DS-5.2-07"),
        conformance("conformance.append.content-type-mismatch", "Append", "An append with another content type answers 409", Risk.CRITICAL, Status.PASS, "DS-5.2-03"),
        conformance("conformance.read.catch-up-from-offset", "Read", "A read from an offset returns every later byte", Risk.CRITICAL, Status.PASS, "DS-5.5-01"),
        conformance("conformance.read.up-to-date-header", "Read", "A read at the tail says Stream-Up-To-Date: true", Risk.CRITICAL, Status.PASS, "DS-5.5-06"),
        conformance("conformance.read.etag-on-catch-up", "Read", "Catch-up reads carry an ETag", Risk.MEDIUM, Status.FAIL, "DS-5.5-11")
            .toBuilder().message("expected header ETag on a 200 catch-up read but the response had none\n--- exchange ---\nGET /v1/stream/s1?offset=-1 HTTP/1.1\nHTTP/1.1 200 OK\ncontent-type: text/plain")
            .evidence(List.of("evidence/conformance.read.etag-on-catch-up.txt")).build(),
        conformance("conformance.long-poll.wakes-on-append", "Long-poll", "A waiting long-poll returns when data is appended", Risk.CRITICAL, Status.PASS, "DS-5.6-02"),
        conformance("conformance.long-poll.timeout-204", "Long-poll", "A long-poll that times out answers 204 with the same offset", Risk.CRITICAL, Status.PASS, "DS-5.6-04"),
        conformance("conformance.sse.control-event-offset", "SSE", "Every SSE data event is followed by a control event with the next offset", Risk.CRITICAL, Status.PASS, "DS-5.7-03"),
        conformance("conformance.sse.retry-field", "SSE", "The SSE stream sets a retry interval", Risk.LOW, Status.FAIL, "DS-5.7-09")
            .toBuilder().message("no retry: field in the first 4 KiB of the event stream").build(),
        conformance("conformance.closure.append-after-close-409", "Closure", "An append to a closed stream answers 409", Risk.CRITICAL, Status.PASS, "DS-5.9-02"),
        conformance("conformance.closure.close-is-idempotent", "Closure", "Closing a closed stream again succeeds", Risk.MEDIUM, Status.PASS, "DS-5.9-05"),
        conformance("conformance.fork.reads-parent-prefix", "Forks", "A fork reads its parent's bytes up to the fork point", Risk.CRITICAL, Status.PASS, "DS-5.10-01"),
        conformance("conformance.fork.ttl-inherited", "Forks", "A fork inherits its parent's TTL unless it sets one", Risk.MEDIUM, Status.INCONCLUSIVE, "DS-5.10-08")
            .toBuilder().message("precondition failed: the parent stream expired before the fork was created").build(),
        conformance("conformance.subscriptions.webhook", "Subscriptions", "A subscription delivers appends to its webhook", Risk.MEDIUM, Status.NOT_APPLICABLE, "DS-13.1-01")
            .toBuilder().message("the target does not declare the subscriptions feature").build(),
        Check.builder("perf.append.latency-p99", "p99 append latency at 2000 appends/s stays under 25 ms")
            .category(Category.PERFORMANCE).area("Append").risk(Risk.HIGH).status(Status.PASS)
            .measurement(Measurement.atMost(7.9, 25, "ms")).evidence("perf/append-latency.hgrm").duration(Duration.ofSeconds(60)).build(),
        Check.builder("perf.append.throughput", "Sustained append throughput reaches 5000 appends/s")
            .category(Category.PERFORMANCE).area("Append").risk(Risk.MEDIUM).status(Status.FAIL).score(8.4)
            .measurement(Measurement.atLeast(4210, 5000, "ops/s")).message("sustained 4210 appends/s, 84% of the 5000 required")
            .evidence("perf/append-throughput.csv").duration(Duration.ofSeconds(60)).build(),
        Check.builder("perf.read.fanout-latency-p99", "p99 delivery latency to 100 live readers")
            .category(Category.PERFORMANCE).area("Live reads").risk(Risk.MEDIUM).status(Status.PASS)
            .measurement(Measurement.of(31.5, "ms", Direction.LOWER_IS_BETTER)).duration(Duration.ofSeconds(60)).build(),
        Check.builder("chaos.kill-restart.no-acknowledged-write-lost", "No acknowledged append is lost when the server is killed and restarted")
            .category(Category.RESILIENCE).area("Process faults").risk(Risk.CRITICAL).status(Status.PASS)
            .measurement(Measurement.of(2.4, "s", Direction.LOWER_IS_BETTER)).requirement("DS-5.2-01")
            .evidence("chaos/kill-restart/history.edn").duration(Duration.ofSeconds(90)).build(),
        Check.builder("chaos.partition.recovers", "Clients resume from their last offset after a network partition heals")
            .category(Category.RESILIENCE).area("Network faults").risk(Risk.HIGH).status(Status.NOT_RUN)
            .message("the network fault backend is not available on this machine").build(),
        Check.builder("ops.graceful-shutdown", "SIGTERM drains in-flight requests before exiting")
            .category(Category.OPERABILITY).risk(Risk.MEDIUM).status(Status.NOT_RUN).message("no operability suite yet").build());
  }

  private static Check conformance(String id, String area, String title, Risk risk, Status status, String requirement) {
    return Check.builder(id, title).category(Category.CONFORMANCE).area(area).risk(risk).status(status)
        .requirement(requirement).duration(Duration.ofMillis(12 + id.length())).build();
  }

  public static List<Series> series() {
    Series.Builder reference = Series.builder("append latency, reference server", SeriesKind.LATENCY_SPECTRUM).check("perf.append.latency-p99");
    Series.Builder target = Series.builder("append latency, target", SeriesKind.LATENCY_SPECTRUM).check("perf.append.latency-p99");
    double[] percentiles = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999};
    double[] ref = {0.41, 1.2, 1.6, 2.3, 3.1, 5.2, 6.4, 9.8, 15.1, 22.0};
    double[] tgt = {0.52, 1.5, 2.1, 3.0, 4.2, 7.9, 9.1, 14.3, 21.7, 33.4};
    for (int i = 0; i < percentiles.length; i++) {
      reference.point(percentiles[i], ref[i]);
      target.point(percentiles[i], tgt[i]);
    }
    Series.Builder throughput = Series.builder("appends/s", SeriesKind.THROUGHPUT).check("perf.append.throughput");
    for (int s = 0; s <= 60; s += 5) throughput.point(s, s == 0 ? 0 : 4100 + (s * 37 % 230));
    Series.Builder timeline = Series.builder("acknowledged appends/s", SeriesKind.TIMELINE).check("chaos.kill-restart.no-acknowledged-write-lost")
        .yUnit("ops/s").window("kill -9", 30, 32.4).window("kill -9", 60, 62.1);
    for (int s = 0; s <= 90; s += 3) {
      boolean down = (s >= 30 && s < 33) || (s >= 60 && s < 63);
      timeline.point(s, down ? 0 : 1900 + (s * 53 % 180));
    }
    return List.of(reference.build(), target.build(), throughput.build(), timeline.build());
  }
}
