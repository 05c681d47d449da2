package io.streamcert.chaos.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.chaos.history.FaultEvent;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.HistoryHeader;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

  private final List<Operation> ops = new ArrayList<>();
  private final List<FaultEvent> faults = new ArrayList<>();

  private static long ms(double ms) {
    return Math.round(ms * 1_000_000);
  }

  private void op(Outcome outcome, double invokeMs, double completeMs) {
    ops.add(Operation.builder().id(ops.size()).process("w1").kind(OperationKind.APPEND).stream("/s")
        .payloadId("w1-" + ops.size()).invokeNanos(ms(invokeMs)).completeNanos(ms(completeMs)).outcome(outcome)
        .build());
  }

  private AvailabilityReport analyze(AvailabilityOptions options) {
    History h = History.of(HistoryHeader.of(Instant.EPOCH, Map.of()), ops, faults);
    return Availability.analyze(h, options);
  }

  private static AvailabilityOptions options(double graceSeconds) {
    return AvailabilityOptions.DEFAULTS.withGrace(Duration.ofMillis(Math.round(graceSeconds * 1000)));
  }

  /**
   * A partition from 3 s to 6 s: a request in flight at 2.9 s times out at 4.9 s, one is refused
   * at 3.5 s, one more at 6.1 s while the target reconnects, and the first success after the
   * partition lands at 6.4 s.
   */
  private void partitionTimeline() {
    op(Outcome.OK, 0.4e3, 0.5e3);
    op(Outcome.OK, 1.4e3, 1.5e3);
    op(Outcome.OK, 2.4e3, 2.5e3);
    op(Outcome.INFO, 2.9e3, 4.9e3);
    op(Outcome.FAIL, 3.4e3, 3.5e3);
    op(Outcome.FAIL, 6.0e3, 6.1e3);
    op(Outcome.OK, 6.3e3, 6.4e3);
    op(Outcome.OK, 7.4e3, 7.5e3);
    faults.add(FaultEvent.start("partition", ms(3000), "drop"));
    faults.add(FaultEvent.stop("partition", ms(6000)));
  }

  @Test
  void recoveryRunsFromTheFirstFailureAfterTheFaultToTheFirstSuccessAfterItStopped() {
    partitionTimeline();

    Recovery r = analyze(options(1)).recoveries().get(0);

    assertThat(r.status()).isEqualTo(RecoveryStatus.RECOVERED);
    assertThat(r.fault().fault()).isEqualTo("partition");
    assertThat(r.failures()).isEqualTo(3);
    assertThat(r.firstFailureNanos()).as("the timed-out request failed when the partition began").isEqualTo(ms(3000));
    assertThat(r.firstOkAfterHealNanos()).isEqualTo(ms(6400));
    assertThat(r.recoveryTime()).contains(Duration.ofMillis(3400));
    assertThat(r.explanation()).contains("3 operation(s) failed from 3000.000 ms")
        .contains("400.000 ms after the fault stopped");
  }

  @Test
  void windowsCountOutcomesAtCompletionAndMarkFaults() {
    partitionTimeline();

    List<TimeWindow> w = analyze(options(1)).windows();

    assertThat(w).hasSize(8);
    assertThat(w.get(0)).extracting(TimeWindow::ok, TimeWindow::fail, TimeWindow::info).containsExactly(1, 0, 0);
    assertThat(w.get(3)).extracting(TimeWindow::ok, TimeWindow::fail, TimeWindow::info).containsExactly(0, 1, 0);
    assertThat(w.get(4)).extracting(TimeWindow::ok, TimeWindow::fail, TimeWindow::info).containsExactly(0, 0, 1);
    assertThat(w.get(6)).extracting(TimeWindow::ok, TimeWindow::fail, TimeWindow::info).containsExactly(1, 1, 0);
    assertThat(w.get(6).opsPerSecond()).isEqualTo(2.0);
    assertThat(w.get(6).okPerSecond()).isEqualTo(1.0);
    assertThat(w.get(2).activeFaults()).isEmpty();
    assertThat(w.get(3).activeFaults()).containsExactly("partition");
    assertThat(w.get(5).activeFaults()).containsExactly("partition");
    assertThat(w.get(6).activeFaults()).isEmpty();
    assertThat(w.get(6).faultFree()).as("inside the 1 s grace").isFalse();
    assertThat(w.get(7).faultFree()).isTrue();
  }

  @Test
  void aFaultDuringWhichNothingFailedHadNoImpact() {
    op(Outcome.OK, 100, 200);
    op(Outcome.OK, 300, 400);
    op(Outcome.OK, 500, 600);
    faults.add(FaultEvent.start("latency", ms(150), "100ms"));
    faults.add(FaultEvent.stop("latency", ms(450)));

    Recovery r = analyze(options(0)).recoveries().get(0);

    assertThat(r.status()).isEqualTo(RecoveryStatus.NO_IMPACT);
    assertThat(r.failures()).isZero();
    assertThat(r.recoveryTime()).isEmpty();
    assertThat(r.firstOkAfterHealNanos()).isEqualTo(ms(600));
  }

  @Test
  void failuresWithNoSuccessAfterTheHealAreNotRecovered() {
    op(Outcome.OK, 100, 200);
    op(Outcome.FAIL, 1100, 1200);
    op(Outcome.INFO, 2100, 4100);
    faults.add(FaultEvent.start("kill", ms(1000), "SIGKILL"));
    faults.add(FaultEvent.heal(ms(2000)));

    Recovery r = analyze(options(0)).recoveries().get(0);

    assertThat(r.status()).isEqualTo(RecoveryStatus.NOT_RECOVERED);
    assertThat(r.failures()).isEqualTo(2);
    assertThat(r.firstFailureNanos()).isEqualTo(ms(1200));
    assertThat(r.explanation()).contains("none succeeded after the fault stopped");
  }

  @Test
  void aFaultStillActiveAtTheEndWasNeverHealed() {
    op(Outcome.FAIL, 1100, 1200);
    faults.add(FaultEvent.start("pause", ms(1000), "SIGSTOP"));

    Recovery r = analyze(options(0)).recoveries().get(0);

    assertThat(r.status()).isEqualTo(RecoveryStatus.NEVER_HEALED);
    assertThat(r.fault().stopNanos()).isNull();
  }

  @Test
  void failuresOutsideEveryFaultAndItsGraceAreUnexpectedUnavailability() {
    partitionTimeline();
    op(Outcome.FAIL, 1.6e3, 1.7e3);
    op(Outcome.INFO, 5.2e3, 7.2e3);

    List<TimeWindow> unexpected = analyze(options(1)).unexpectedUnavailability();

    assertThat(unexpected).extracting(TimeWindow::startNanos).containsExactly(ms(1000), ms(7000));
  }

  @Test
  void theCallersThresholdDecidesHowManyFailuresAWindowMayHave() {
    op(Outcome.OK, 100, 200);
    op(Outcome.FAIL, 300, 400);
    op(Outcome.OK, 1100, 1200);
    op(Outcome.FAIL, 1300, 1400);
    op(Outcome.FAIL, 1500, 1600);

    List<TimeWindow> unexpected = analyze(options(0).withMaxFailureRatio(0.5)).unexpectedUnavailability();

    assertThat(unexpected).extracting(TimeWindow::startNanos).containsExactly(ms(1000));
    assertThat(unexpected.get(0).failureRatio()).isEqualTo(2 / 3.0);
  }

  @Test
  void theReportSerializesToJsonForTheRunFolder() {
    partitionTimeline();

    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(analyze(options(1)));

    assertThat(json.get("windowNanos").asLong()).isEqualTo(1_000_000_000L);
    assertThat(json.get("windows")).hasSize(8);
    assertThat(json.get("recoveries").get(0).get("status").asText()).isEqualTo("RECOVERED");
    assertThat(json.get("recoveries").get(0).get("recoveryNanos").asLong()).isEqualTo(ms(3400));
    assertThat(json.get("recoveries").get(0).get("fault").get("fault").asText()).isEqualTo("partition");
  }

  @Test
  void invalidOptionsAreReportedAllAtOnce() {
    assertThatThrownBy(() -> new AvailabilityOptions(Duration.ZERO, Duration.ofSeconds(-1), 2, java.util.Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window was PT0S but must be a positive duration")
        .hasMessageContaining("grace was PT-1S")
        .hasMessageContaining("maxFailureRatio was 2.0")
        .hasMessageContaining("kinds was []");
  }
}
