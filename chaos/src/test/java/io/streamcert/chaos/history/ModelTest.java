package io.streamcert.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

  private static Operation.Builder append() {
    return Operation.builder().id(1).process("w1").kind(OperationKind.APPEND).stream("/s").payloadId("w1-000000")
        .invokeNanos(10).completeNanos(20).outcome(Outcome.OK);
  }

  @Test
  void offsetsSortAsTextBetweenTheSentinels() {
    List<Offset> sorted = new java.util.ArrayList<>(List.of(Offset.NOW, Offset.of("0000_0020"), Offset.BEGINNING,
        Offset.of("0000_0003")));
    java.util.Collections.sort(sorted);

    assertThat(sorted).extracting(Offset::value).containsExactly("-1", "0000_0003", "0000_0020", "now");
    assertThat(Offset.of("-1")).isSameAs(Offset.BEGINNING);
    assertThat(Offset.BEGINNING.isSentinel()).isTrue();
    assertThat(Offset.of("0_1").isConcrete()).isTrue();
  }

  @Test
  void anOffsetWithACharacterTheProtocolForbidsIsRefused() {
    assertThatThrownBy(() -> Offset.of("12&3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset '12&3' contains '&'");
    assertThatThrownBy(() -> Offset.of("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOperationCompletingBeforeItsInvocationIsRefused() {
    assertThatThrownBy(() -> append().invokeNanos(30).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation 1 completed at 20 ns, before it was invoked at 30 ns");
  }

  @Test
  void aWriteCannotCarryObservations() {
    assertThatThrownBy(() -> append().observed(List.of(Observed.of("x"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a read but carries observations");
  }

  @Test
  void anAcknowledgedOffsetCannotBeASentinel() {
    assertThatThrownBy(() -> append().nextOffset(Offset.NOW).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a sentinel");
  }

  @Test
  void historyOperationIdsMustBeUnique() {
    HistoryHeader header = HistoryHeader.of(Instant.EPOCH, Map.of());

    assertThatThrownBy(() -> History.of(header, List.of(append().build(), append().build()), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two operations have id 1");
  }

  @Test
  void faultWindowsRunFromStartToStopOrToTheNextHeal() {
    History h = History.of(HistoryHeader.of(Instant.EPOCH, Map.of()), List.of(), List.of(
        FaultEvent.start("partition", 100, "drop"),
        FaultEvent.start("latency", 150, null),
        FaultEvent.stop("partition", 200),
        FaultEvent.start("kill", 300, null),
        FaultEvent.heal(400),
        FaultEvent.start("pause", 500, null)));

    assertThat(h.faultWindows()).containsExactly(
        new FaultWindow("partition", 100, 200L, "drop"),
        new FaultWindow("latency", 150, 400L, null),
        new FaultWindow("kill", 300, 400L, null),
        new FaultWindow("pause", 500, null, null));
    assertThat(h.healedAtNanos()).as("pause never healed").isEmpty();
  }

  @Test
  void aHistoryWithoutFaultsIsHealedFromTheStart() {
    History h = History.of(HistoryHeader.of(Instant.EPOCH, Map.of()), List.of(append().build()), List.of());

    assertThat(h.healedAtNanos()).hasValue(0);
    assertThat(h.endNanos()).isEqualTo(20);
  }
}
