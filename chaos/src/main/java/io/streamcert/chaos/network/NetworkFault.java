package io.streamcert.chaos.network;

import java.time.Duration;
import java.util.Locale;

/**
 * The network faults a {@link FaultProxy} can inject, a closed set named after Toxiproxy's toxics
 * and following their semantics. Every value works on every backend.
 *
 * <p>Each fault takes one parameter record, {@link #parameterType()}; {@link #defaults()} gives
 * usable defaults. {@link #toxicName()} is the lower-case name used in histories and reports.
 */
public enum NetworkFault {
  /**
   * Partition by dropping: every open connection is closed and new connections are refused, as
   * when Toxiproxy disables a proxy ({@code enabled=false}, its "down"). Clients see an end of
   * stream or a reset at once and "connection refused" on connect.
   */
  PARTITION_DROP(FaultParams.PartitionDrop.class),

  /**
   * Partition by black-holing: connections are accepted and kept open but nothing is forwarded
   * either way and the bytes are discarded, like Toxiproxy {@code timeout} with 0 on both streams.
   * Clients only notice through their own timeouts.
   */
  PARTITION_BLACKHOLE(FaultParams.PartitionBlackhole.class),

  /** Latency with jitter on one or both streams, Toxiproxy {@code latency}. */
  LATENCY(FaultParams.Latency.class),

  /** A bandwidth limit in KB/s on one or both streams, Toxiproxy {@code bandwidth}. */
  BANDWIDTH(FaultParams.Bandwidth.class),

  /** Connections reset with a TCP RST, at once or after a timeout, Toxiproxy {@code reset_peer}. */
  RESET_PEER(FaultParams.ResetPeer.class),

  /** A close held back for a delay before it is passed on, Toxiproxy {@code slow_close}. */
  SLOW_CLOSE(FaultParams.SlowClose.class),

  /**
   * One stream stops while the other flows and the connection stays open; by default the server's
   * answers stop (Toxiproxy {@code timeout} with 0 on one stream).
   */
  HALF_OPEN(FaultParams.HalfOpen.class);

  private final Class<? extends FaultParams> parameterType;

  NetworkFault(Class<? extends FaultParams> parameterType) {
    this.parameterType = parameterType;
  }

  /** The parameter record this fault takes. */
  public Class<? extends FaultParams> parameterType() {
    return parameterType;
  }

  /** The lower-case name used in histories and reports, such as {@code partition_drop}. */
  public String toxicName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns usable default parameters: 200 ms ± 50 ms latency downstream, 64 KB/s both ways, an
   * immediate reset, a 2 s slow close downstream, the downstream stream stopped for half-open.
   */
  public FaultParams defaults() {
    return switch (this) {
      case PARTITION_DROP -> new FaultParams.PartitionDrop();
      case PARTITION_BLACKHOLE -> new FaultParams.PartitionBlackhole();
      case LATENCY -> FaultParams.Latency.of(Duration.ofMillis(200), Duration.ofMillis(50));
      case BANDWIDTH -> FaultParams.Bandwidth.of(64);
      case RESET_PEER -> FaultParams.ResetPeer.immediately();
      case SLOW_CLOSE -> FaultParams.SlowClose.of(Duration.ofSeconds(2));
      case HALF_OPEN -> FaultParams.HalfOpen.downstream();
    };
  }

  /**
   * Checks that {@code params} belong to this fault and returns them.
   *
   * @throws IllegalArgumentException naming both when they do not match
   */
  public FaultParams check(FaultParams params) {
    if (params == null) {
      throw new IllegalArgumentException(name() + " needs parameters of type "
          + parameterType.getSimpleName() + "; use " + name() + ".defaults() for the defaults");
    }
    if (params.fault() != this) {
      throw new IllegalArgumentException(name() + " was given parameters for " + params.fault()
          + " (" + params + ") but needs a " + parameterType.getSimpleName());
    }
    return params;
  }
}
