package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void intendedTimesAreComputedFromTheStartWithoutDrift() {
    Schedule s = Schedule.of(3, Duration.ZERO, Duration.ofSeconds(10));
    assertThat(s.offsetNanos(0)).isZero();
    assertThat(s.offsetNanos(1)).isEqualTo(333_333_333L);
    assertThat(s.offsetNanos(2)).isEqualTo(666_666_666L);
    assertThat(s.offsetNanos(3)).isEqualTo(1_000_000_000L);
    assertThat(s.offsetNanos(3_000_000_001L)).isEqualTo(1_000_000_000_333_333_333L);
  }

  @Test
  void aWindowOfSSecondsHoldsExactlyCeilOfSTimesRateOperations() {
    assertThat(Schedule.of(200, Duration.ZERO, Duration.ofSeconds(2)).measuredOps()).isEqualTo(400);
    assertThat(Schedule.of(3, Duration.ZERO, Duration.ofMillis(500)).measuredOps()).isEqualTo(2);
    Schedule w = Schedule.of(200, Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(w.warmupOps()).isEqualTo(200);
    assertThat(w.measuredOps()).isEqualTo(400);
    assertThat(w.totalOps()).isEqualTo(600);
    assertThat(w.isMeasured(199)).isFalse();
    assertThat(w.isMeasured(200)).isTrue();
    assertThat(w.isMeasured(599)).isTrue();
    assertThat(w.isMeasured(600)).isFalse();
    assertThat(w.offsetNanos(w.warmupOps())).isEqualTo(w.warmupNanos());
  }

  @Test
  void aWarmupThatEndsBetweenOperationsPutsTheNextOneInTheWindow() {
    Schedule s = Schedule.of(3, Duration.ofMillis(500), Duration.ofMillis(500));
    // Ops at 0, 333 ms (warm-up); 667 ms (window); the window [500 ms, 1 s) holds one op.
    assertThat(s.warmupOps()).isEqualTo(2);
    assertThat(s.measuredOps()).isEqualTo(1);
  }

  @Test
  void rejectsRatesItCannotScheduleExactly() {
    assertThatThrownBy(() -> Schedule.of(0, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("rate was 0");
    assertThatThrownBy(() -> Schedule.of(10, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("duration must be positive");
  }
}
