package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Environment;
import io.streamcert.reports.scorecard.Harness;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.reports.scorecard.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceChecksTest {

  /** Small runs: 20 appends/s, 10 ms objectives, 2 s windows, 2 sweep steps. */
  static final Policy POLICY = Policy.parse("""
      name: small
      thresholds:
        perf.append-100b.throughput: { min: 19, unit: ops/s }
        perf.append-100b.latency-p99: { max: 10, unit: ms }
        perf.append-100b.latency-p999: { max: 50, unit: ms }
        perf.append-100b.max-sustainable-rate: { min: 5, unit: ops/s }
        perf.end-to-end.latency-p99: { max: 10, unit: ms }
      performance: { rate: 20, objective-p99-ms: 10, end-to-end-rate: 10, end-to-end-readers: 2 }
      """, "small.yaml");

  static final PerformanceChecks.Timing SHORT =
      new PerformanceChecks.Timing(Duration.ofSeconds(2), Duration.ZERO, 2, Duration.ZERO);

  @TempDir Path dir;

  @Test
  void everyPerformanceCheckFailsAgainstATargetWhoseAppendsTake200Milliseconds() throws Exception {
    ServerConfig config = ServerConfig.builder().port(0).longPollTimeout(Duration.ofSeconds(2)).build();
    try (ReferenceServer slow = ReferenceServer.start(config, new SlowStore(200))) {
      Run run = measure(slow, POLICY);
      Map<String, Check> checks = byId(run);
      assertThat(checks.keySet()).containsExactlyElementsOf(PerformanceChecks.IDS);
      for (Check c : checks.values()) {
        assertThat(c.status()).as(c.id() + ": " + c.message()).isEqualTo(Status.FAIL);
        assertThat(c.measurement().meetsThreshold()).as(c.id()).isFalse();
      }
      // What each check says: the throughput run could not keep up, no rate was sustained.
      assertThat(checks.get(PerformanceChecks.THROUGHPUT).measurement().value()).isLessThan(19);
      assertThat(checks.get(PerformanceChecks.MAX_RATE).measurement().value()).isZero();
      assertThat(checks.get(PerformanceChecks.END_TO_END).measurement().value()).isGreaterThanOrEqualTo(200);
      // The policy judges them the same way the checks did.
      assertThat(POLICY.assess(run).checks()).filteredOn(c -> c.id().startsWith("perf."))
          .extracting(Check::status).containsOnly(Status.FAIL);
    }
  }

  @Test
  void aHealthyTargetIsMeasuredAndChartedWithThePolicysThresholds() throws Exception {
    ServerConfig config = ServerConfig.builder().port(0).longPollTimeout(Duration.ofSeconds(2)).build();
    try (ReferenceServer server = ReferenceServer.start(config)) {
      Run run = measure(server, POLICY);
      Map<String, Check> checks = byId(run);
      assertThat(checks.keySet()).containsExactlyElementsOf(PerformanceChecks.IDS);
      for (Check c : checks.values()) {
        // Whether it passes depends on the machine; that it was measured and judged does not.
        assertThat(c.status().decided()).as(c.id() + ": " + c.message()).isTrue();
        assertThat(c.measurement().threshold()).as(c.id()).isEqualTo(POLICY.threshold(c.id()).orElseThrow().limit());
        assertThat(c.evidence()).as(c.id()).isNotEmpty();
        assertThat(dir.resolve("run").resolve(c.evidence().get(0))).as(c.id()).isNotEmptyFile();
      }
      assertThat(checks.get(PerformanceChecks.THROUGHPUT).measurement().value()).isPositive();
      assertThat(run.series()).extracting(Series::kind)
          .contains(SeriesKind.LATENCY_SPECTRUM, SeriesKind.THROUGHPUT, SeriesKind.OTHER);
      Series curve = run.series().stream().filter(s -> s.kind() == SeriesKind.OTHER).findFirst().orElseThrow();
      assertThat(curve.points()).hasSizeBetween(1, 2);
      assertThat(curve.xUnit()).isEqualTo("ops/s");
      Series spectrum = run.series().stream().filter(s -> s.check().equals(PerformanceChecks.P99)).findFirst().orElseThrow();
      assertThat(spectrum.points()).extracting(p -> p.y()).isSorted();
      // The performance aspect has evidence now.
      assertThat(Policy.defaults().assess(run).assessment().aspects())
          .filteredOn(a -> a.aspect() == io.streamcert.reports.scorecard.Aspect.PERFORMANCE)
          .extracting(a -> a.readiness()).doesNotContain(io.streamcert.reports.scorecard.Readiness.NOT_RUN);
    }
  }

  @Test
  void aCheckWithoutAThresholdInThePolicyIsInconclusive() {
    Policy none = Policy.parse("name: none\nthresholds: {}\n", "none.yaml");
    Check c = PerformanceChecks.judged(PerformanceChecks.P99, none, 3.2, "ms", "measured", "performance/x.json");
    assertThat(c.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(c.message()).contains("no threshold for perf.append-100b.latency-p99");
    Check fail = PerformanceChecks.judged(PerformanceChecks.THROUGHPUT, POLICY, 12, "ops/s", "measured", "performance/x.json");
    assertThat(fail.status()).isEqualTo(Status.FAIL);
    assertThat(fail.message()).startsWith("missed min 19 ops/s");
  }

  @Test
  void aThroughputThresholdAboveTheRateIsAPolicyProblem() {
    Policy impossible = Policy.parse("""
        name: impossible
        thresholds: { perf.append-100b.throughput: { min: 900, unit: ops/s } }
        performance: { rate: 500, objective-p99-ms: 10, end-to-end-rate: 100, end-to-end-readers: 10 }
        """, "impossible.yaml");
    assertThat(PerformanceChecks.problem(impossible)).contains("min is 900 ops/s, above performance.rate 500");
    assertThat(PerformanceChecks.problem(Policy.defaults())).isNull();
  }

  private Run measure(ReferenceServer server, Policy policy) {
    Run.Builder run = Run.builder().harness(new Harness("test", "unknown"))
        .target(Target.builder("test", server.baseUri()).build()).environment(Environment.current(null))
        .started(Instant.now());
    StringWriter text = new StringWriter();
    PerformanceChecks.addTo(run, URI.create(server.baseUri() + "/v1/stream/"), policy, dir.resolve("run"), new PrintWriter(text), SHORT);
    return run.finished(Instant.now()).build();
  }

  private static Map<String, Check> byId(Run run) {
    return run.checks().stream().collect(Collectors.toMap(Check::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
