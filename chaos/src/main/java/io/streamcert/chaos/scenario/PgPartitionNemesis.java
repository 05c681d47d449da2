package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultParams;
import io.streamcert.chaos.network.FaultProxy;
import io.streamcert.chaos.network.NetworkFault;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cuts the network between the server under test and its PostgreSQL: the {@link FaultProxy}s the
 * server reaches PostgreSQL through drop every open connection and refuse new ones, then heal. The
 * proxies belong to the run's {@link PgDependency}, which closes them.
 */
final class PgPartitionNemesis implements Nemesis {

  private final List<FaultProxy> proxies;
  private boolean active;
  private int partitions;

  PgPartitionNemesis(List<FaultProxy> proxies) throws IOException {
    if (proxies.isEmpty()) {
      throw new IOException("the pg-partition scenario needs the server to reach PostgreSQL through fault proxies,"
          + " which the harness puts in place for --reference-storage tiered");
    }
    this.proxies = List.copyOf(proxies);
  }

  @Override
  public String fault() {
    return NetworkFault.PARTITION_DROP.toxicName();
  }

  @Override
  public String start() throws IOException {
    for (FaultProxy p : proxies) p.apply(NetworkFault.PARTITION_DROP, new FaultParams.PartitionDrop());
    active = true;
    partitions++;
    return "PostgreSQL cut off: " + proxies.stream().map(p -> p.listenAddress().getPort() + " -> " + p.upstream())
        .collect(Collectors.joining(", "));
  }

  @Override
  public void heal() throws IOException {
    if (!active) return;
    for (FaultProxy p : proxies) p.heal();
    active = false;
  }

  @Override
  public Map<String, Double> figures() {
    return Map.of("pg_partitions", (double) partitions);
  }
}
