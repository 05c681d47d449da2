package io.streamcert.chaos.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Toxiproxy toxic to create for a fault: its name, type, stream and attributes in
 * milliseconds or KB/s. {@link #plan(FaultParams)} maps a fault to the toxics that make it.
 */
record ToxicSpec(String name, String type, Direction stream, long value, long jitter) {

  /**
   * Maps {@code params} to toxics, one per stream concerned. PARTITION_DROP maps to none: it is
   * done by disabling the proxy.
   */
  static List<ToxicSpec> plan(FaultParams params) {
    List<ToxicSpec> toxics = new ArrayList<>();
    if (params instanceof FaultParams.PartitionBlackhole p) {
      add(toxics, p, "timeout", Direction.BOTH, 0, 0);
    } else if (params instanceof FaultParams.Latency p) {
      add(toxics, p, "latency", p.direction(), p.latency().toMillis(), p.jitter().toMillis());
    } else if (params instanceof FaultParams.Bandwidth p) {
      add(toxics, p, "bandwidth", p.direction(), p.rateKBps(), 0);
    } else if (params instanceof FaultParams.ResetPeer p) {
      add(toxics, p, "reset_peer", Direction.DOWNSTREAM, p.timeout().toMillis(), 0);
    } else if (params instanceof FaultParams.SlowClose p) {
      add(toxics, p, "slow_close", p.direction(), p.delay().toMillis(), 0);
    } else if (params instanceof FaultParams.HalfOpen p) {
      add(toxics, p, "timeout", p.stopped(), 0, 0);
    }
    // PartitionDrop: no toxic, the proxy is disabled instead.
    return toxics;
  }

  private static void add(List<ToxicSpec> toxics, FaultParams params, String type, Direction direction,
      long value, long jitter) {
    for (Direction stream : List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)) {
      if (direction.includes(stream)) {
        String name = "streamcert_" + params.fault().toxicName() + "_" + stream.name().toLowerCase(Locale.ROOT);
        toxics.add(new ToxicSpec(name, type, stream, value, jitter));
      }
    }
  }
}
