package io.streamcert.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOne() {
    assertThat(Schedule.generate(42, true)).isEqualTo(Schedule.generate(42, true));
    assertThat(Schedule.generate(42, true).periods()).isNotEqualTo(Schedule.generate(43, true).periods());
  }

  @Test
  void faultsAlternateWithCalmAndTheQuickScheduleFitsInAMinute() {
    for (long seed = 0; seed < 200; seed++) {
      Schedule s = Schedule.generate(seed, true);
      assertThat(s.faults()).isEqualTo(3);
      assertThat(s.periods().get(0).fault()).isFalse();
      assertThat(s.periods().get(s.periods().size() - 1).fault()).isFalse();
      for (int i = 1; i < s.periods().size(); i++) {
        assertThat(s.periods().get(i).fault()).isNotEqualTo(s.periods().get(i - 1).fault());
      }
      assertThat(s.plannedMillis()).isLessThanOrEqualTo(30_000);
    }
    assertThat(Schedule.generate(1, false).faults()).isEqualTo(6);
  }

  @Test
  void scenariosAreFoundByNameAndListed() {
    assertThat(Scenarios.find("Crash-Restart")).contains(Scenarios.CRASH_RESTART);
    assertThat(Scenarios.find("network-partition")).contains(Scenarios.NETWORK_PARTITION);
    assertThat(Scenarios.find("split-brain")).isEmpty();
    assertThat(Scenarios.names()).startsWith("crash-restart, pause, sigterm-restart, network-partition, slow-network")
        .contains("s3-throttling", "s3-partition", "s3-corruption");
  }
}
