package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The open-loop scheduler in simulated time, with a fake transport: exact, no real clock. */
class OpenLoopRunnerTest {

  private static final long MS = 1_000_000L;
  private static final long US = 1_000L;
  private static final long T0 = 5_000 * MS;

  private final SimulatedClock clock = new SimulatedClock(T0);
  private final Recording recording = new Recording("test operation");

  private OpenLoopRunner.Outcome run(Schedule schedule, int maxInFlight, FakeTransport transport) {
    OpenLoopRunner runner = new OpenLoopRunner(clock, schedule, maxInFlight, transport, recording, 100 * MS, 100 * MS);
    List<Long> started = new ArrayList<>();
    OpenLoopRunner.Outcome o = runner.run(started::add);
    assertThat(started).as("the runner tells t0 before the first send").containsExactly(T0);
    return o;
  }

  @Test
  void sendsEveryOperationAtItsIntendedTimeWhileAnEarlierResponseStalls() {
    Schedule schedule = Schedule.of(1000, Duration.ZERO, Duration.ofMillis(50));
    FakeTransport transport = new FakeTransport(clock, op -> op == 0 ? 30 * MS : 100 * US);

    OpenLoopRunner.Outcome o = run(schedule, 100, transport);

    assertThat(transport.sent).hasSize(50);
    for (FakeTransport.Sent s : transport.sent) {
      assertThat(s.intended()).as("intended time of op %d", s.op()).isEqualTo(T0 + s.op() * MS);
      assertThat(s.sent()).as("op %d leaves on schedule although op 0 has not answered", s.op()).isEqualTo(s.intended());
    }
    assertThat(o.delayedByMaxInFlight()).isZero();
    assertThat(o.measuredSent()).isEqualTo(50);
    Histogram latency = recording.latencyHistogram();
    assertThat(latency.getTotalCount()).isEqualTo(50);
    assertThat(latency.getMaxValue()).isCloseTo(30 * MS, within(30 * MS / 1000));
    assertThat(latency.getValueAtPercentile(50)).isCloseTo(100 * US, within(100 * US / 1000));
  }

  @Test
  void whenMaxInFlightIsReachedLaterOperationsCountTheWaitFromTheirIntendedTime() {
    Schedule schedule = Schedule.of(1000, Duration.ZERO, Duration.ofMillis(20));
    FakeTransport transport = new FakeTransport(clock, op -> op == 0 ? 10 * MS : 100 * US);

    OpenLoopRunner.Outcome o = run(schedule, 1, transport);

    // Op 0 holds the only slot until 10 ms; ops 1..9 queue behind it and leave back to back.
    assertThat(transport.sent.get(1).sent()).isEqualTo(T0 + 10 * MS);
    assertThat(transport.sent.get(2).sent()).isEqualTo(T0 + 10 * MS + 100 * US);
    for (FakeTransport.Done d : transport.done) {
      long k = d.op();
      long expectedDone = k == 0 ? 10 * MS : k <= 10 ? 10 * MS + k * 100 * US : k * MS + 100 * US;
      assertThat(d.done()).as("completion of op %d", k).isEqualTo(T0 + expectedDone);
      // The scheduler never moves an operation's intended time: the wait is part of its latency.
      assertThat(d.intended()).isEqualTo(T0 + k * MS);
    }
    assertThat(o.delayedByMaxInFlight()).isEqualTo(10);

    Histogram latency = recording.latencyHistogram();
    Histogram service = recording.serviceHistogram();
    assertThat(latency.getTotalCount()).isEqualTo(20);
    // Op 1 was intended at 1 ms and answered at 10.1 ms: 9.1 ms, though its service took 0.1 ms.
    assertThat(latency.getCountBetweenValues(9_100 * US - 10 * US, 9_100 * US + 10 * US)).isEqualTo(1);
    assertThat(service.getValueAtPercentile(90)).as("service time hides the stall").isCloseTo(100 * US, within(US));
    assertThat(service.getValueAtPercentile(75)).isCloseTo(100 * US, within(US));
    assertThat(latency.getValueAtPercentile(75)).as("latency from the intended time shows it").isGreaterThan(4 * MS);
  }

  @Test
  void measuresExactlyTheOperationsOfTheWindowAfterTheWarmup() {
    Schedule schedule = Schedule.of(200, Duration.ofSeconds(1), Duration.ofSeconds(2));
    FakeTransport transport = new FakeTransport(clock, op -> MS);

    OpenLoopRunner.Outcome o = run(schedule, 10, transport);

    assertThat(transport.sent).hasSize(600);
    assertThat(o.measuredSent()).isEqualTo(400);
    assertThat(recording.okCount()).isEqualTo(400);
    assertThat(recording.errorCount()).isZero();
    RunResult.Metric m = recording.toMetric(2);
    assertThat(m.seconds()).extracting(RunResult.Second::ok).containsExactly(200L, 200L);
    assertThat(m.seconds()).extracting(RunResult.Second::p50).allSatisfy(p -> assertThat(p).isCloseTo(MS, within(MS / 1000)));
  }

  @Test
  void countsFailuresWithoutTimingThem() {
    Schedule schedule = Schedule.of(100, Duration.ZERO, Duration.ofMillis(100));
    FakeTransport transport = new FakeTransport(clock, op -> MS).failing(3, "status 503").failing(7, "status 503");

    run(schedule, 10, transport);

    assertThat(recording.okCount()).isEqualTo(8);
    assertThat(recording.errorCount()).isEqualTo(2);
    assertThat(recording.latencyHistogram().getTotalCount()).isEqualTo(8);
    assertThat(recording.toMetric(1).errorKinds()).containsEntry("status 503", 2L);
  }

  @Test
  void anOperationThatNeverEndsIsUnfinishedAndTheBacklogBehindItIsNotSent() {
    Schedule schedule = Schedule.of(1000, Duration.ZERO, Duration.ofMillis(10));
    FakeTransport transport = new FakeTransport(clock, op -> op == 3 ? FakeTransport.NEVER : 100 * US);

    OpenLoopRunner.Outcome o = run(schedule, 1, transport);

    assertThat(o.measuredSent()).isEqualTo(4);
    assertThat(o.measuredUnfinished()).isEqualTo(1);
    assertThat(o.measuredNotSent()).isEqualTo(6);
    assertThat(recording.okCount()).isEqualTo(3);
    // Sending stopped at the late-send limit after the schedule's end; draining waited its timeout.
    assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(T0 + 10 * MS + 100 * MS + 100 * MS);
  }
}
