package io.streamcert.chaos.network;

import java.time.Duration;
import java.util.Objects;

/**
 * The typed parameters of a {@link NetworkFault}, one record per fault, validated on construction.
 *
 * <p>Each record knows its fault ({@link #fault()}), so {@link FaultProxy#apply(FaultParams)} needs
 * nothing else. Durations are whole milliseconds on the wire to Toxiproxy; finer values are
 * truncated there and honoured by the embedded backend.
 */
public sealed interface FaultParams
    permits FaultParams.PartitionDrop,
        FaultParams.PartitionBlackhole,
        FaultParams.Latency,
        FaultParams.Bandwidth,
        FaultParams.ResetPeer,
        FaultParams.SlowClose,
        FaultParams.HalfOpen {

  /** The fault these parameters belong to. */
  NetworkFault fault();

  /** Closes every connection and refuses new ones (Toxiproxy: proxy disabled). No parameters. */
  record PartitionDrop() implements FaultParams {
    @Override
    public NetworkFault fault() {
      return NetworkFault.PARTITION_DROP;
    }
  }

  /**
   * Accepts connections but forwards nothing either way; connections hang open (Toxiproxy
   * {@code timeout} with 0 on both streams). No parameters.
   */
  record PartitionBlackhole() implements FaultParams {
    @Override
    public NetworkFault fault() {
      return NetworkFault.PARTITION_BLACKHOLE;
    }
  }

  /**
   * Delays every chunk of data by {@code latency} plus a uniform random offset in
   * [-{@code jitter}, +{@code jitter}], never below zero (Toxiproxy {@code latency}).
   *
   * @param latency the mean delay, zero or more
   * @param jitter the largest deviation either side of the mean, zero or more
   * @param direction the stream delayed
   */
  record Latency(Duration latency, Duration jitter, Direction direction) implements FaultParams {
    public Latency {
      requireNonNegative("latency", latency);
      requireNonNegative("latency jitter", jitter);
      Objects.requireNonNull(direction, "latency direction");
    }

    /** Delays responses (Toxiproxy's default stream) by {@code latency} ± {@code jitter}. */
    public static Latency of(Duration latency, Duration jitter) {
      return new Latency(latency, jitter, Direction.DOWNSTREAM);
    }

    @Override
    public NetworkFault fault() {
      return NetworkFault.LATENCY;
    }
  }

  /**
   * Limits throughput to {@code rateKBps} kilobytes (1024 bytes) per second (Toxiproxy
   * {@code bandwidth}). To cut traffic entirely use {@link PartitionBlackhole} or {@link HalfOpen}.
   *
   * @param rateKBps the rate in KB/s, at least 1
   * @param direction the stream throttled
   */
  record Bandwidth(long rateKBps, Direction direction) implements FaultParams {
    public Bandwidth {
      if (rateKBps < 1) {
        throw new IllegalArgumentException("bandwidth rate was " + rateKBps
            + " KB/s but must be at least 1; to cut traffic use PARTITION_BLACKHOLE or HALF_OPEN");
      }
      Objects.requireNonNull(direction, "bandwidth direction");
    }

    /** Throttles both streams to {@code rateKBps} KB/s. */
    public static Bandwidth of(long rateKBps) {
      return new Bandwidth(rateKBps, Direction.BOTH);
    }

    @Override
    public NetworkFault fault() {
      return NetworkFault.BANDWIDTH;
    }
  }

  /**
   * Resets connections with a TCP RST, {@code timeout} after the fault is applied for existing
   * connections and after they open for new ones (Toxiproxy {@code reset_peer}).
   *
   * @param timeout the delay before the reset, zero for at once
   */
  record ResetPeer(Duration timeout) implements FaultParams {
    public ResetPeer {
      requireNonNegative("reset_peer timeout", timeout);
    }

    /** Resets every connection at once. */
    public static ResetPeer immediately() {
      return new ResetPeer(Duration.ZERO);
    }

    @Override
    public NetworkFault fault() {
      return NetworkFault.RESET_PEER;
    }
  }

  /**
   * Delays passing on a close (end of stream) by {@code delay} (Toxiproxy {@code slow_close}).
   *
   * @param delay how long a close is held back, zero or more
   * @param direction the stream whose close is delayed: DOWNSTREAM delays the server's close
   *     reaching the client
   */
  record SlowClose(Duration delay, Direction direction) implements FaultParams {
    public SlowClose {
      requireNonNegative("slow_close delay", delay);
      Objects.requireNonNull(direction, "slow_close direction");
    }

    /** Delays the server's close reaching the client (Toxiproxy's default stream). */
    public static SlowClose of(Duration delay) {
      return new SlowClose(delay, Direction.DOWNSTREAM);
    }

    @Override
    public NetworkFault fault() {
      return NetworkFault.SLOW_CLOSE;
    }
  }

  /**
   * Stops one stream while the other keeps flowing, the connection staying open: by default the
   * server's answers never reach the client while its requests still reach the server (Toxiproxy
   * {@code timeout} with 0 on that one stream).
   *
   * @param stopped the stream that stops, UPSTREAM or DOWNSTREAM
   */
  record HalfOpen(Direction stopped) implements FaultParams {
    public HalfOpen {
      Objects.requireNonNull(stopped, "half-open stopped direction");
      if (stopped == Direction.BOTH) {
        throw new IllegalArgumentException(
            "half-open stopped direction was BOTH but must be UPSTREAM or DOWNSTREAM; to stop both use PARTITION_BLACKHOLE");
      }
    }

    /** Stops the server's answers (server to client). */
    public static HalfOpen downstream() {
      return new HalfOpen(Direction.DOWNSTREAM);
    }

    @Override
    public NetworkFault fault() {
      return NetworkFault.HALF_OPEN;
    }
  }

  private static void requireNonNegative(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " was " + value + " but must be zero or more");
    }
  }
}
