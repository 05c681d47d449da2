package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultParams;
import io.streamcert.chaos.network.NetworkFault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known scenarios. Process faults need a target launched from a descriptor (a black-box
 * target cannot be crashed). Network scenarios put a TCP fault proxy between the workload and the
 * target.
 */
public final class Scenarios {

  public static final Scenario CRASH_RESTART = new Scenario("crash-restart",
      "SIGKILL the server's process tree, then restart it on the same port and data directory",
      t -> new ProcessNemesis(t, ProcessNemesis.Kind.CRASH));

  public static final Scenario PAUSE = new Scenario("pause",
      "freeze the server with SIGSTOP (connections stay open, nothing answers), then SIGCONT",
      t -> new ProcessNemesis(t, ProcessNemesis.Kind.PAUSE));

  public static final Scenario SIGTERM_RESTART = new Scenario("sigterm-restart",
      "stop the server gracefully (its stop signal, SIGTERM by default), then restart it",
      t -> new ProcessNemesis(t, ProcessNemesis.Kind.GRACEFUL_RESTART));

  public static final Scenario NETWORK_PARTITION = new Scenario("network-partition",
      "cut the network between clients and server: open connections are dropped and new ones refused, then heal",
      t -> new NetworkNemesis(t.baseUri(), NetworkFault.PARTITION_DROP, new FaultParams.PartitionDrop()));

  public static final Scenario SLOW_NETWORK = new Scenario("slow-network",
      "add 200 ms of latency with 100 ms of jitter in both directions, then heal",
      t -> new NetworkNemesis(t.baseUri(), NetworkFault.LATENCY,
          new FaultParams.Latency(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(100),
              io.streamcert.chaos.network.Direction.BOTH)));

  public static final Scenario S3_THROTTLING = new Scenario("s3-throttling",
      "the S3 store answers 503 SlowDown (AWS's exact XML) while writers run; then throttling stops (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new S3ThrottlingNemesis(
          deps.require(S3Dependency.class, "s3-throttling", "S3 behind the SlowDown gateway")));

  public static final Scenario S3_PARTITION = new Scenario("s3-partition",
      "cut the network between the server and its S3 store (connections dropped, new ones refused), then heal (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new S3PartitionNemesis(
          deps.require(S3Dependency.class, "s3-partition", "S3 behind a TCP fault proxy")));

  public static final Scenario S3_CORRUPTION = new Scenario("s3-corruption",
      "flip a byte in every stored segment object; readers must never get the wrong bytes; then restore them (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new S3CorruptionNemesis(
          deps.require(S3Dependency.class, "s3-corruption", "an S3 store it can corrupt directly")));

  public static final Scenario PG_FAILOVER = new Scenario("pg-failover",
      "stall PostgreSQL replication, SIGKILL the primary and promote its synchronous replica, then rebuild a"
          + " replica; no acknowledged write may be lost (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new PgFailoverNemesis(
          deps.require(io.streamcert.infra.pg.PgCluster.class, "pg-failover", "a PostgreSQL primary with a replica"),
          PgFailoverNemesis.STALL));

  public static final Scenario PG_FAILOVER_ASYNC = new Scenario("pg-failover-async",
      "pg-failover with an ASYNCHRONOUS replica, where a failover can lose acknowledged commits: shows that"
          + " the harness reports such loss (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new PgFailoverNemesis(
          deps.require(io.streamcert.infra.pg.PgCluster.class, "pg-failover-async", "a PostgreSQL primary with a replica"),
          PgFailoverNemesis.STALL));

  public static final Scenario PG_PARTITION = new Scenario("pg-partition",
      "cut the network between the server and PostgreSQL (connections dropped, new ones refused), then heal"
          + " (tiered storage)",
      (Scenario.DependencyNemesisFactory) (t, deps) -> new PgPartitionNemesis(
          deps.require(PgDependency.class, "pg-partition", "PostgreSQL behind a fault proxy").proxies()));

  private static final List<Scenario> ALL =
      new ArrayList<>(List.of(CRASH_RESTART, PAUSE, SIGTERM_RESTART, NETWORK_PARTITION, SLOW_NETWORK,
          S3_THROTTLING, S3_PARTITION, S3_CORRUPTION));

  static {
    ALL.addAll(List.of(PG_FAILOVER, PG_FAILOVER_ASYNC, PG_PARTITION));
  }

  private Scenarios() {}

  /** Every known scenario, in listing order. */
  public static synchronized List<Scenario> all() {
    return List.copyOf(ALL);
  }

  /**
   * Adds a scenario, such as a network fault's.
   *
   * @throws IllegalArgumentException when one of that name exists
   */
  public static synchronized void register(Scenario scenario) {
    if (find(scenario.name()).isPresent()) {
      throw new IllegalArgumentException("a scenario named " + scenario.name() + " exists already");
    }
    ALL.add(scenario);
  }

  /** The scenario of that name (case-insensitive), if any. */
  public static synchronized Optional<Scenario> find(String name) {
    if (name == null) return Optional.empty();
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Scenario s : ALL) if (s.name().equals(n)) return Optional.of(s);
    return Optional.empty();
  }

  /** The names, comma-separated, for messages. */
  public static synchronized String names() {
    List<String> names = new ArrayList<>();
    for (Scenario s : ALL) names.add(s.name());
    return String.join(", ", names);
  }
}
