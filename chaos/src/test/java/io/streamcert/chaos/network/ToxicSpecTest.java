package io.streamcert.chaos.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Toxiproxy mapping: each fault becomes the toxics Toxiproxy documents for it")
class ToxicSpecTest {

  @Test
  void partitionDropIsNoToxicButADisabledProxy() {
    assertThat(ToxicSpec.plan(new FaultParams.PartitionDrop())).isEmpty();
  }

  @Test
  void blackholeIsTimeoutZeroBothWays() {
    assertThat(ToxicSpec.plan(new FaultParams.PartitionBlackhole())).containsExactly(
        new ToxicSpec("streamcert_partition_blackhole_upstream", "timeout", Direction.UPSTREAM, 0, 0),
        new ToxicSpec("streamcert_partition_blackhole_downstream", "timeout", Direction.DOWNSTREAM, 0, 0));
  }

  @Test
  void latencyCarriesJitterInMilliseconds() {
    assertThat(ToxicSpec.plan(FaultParams.Latency.of(Duration.ofMillis(250), Duration.ofMillis(40))))
        .containsExactly(new ToxicSpec("streamcert_latency_downstream", "latency", Direction.DOWNSTREAM, 250, 40));
  }

  @Test
  void theOtherFaults() {
    assertThat(ToxicSpec.plan(new FaultParams.Bandwidth(8, Direction.UPSTREAM)))
        .containsExactly(new ToxicSpec("streamcert_bandwidth_upstream", "bandwidth", Direction.UPSTREAM, 8, 0));
    assertThat(ToxicSpec.plan(new FaultParams.ResetPeer(Duration.ofMillis(100))))
        .containsExactly(new ToxicSpec("streamcert_reset_peer_downstream", "reset_peer", Direction.DOWNSTREAM, 100, 0));
    assertThat(ToxicSpec.plan(FaultParams.SlowClose.of(Duration.ofSeconds(1))))
        .containsExactly(new ToxicSpec("streamcert_slow_close_downstream", "slow_close", Direction.DOWNSTREAM, 1000, 0));
    assertThat(ToxicSpec.plan(FaultParams.HalfOpen.downstream()))
        .containsExactly(new ToxicSpec("streamcert_half_open_downstream", "timeout", Direction.DOWNSTREAM, 0, 0));
  }

  @Test
  void listenPortIsParsedFromWhatTheServerEchoes() {
    assertThat(ToxiproxyBackend.portOf("[::]:26379")).isEqualTo(26379);
    assertThat(ToxiproxyBackend.portOf("0.0.0.0:8666")).isEqualTo(8666);
  }
}
