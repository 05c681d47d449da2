package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultProxies;
import io.streamcert.chaos.network.FaultProxy;
import io.streamcert.infra.pg.PgBinaries;
import io.streamcert.infra.pg.PgCluster;
import io.streamcert.infra.pg.PgFixtureException;
import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL a tiered-storage server runs on during one chaos run, shaped for the scenario: by
 * default a primary with a synchronous streaming replica from the installed programs (one embedded
 * node where none are installed), an asynchronous replica for {@code pg-failover-async}. The server
 * reaches it through TCP fault proxies, one per node, so that one launch serves every scenario
 * (certify runs them all against one target): {@code pg-partition} cuts the proxies, {@code
 * pg-failover} acts on the nodes behind them. Start it before the target, give the target its
 * {@link #placeholders()}, and hand the nemesis its services with {@link #addTo(Dependencies)};
 * close it after the target.
 */
public final class PgDependency implements AutoCloseable {

  /** Which PostgreSQL topology. */
  public enum Shape {
    /** One node, from the installed programs or embedded. */
    SINGLE,
    /** A primary and a synchronous streaming replica (installed programs only). */
    SYNC_REPLICA,
    /** A primary and an asynchronous streaming replica (installed programs only). */
    ASYNC_REPLICA
  }

  private final Shape shape;
  private final PgService service;
  private final List<FaultProxy> proxies;

  private PgDependency(Shape shape, PgService service, List<FaultProxy> proxies) {
    this.shape = shape;
    this.service = service;
    this.proxies = List.copyOf(proxies);
  }

  /**
   * The topology scenario {@code name} needs: a synchronous replica by default when the server
   * programs are installed, else a single node; an asynchronous replica for {@code pg-failover-async}.
   */
  public static Shape shapeFor(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "pg-failover" -> Shape.SYNC_REPLICA;
      case "pg-failover-async" -> Shape.ASYNC_REPLICA;
      default -> PgBinaries.locate().isPresent() ? Shape.SYNC_REPLICA : Shape.SINGLE;
    };
  }

  /**
   * Starts PostgreSQL shaped for scenario {@code scenarioName}.
   *
   * @throws IOException naming what is missing (the installed programs for a replica) and the fix
   */
  public static PgDependency forScenario(String scenarioName) throws IOException {
    return start(shapeFor(scenarioName), true);
  }

  /**
   * Starts PostgreSQL of {@code shape}, with a fault proxy in front of each node when {@code proxied}.
   *
   * @throws IOException when it cannot start; nothing is left running then
   */
  public static PgDependency start(Shape shape, boolean proxied) throws IOException {
    PgService service;
    if (shape == Shape.SINGLE) {
      service = PgServices.singleNode();
    } else {
      if (PgBinaries.locate().isEmpty()) {
        throw new PgFixtureException("a PostgreSQL replica needs the installed server programs (pg_basebackup),"
            + " and none were found; install them (Debian: apt-get install postgresql) or set STREAMCERT_PG_BIN");
      }
      service = PgCluster.builder()
          .replication(shape == Shape.SYNC_REPLICA ? PgCluster.Replication.SYNCHRONOUS : PgCluster.Replication.ASYNCHRONOUS)
          .start();
    }
    if (!proxied) return new PgDependency(shape, service, List.of());
    List<InetSocketAddress> nodes = service instanceof PgCluster c ? c.nodes()
        : List.of(InetSocketAddress.createUnresolved(service.host(), service.port()));
    List<FaultProxy> proxies = new ArrayList<>();
    try {
      for (InetSocketAddress n : nodes) {
        proxies.add(FaultProxies.embedded(new InetSocketAddress(n.getHostString(), n.getPort())));
      }
    } catch (RuntimeException e) {
      PgDependency partial = new PgDependency(shape, service, proxies);
      IOException failure = new IOException("cannot put a fault proxy in front of " + service.describe() + ": "
          + e.getMessage(), e);
      try {
        partial.close();
      } catch (IOException suppressed) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
    return new PgDependency(shape, service, proxies);
  }

  public Shape shape() {
    return shape;
  }

  /** The PostgreSQL itself (a {@link PgCluster} when started from the installed programs). */
  public PgService service() {
    return service;
  }

  /** The fault proxies between the server and PostgreSQL, one per node; empty unless started proxied. */
  public List<FaultProxy> proxies() {
    return proxies;
  }

  /** The JDBC URL the server must use: through the proxies when there are any. */
  public String jdbcUrl() {
    if (proxies.isEmpty()) return service.jdbcUrl();
    List<InetSocketAddress> via = new ArrayList<>();
    for (FaultProxy p : proxies) via.add(p.listenAddress());
    return PgCluster.jdbcUrl(via, service.database());
  }

  /** The {@code postgres.*} placeholders for the target's launch command, with {@link #jdbcUrl()}. */
  public Map<String, String> placeholders() {
    Map<String, String> m = new LinkedHashMap<>(service.placeholders());
    m.put("postgres.jdbc-url", jdbcUrl());
    if (!proxies.isEmpty()) {
      m.put("postgres.host", proxies.get(0).listenAddress().getHostString());
      m.put("postgres.port", Integer.toString(proxies.get(0).listenAddress().getPort()));
    }
    return m;
  }

  /** Returns {@code deps} with this, its {@link PgService} and, when it is one, its {@link PgCluster}. */
  public Dependencies addTo(Dependencies deps) {
    Dependencies d = deps.with(PgDependency.class, this).with(PgService.class, service);
    if (service instanceof PgCluster c) d = d.with(PgCluster.class, c);
    return d;
  }

  /** One line for the run's output. */
  public String describe() {
    String text = service.describe();
    if (!proxies.isEmpty()) {
      text += " behind fault proxies " + proxies.stream().map(p -> Integer.toString(p.listenAddress().getPort()))
          .collect(java.util.stream.Collectors.joining(", "));
    }
    return text;
  }

  /** Closes the proxies, then stops PostgreSQL and deletes its files. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (FaultProxy p : proxies) {
      try {
        p.close();
      } catch (IOException e) {
        first = e;
      }
    }
    try {
      service.close();
    } catch (IOException e) {
      if (first != null) e.addSuppressed(first);
      throw e;
    }
    if (first != null) throw first;
  }
}
