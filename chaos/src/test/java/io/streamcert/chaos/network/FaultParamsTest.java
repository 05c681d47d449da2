package io.streamcert.chaos.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaultParamsTest {

  @ParameterizedTest
  @EnumSource(NetworkFault.class)
  void defaultsBelongToTheirFault(NetworkFault fault) {
    FaultParams params = fault.defaults();
    assertThat(params.fault()).isEqualTo(fault);
    assertThat(params).isInstanceOf(fault.parameterType());
    assertThat(fault.check(params)).isSameAs(params);
    assertThat(fault.toxicName()).isEqualTo(fault.name().toLowerCase());
  }

  @Test
  void negativeDurationsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> FaultParams.Latency.of(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency was PT-0.001S");
    assertThatThrownBy(() -> new FaultParams.ResetPeer(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reset_peer timeout");
    assertThatThrownBy(() -> FaultParams.SlowClose.of(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slow_close delay");
  }

  @Test
  void bandwidthMustBePositiveAndSaysWhatToUseInstead() {
    assertThatThrownBy(() -> FaultParams.Bandwidth.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0 KB/s")
        .hasMessageContaining("PARTITION_BLACKHOLE");
  }

  @Test
  void halfOpenStopsOneDirectionOnly() {
    assertThatThrownBy(() -> new FaultParams.HalfOpen(Direction.BOTH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARTITION_BLACKHOLE");
  }

  @Test
  void directionIncludes() {
    assertThat(Direction.BOTH.includes(Direction.UPSTREAM)).isTrue();
    assertThat(Direction.DOWNSTREAM.includes(Direction.UPSTREAM)).isFalse();
    assertThatThrownBy(() -> Direction.UPSTREAM.includes(Direction.BOTH)).isInstanceOf(IllegalArgumentException.class);
  }
}
