package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Percentile math and per-second series on synthetic latencies. */
class RecordingTest {

  private static final long US = 1_000L;
  private static final long S = 1_000_000_000L;

  @Test
  void theSpectrumOfOneToTenThousandMicrosecondsIsTheUniformDistributionsPercentiles() {
    Recording r = new Recording("synthetic");
    r.start(0);
    for (long v = 1; v <= 10_000; v++) r.ok(0, 0, v * US);

    RunResult.Spectrum l = r.toMetric(1).latency();

    assertThat(l.count()).isEqualTo(10_000);
    assertThat(l.min()).isCloseTo(1 * US, within(1L));
    assertThat(l.mean()).isCloseTo(5_000.5 * US, within(5.0 * US));
    // HdrHistogram at 3 significant digits: each value within 0.1% of the exact order statistic.
    assertThat(l.p50()).isCloseTo(5_000 * US, within(5 * US));
    assertThat(l.p75()).isCloseTo(7_500 * US, within(8 * US));
    assertThat(l.p90()).isCloseTo(9_000 * US, within(9 * US));
    assertThat(l.p99()).isCloseTo(9_900 * US, within(10 * US));
    assertThat(l.p999()).isCloseTo(9_990 * US, within(10 * US));
    assertThat(l.p9999()).isCloseTo(9_999 * US, within(10 * US));
    assertThat(l.max()).isCloseTo(10_000 * US, within(10 * US));
  }

  @Test
  void latencyCountsFromTheIntendedTimeAndServiceTimeFromTheSend() {
    Recording r = new Recording("synthetic");
    r.start(0);
    r.ok(1_000 * US, 4_000 * US, 4_500 * US); // intended 1 ms, sent 4 ms (late), done 4.5 ms

    RunResult.Metric m = r.toMetric(1);

    assertThat(m.latency().max()).isCloseTo(3_500 * US, within(4 * US));
    assertThat(m.serviceTime().max()).isCloseTo(500 * US, within(1 * US));
    assertThat(m.sendLag().max()).isCloseTo(3_000 * US, within(3 * US));
  }

  @Test
  void aFewSlowOperationsAmongManyFastOnesMoveOnlyTheirPercentiles() {
    Recording r = new Recording("bimodal");
    r.start(0);
    for (int i = 0; i < 9_990; i++) r.ok(0, 0, 100 * US);
    for (int i = 0; i < 10; i++) r.ok(0, 0, 1_000_000 * US); // ten 1 s stalls in 10,000

    RunResult.Spectrum l = r.toMetric(1).latency();

    assertThat(l.p99()).isCloseTo(100 * US, within(1 * US));
    assertThat(l.p999()).isCloseTo(100 * US, within(1 * US));
    assertThat(l.p9999()).isCloseTo(S, within(S / 1000));
    assertThat(l.max()).isCloseTo(S, within(S / 1000));
  }

  @Test
  void valuesBeyondAnHourAreClampedAndSaidSo() {
    Recording r = new Recording("clamp");
    r.start(0);
    r.ok(0, 0, 2 * 3600 * S);
    RunResult.Metric m = r.toMetric(1);
    assertThat(m.latency().max()).isCloseTo(3600 * S, within(3600 * S / 1000));
    assertThat(m.errorKinds()).containsKey("note: latencies above 1h recorded as 1h");
  }

  @Test
  void theEncodedHistogramDecodesToTheSameCounts() {
    Recording r = new Recording("roundtrip");
    r.start(0);
    for (long v = 1; v <= 1000; v++) r.ok(0, 0, v * 37 * US);

    Histogram decoded = RunResult.decodeHistogram(r.toMetric(1).latencyHistogram());

    assertThat(decoded).isEqualTo(r.latencyHistogram());
    assertThat(decoded.getTotalCount()).isEqualTo(1000);
  }

  @Test
  void secondsFollowCompletionTimeCountErrorsAndShowEmptySecondsAsZero() {
    Recording r = new Recording("series");
    long start = 7 * S;
    r.start(start);
    for (int i = 0; i < 100; i++) r.ok(start, start, start + i * US); // second 0: 100 fast
    r.error(start + S + 5, "status 500"); // second 1: one error
    for (int i = 1; i <= 10; i++) r.ok(start, start, start + 4 * S + i * 1_000 * US); // second 4: slow
    // A late completion for second 0 after seconds beyond the open window were reduced.
    r.ok(start, start, start + 999 * 1_000 * US);

    List<RunResult.Second> s = r.toMetric(6).seconds();

    assertThat(s).extracting(RunResult.Second::second).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(s).extracting(RunResult.Second::ok).containsExactly(101L, 0L, 0L, 0L, 10L, 0L);
    assertThat(s).extracting(RunResult.Second::errors).containsExactly(0L, 1L, 0L, 0L, 0L, 0L);
    assertThat(s.get(0).p99()).isLessThan(100 * US);
    assertThat(s.get(0).max()).as("a late completion still raises the max").isCloseTo(S - 1_000 * US, within(S / 1000));
    assertThat(s.get(4).p50()).isCloseTo(4 * S + 5_000 * US, within(5 * S / 1000));
    assertThat(s.get(2).p50()).isZero();
  }
}
