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
 * The PostgreSQL a tiered-storage server runs on during one chaos run, shaped for the scenario: a
 * primary with a synchronous replica for {@code pg-failover}, with an asynchronous one for {@code
 * pg-failover-async}, a single node behind a TCP fault proxy for {@code pg-partition}, and a single
 * node (installed programs, else embedded) for every other scenario. Start it before the target,
 * give the target its {@link #placeholders()}, and hand the nemesis its services with {@link
 * #addTo(Dependencies)}; close it after the target.
 */
public final class PgDependency implements AutoCloseable {

  /** What a scenario needs of PostgreSQL. */
  public enum Shape {
    /** One node, from the installed programs or embedded. */
    SINGLE,
    /** A primary and a synchronous streaming replica (installed programs only). */
    SYNC_REPLICA,
    /** A primary and an asynchronous streaming replica (installed programs only). */
    ASYNC_REPLICA,
    /** One node that the server reaches through a fault proxy. */
    PROXIED
  }

  private final Shape shape;
  private final PgService service;
  private final List<FaultProxy> proxies;

  private PgDependency(Shape shape, PgService service, List<FaultProxy> proxies) {
    this.shape = shape;
    this.service = service;
    this.proxies = List.copyOf(proxies);
  }

  /** The shape scenario {@code name} needs. */
  public static Shape shapeFor(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "pg-failover" -> Shape.SYNC_REPLICA;
      case "pg-failover-async" -> Shape.ASYNC_REPLICA;
      case "pg-partition" -> Shape.PROXIED;
      default -> Shape.SINGLE;
    };
  }

  /**
   * Starts PostgreSQL shaped for scenario {@code scenarioName}.
   *
   * @throws IOException naming what is missing (the installed programs for a replica) and the fix
   */
  public static PgDependency forScenario(String scenarioName) throws IOException {
    return start(shapeFor(scenarioName));
  }

  /** Starts PostgreSQL of {@code shape}; see {@link #forScenario(String)}. */
  public static PgDependency start(Shape shape) throws IOException {
    switch (shape) {
      case SYNC_REPLICA, ASYNC_REPLICA -> {
        if (PgBinaries.locate().isEmpty()) {
          throw new PgFixtureException("a PostgreSQL replica needs the installed server programs (pg_basebackup),"
              + " and none were found; install them (Debian: apt-get install postgresql) or set STREAMCERT_PG_BIN");
        }
        PgCluster cluster = PgCluster.builder()
            .replication(shape == Shape.SYNC_REPLICA ? PgCluster.Replication.SYNCHRONOUS : PgCluster.Replication.ASYNCHRONOUS)
            .start();
        return new PgDependency(shape, cluster, List.of());
      }
      case PROXIED -> {
        PgService single = PgServices.singleNode();
        List<FaultProxy> proxies = new ArrayList<>();
        try {
          proxies.add(FaultProxies.embedded(new InetSocketAddress(single.host(), single.port())));
        } catch (RuntimeException e) {
          single.close();
          throw new IOException("cannot put a fault proxy in front of " + single.describe() + ": " + e.getMessage(), e);
        }
        return new PgDependency(shape, single, proxies);
      }
      default -> {
        return new PgDependency(shape, PgServices.singleNode(), List.of());
      }
    }
  }

  public Shape shape() {
    return shape;
  }

  /** The PostgreSQL itself (a {@link PgCluster} when started from the installed programs). */
  public PgService service() {
    return service;
  }

  /** The fault proxies between the server and PostgreSQL; empty unless {@link Shape#PROXIED}. */
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

  /** Returns {@code deps} with this environment and, when it has one, its {@link PgCluster}. */
  public Dependencies addTo(Dependencies deps) {
    Dependencies d = deps.with(PgDependency.class, this);
    if (service instanceof PgCluster c) d = d.with(PgCluster.class, c);
    return d;
  }

  /** One line for the run's output. */
  public String describe() {
    String text = service.describe();
    if (!proxies.isEmpty()) text += " behind fault proxy " + proxies.get(0).listenAddress().getPort();
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
