package io.streamcert.infra.pg;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * PostgreSQL from the installed server programs (see {@link PgBinaries}): a primary and, unless
 * asked otherwise, a streaming replica made with {@code pg_basebackup -R}, each on a free loopback
 * port, in a scratch folder deleted on close. With {@link Replication#SYNCHRONOUS} the primary
 * acknowledges a commit only once the replica has flushed it ({@code synchronous_standby_names =
 * '*'}, {@code synchronous_commit = on}); with {@link Replication#ASYNCHRONOUS} it does not wait.
 *
 * <p>{@link #failover} kills the primary and promotes the replica, which then takes writes alone;
 * {@link #rebuildReplica()} makes a new replica of the new primary on the old primary's port, so
 * that the {@link #jdbcUrl() multi-host URL} stays valid for any number of failovers.
 *
 * <p>When the JVM runs as root, every program runs as the {@code postgres} user through {@code
 * runuser} and the scratch folder belongs to that user. A JVM shutdown hook stops the servers if
 * the JVM exits without closing the cluster. Methods are not meant to be called concurrently.
 */
public final class PgCluster implements PgService {

  /** Whether and how the primary replicates. */
  public enum Replication {
    /** A primary alone. */
    NONE,
    /** A replica that must flush each commit before the primary acknowledges it. */
    SYNCHRONOUS,
    /** A replica that streams behind the primary; a failover can lose acknowledged commits. */
    ASYNCHRONOUS
  }

  /** How {@link #failover} kills the primary. */
  public enum Kill {
    /** SIGKILL to the postmaster and all its processes. */
    SIGKILL,
    /** {@code pg_ctl stop -m immediate}: the postmaster quits without a checkpoint, as in a crash. */
    IMMEDIATE_STOP
  }

  /**
   * What a failover did.
   *
   * @param oldPrimaryPort the killed primary's port
   * @param newPrimaryPort the promoted replica's port
   * @param killedPid the old primary's postmaster pid, or -1 when it was not running
   * @param stalledAt when replication to the replica stopped (null without a stall): commits acknowledged
   *     from then on reach only the old primary when replication is asynchronous
   * @param killedAt when the old primary was dead
   * @param promotedAt when the new primary accepted writes
   */
  public record Failover(int oldPrimaryPort, int newPrimaryPort, long killedPid, Instant stalledAt, Instant killedAt,
      Instant promotedAt) {

    /** From the kill to the new primary accepting writes. */
    public Duration promotion() {
      return Duration.between(killedAt, promotedAt);
    }
  }

  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(30);

  private final PgBinaries binaries;
  private final ServerUser user;
  private final Path baseDir;
  private final Replication replication;
  private final String database;
  private final PgNode a;
  private final PgNode b;
  private final Thread shutdownHook;
  private PgNode primary;
  private PgNode replica; // null while the cluster runs on the primary alone
  private String stalledConninfo; // the replica's primary_conninfo while replication is stalled
  private Instant stalledAt;
  private boolean closed;

  private PgCluster(Builder builder, ServerUser user, Path baseDir, int portA, int portB) {
    this.binaries = builder.binaries;
    this.user = user;
    this.baseDir = baseDir;
    this.replication = builder.replication;
    this.database = builder.database;
    this.a = new PgNode("node-a", portA, baseDir, binaries, user);
    this.b = new PgNode("node-b", portB, baseDir, binaries, user);
    this.primary = a;
    this.shutdownHook = new Thread(this::stopAndDelete, "streamcert-pg-cleanup");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PgCluster}: the replication mode, the database name and where the files go. */
  public static final class Builder {
    private PgBinaries binaries;
    private Replication replication = Replication.SYNCHRONOUS;
    private String database = "streamcert";
    private Path baseDir;
    private boolean durable;

    private Builder() {}

    /** The server programs; by default {@link PgBinaries#require()}. */
    public Builder binaries(PgBinaries binaries) {
      this.binaries = Objects.requireNonNull(binaries, "binaries");
      return this;
    }

    /** Default {@link Replication#SYNCHRONOUS}. */
    public Builder replication(Replication replication) {
      this.replication = Objects.requireNonNull(replication, "replication");
      return this;
    }

    /** The database created for clients; default {@code streamcert}. */
    public Builder database(String database) {
      if (database == null || !database.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("database was '" + database
            + "' but must be a lower-case SQL identifier like streamcert");
      }
      this.database = database;
      return this;
    }

    /**
     * The scratch folder (created, handed to the postgres user when root, deleted on close); it must
     * not exist or be empty, and the postgres user must be able to reach it. Default: a new folder
     * under {@code java.io.tmpdir}.
     */
    public Builder baseDir(Path baseDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
      return this;
    }

    /**
     * Whether the servers fsync (default off: the faults here kill processes, whose written pages
     * the OS keeps, not machines; fsync only slows the fixtures).
     */
    public Builder durable(boolean durable) {
      this.durable = durable;
      return this;
    }

    /**
     * Starts the primary, then the replica, and waits until the replica streams (and, when
     * synchronous, is the primary's synchronous standby). On failure stops what started and deletes
     * the folder.
     *
     * @throws PgFixtureException naming the step that failed and the server log to read
     */
    public PgCluster start() throws PgFixtureException {
      if (binaries == null) binaries = PgBinaries.require();
      ServerUser user = ServerUser.detect();
      Path dir = Scratch.prepare(baseDir, user);
      PgCluster cluster;
      try {
        int[] ports = Scratch.freePorts(2);
        cluster = new PgCluster(this, user, dir, ports[0], ports[1]);
      } catch (IOException | RuntimeException e) {
        try {
          Scratch.deleteTree(dir);
        } catch (PgFixtureException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e instanceof PgFixtureException p ? p
            : new PgFixtureException("cannot prepare the PostgreSQL fixture in " + dir + ": " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      try {
        cluster.boot(durable);
        return cluster;
      } catch (PgFixtureException | RuntimeException e) {
        try {
          cluster.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  private void boot(boolean durable) throws PgFixtureException {
    a.initdb(durable);
    start(a);
    sql(a, "postgres", "create database " + database);
    if (replication != Replication.NONE) attachReplica(b);
  }

  /** The multi-host URL over both nodes with {@code targetServerType=primary}; see {@link #jdbcUrl(List, String)}. */
  @Override
  public String jdbcUrl() {
    List<InetSocketAddress> hosts = new ArrayList<>();
    hosts.add(address(a));
    if (replication != Replication.NONE) hosts.add(address(b));
    return jdbcUrl(hosts, database);
  }

  /**
   * A PgJDBC URL over {@code hosts} (such as fault proxies in front of the nodes) that connects to
   * whichever is the primary, re-checks a host's role after a second, and fails a connection attempt
   * after 2 s, a login after 5 s and a silent socket after 10 s, so that clients notice a dead or
   * partitioned primary quickly.
   */
  public static String jdbcUrl(List<InetSocketAddress> hosts, String database) {
    if (hosts.isEmpty()) throw new IllegalArgumentException("a JDBC URL needs at least one host");
    String list = hosts.stream().map(h -> h.getHostString() + ":" + h.getPort()).collect(Collectors.joining(","));
    return "jdbc:postgresql://" + list + "/" + database
        + "?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=2&loginTimeout=5&socketTimeout=10";
  }

  /** The loopback addresses of the nodes, primary first at start. */
  public List<InetSocketAddress> nodes() {
    return replication == Replication.NONE ? List.of(address(a)) : List.of(address(a), address(b));
  }

  @Override
  public String host() {
    return PgNode.HOST;
  }

  @Override
  public synchronized int port() {
    return primary.port();
  }

  /** The current replica's port, if a replica is attached. */
  public synchronized Optional<Integer> replicaPort() {
    return replica == null ? Optional.empty() : Optional.of(replica.port());
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public String user() {
    return ServerUser.POSTGRES;
  }

  /** Authentication is {@code trust} on loopback; any password is accepted. */
  @Override
  public String password() {
    return "streamcert";
  }

  public Replication replication() {
    return replication;
  }

  /** The scratch folder holding the data folders and the logs ({@code node-a.log}, {@code node-b.log}). */
  public Path baseDir() {
    return baseDir;
  }

  /** The server programs' folder. */
  public PgBinaries binaries() {
    return binaries;
  }

  @Override
  public synchronized String describe() {
    String text = "local PostgreSQL (" + binaries.bin() + ", files and logs in " + baseDir + ") primary " + primary;
    if (replica != null) text += " + " + replication.name().toLowerCase(java.util.Locale.ROOT) + " replica " + replica;
    return text;
  }

  /**
   * Stops replication to the replica (its WAL receiver is switched off) while the primary runs on:
   * from the returned instant, a synchronous primary acknowledges no commit (each waits for the
   * replica), an asynchronous one acknowledges commits that only it holds, which a {@link #failover}
   * then loses. {@link #resumeReplication()} or a failover ends the stall.
   *
   * @throws IllegalStateException without a replica
   */
  public synchronized Instant stallReplication() throws PgFixtureException {
    PgNode r = requireReplica();
    if (stalledConninfo == null) {
      String conninfo = text(r, "show primary_conninfo");
      sql(r, "postgres", "alter system set primary_conninfo = ''");
      sql(r, "postgres", "select pg_reload_conf()");
      stalledConninfo = conninfo;
      await("the WAL receiver of " + r + " to stop", () -> count(r, "select count(*) from pg_stat_wal_receiver") == 0);
      stalledAt = Instant.now();
    }
    return stalledAt;
  }

  /** Ends a {@link #stallReplication() stall}: the replica reconnects and catches up. Nothing happens without one. */
  public synchronized void resumeReplication() throws PgFixtureException {
    if (stalledConninfo == null || replica == null) return;
    PgNode r = replica;
    sql(r, "postgres", "alter system set primary_conninfo = '" + stalledConninfo.replace("'", "''") + "'");
    sql(r, "postgres", "select pg_reload_conf()");
    stalledConninfo = null;
    stalledAt = null;
    awaitReplicaStreaming(r);
  }

  /**
   * Kills the primary and promotes the replica, which then takes writes alone (it waits for no
   * standby) until {@link #rebuildReplica()}. The promoted replica holds what it had received: with
   * a synchronous replica every acknowledged commit, with an asynchronous one possibly not the last
   * ones (for certain not those acknowledged during a {@link #stallReplication() stall}).
   *
   * @throws IllegalStateException without a replica (none configured, or not rebuilt since the last failover)
   * @throws PgFixtureException when a step fails
   */
  public synchronized Failover failover(Kill kill) throws PgFixtureException {
    Objects.requireNonNull(kill, "kill");
    requireReplica();
    Instant stalled = stalledAt;
    stalledAt = null;
    stalledConninfo = null;
    PgNode old = primary;
    long pid = old.postmaster().map(ProcessHandle::pid).orElse(-1L);
    if (kill == Kill.SIGKILL) {
      old.sigkill();
    } else {
      old.stop("immediate");
    }
    Instant killedAt = Instant.now();
    PgNode promoted = promoteReplica();
    return new Failover(old.port(), promoted.port(), pid, stalled, killedAt, Instant.now());
  }

  /**
   * Brings the cluster back to a running primary with a streaming replica (synchronous again when
   * so configured), whatever state a fault left it in: a stall ends, a dead primary is replaced by
   * its promoted replica, a missing or dead replica is rebuilt. Does nothing to a healthy cluster.
   *
   * @throws PgFixtureException when both nodes are down, or a step fails
   */
  public synchronized void restore() throws PgFixtureException {
    if (!primary.running()) {
      if (replica == null || !replica.running()) {
        if (replication != Replication.NONE) {
          throw new PgFixtureException("both PostgreSQL nodes are down (" + a + ", " + b + "); see the logs in " + baseDir);
        }
        start(primary);
        return;
      }
      stalledAt = null;
      stalledConninfo = null;
      promoteReplica();
    }
    if (replication == Replication.NONE) return;
    if (replica != null && !replica.running()) replica = null;
    if (replica == null) {
      rebuildReplica();
    } else {
      resumeReplication();
    }
  }

  private PgNode promoteReplica() throws PgFixtureException {
    replica.promote();
    PgNode promoted = replica;
    await(promoted + " to leave recovery", () -> count(promoted, "select case when pg_is_in_recovery() then 1 else 0 end") == 0);
    primary = promoted;
    replica = null;
    return promoted;
  }

  private PgNode requireReplica() {
    if (replica == null) {
      throw new IllegalStateException(replication == Replication.NONE
          ? "this cluster has no replica; build it with replication SYNCHRONOUS or ASYNCHRONOUS"
          : "the replica was promoted by the last failover; call rebuildReplica() first");
    }
    return replica;
  }

  /**
   * Makes a fresh replica of the current primary on the other node's port (its old data deleted)
   * and waits until it streams and, when synchronous, is the synchronous standby again.
   *
   * @throws IllegalStateException when a replica is attached already or replication is NONE
   * @throws PgFixtureException when a step fails
   */
  public synchronized void rebuildReplica() throws PgFixtureException {
    if (replication == Replication.NONE) throw new IllegalStateException("this cluster has no replica");
    if (replica != null) throw new IllegalStateException("a replica is attached already: " + replica);
    PgNode spare = primary == a ? b : a;
    spare.forceStop();
    Scratch.deleteTree(spare.dataDir());
    attachReplica(spare);
  }

  /** Whether the current primary's postmaster runs. */
  public synchronized boolean primaryRunning() {
    return primary.running();
  }

  /**
   * Opens a superuser connection to the cluster's database on the current primary only. The caller
   * closes it.
   */
  public synchronized Connection connectPrimary() throws SQLException {
    return primary.connect(database);
  }

  /** Opens a superuser connection to the cluster's database on the replica, if one is attached. */
  public synchronized Connection connectReplica() throws SQLException {
    if (replica == null) throw new IllegalStateException("no replica is attached");
    return replica.connect(database);
  }

  /** The postmaster pids of the running nodes; empty once closed. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    a.postmaster().ifPresent(h -> pids.add(h.pid()));
    b.postmaster().ifPresent(h -> pids.add(h.pid()));
    return pids;
  }

  @Override
  public synchronized void close() throws PgFixtureException {
    if (closed) return;
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook stops and deletes everything itself
    }
    stopAll();
    if (!a.running() && !b.running()) {
      Scratch.deleteTree(baseDir);
    } else {
      throw new PgFixtureException("PostgreSQL under " + baseDir + " survived SIGKILL (pids " + pids()
          + "); the folder is kept");
    }
  }

  /** The shutdown hook: the JVM is exiting without close(), so stop the servers and delete what it can. */
  private void stopAndDelete() {
    stopAll();
    try {
      if (!a.running() && !b.running()) Scratch.deleteTree(baseDir);
    } catch (PgFixtureException e) {
      // the JVM is exiting; a leftover folder under the temp dir is all that remains
    }
  }

  private void stopAll() {
    a.forceStop();
    b.forceStop();
  }

  private void attachReplica(PgNode node) throws PgFixtureException {
    node.basebackupFrom(primary);
    start(node);
    PgNode p = primary;
    awaitReplicaStreaming(node);
    if (replication == Replication.SYNCHRONOUS) {
      sql(p, "postgres", "alter system set synchronous_standby_names = '*'");
      sql(p, "postgres", "select pg_reload_conf()");
      await(node + " to become the synchronous standby of " + p,
          () -> count(p, "select count(*) from pg_stat_replication where sync_state = 'sync'") >= 1);
    }
    replica = node;
  }

  private void awaitReplicaStreaming(PgNode node) throws PgFixtureException {
    PgNode p = primary;
    await(node + " to stream from " + p,
        () -> count(p, "select count(*) from pg_stat_replication where state = 'streaming'") >= 1);
  }

  private void start(PgNode node) throws PgFixtureException {
    try {
      node.start();
    } catch (PgFixtureException e) {
      throw new PgFixtureException("PostgreSQL " + node + " did not start: " + e.getMessage() + "; see "
          + node.logFile() + tail(node.logFile()), e);
    }
  }

  private static void sql(PgNode node, String db, String statement) throws PgFixtureException {
    try (Connection c = node.connect(db); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new PgFixtureException("'" + statement + "' failed on " + node + ": " + e.getMessage(), e);
    }
  }

  private static String text(PgNode node, String query) throws PgFixtureException {
    try (Connection c = node.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : "";
    } catch (SQLException e) {
      throw new PgFixtureException("'" + query + "' failed on " + node + ": " + e.getMessage(), e);
    }
  }

  /** The single number {@code query} returns on {@code node}, or -1 when it cannot be asked. */
  private static long count(PgNode node, String query) {
    try (Connection c = node.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      return -1;
    }
  }

  private void await(String what, BooleanSupplier condition) throws PgFixtureException {
    long deadline = System.nanoTime() + REPLICATION_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new PgFixtureException("gave up waiting for " + what + " after " + REPLICATION_WAIT.toSeconds()
            + " s; see the logs in " + baseDir);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PgFixtureException("interrupted while waiting for " + what, e);
      }
    }
  }

  private static InetSocketAddress address(PgNode node) {
    return InetSocketAddress.createUnresolved(PgNode.HOST, node.port());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
