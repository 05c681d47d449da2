package io.streamcert.infra.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One PostgreSQL server of a cluster: its data folder, loopback port and log, and the pg_ctl
 * commands that start, stop and promote it.
 */
final class PgNode {

  static final String HOST = "127.0.0.1";
  private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final int port;
  private final Path baseDir;
  private final PgBinaries binaries;
  private final ServerUser user;

  PgNode(String name, int port, Path baseDir, PgBinaries binaries, ServerUser user) {
    this.name = name;
    this.port = port;
    this.baseDir = baseDir;
    this.binaries = binaries;
    this.user = user;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path dataDir() {
    return baseDir.resolve(name);
  }

  Path logFile() {
    return baseDir.resolve(name + ".log");
  }

  /** Creates a fresh cluster in the data folder, configured to serve on its port and to stream WAL to replicas. */
  void initdb(boolean durable) throws PgFixtureException {
    user.run(List.of(binaries.tool("initdb").toString(), "-D", dataDir().toString(), "-U", ServerUser.POSTGRES,
        "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"), baseDir, CTL_TIMEOUT);
    appendConfig("postgresql.conf", List.of(
        "listen_addresses = '" + HOST + "'",
        "port = " + port,
        "unix_socket_directories = ''",
        "wal_level = replica",
        "max_wal_senders = 8",
        "max_replication_slots = 8",
        "wal_keep_size = 128MB",
        "hot_standby = on",
        "wal_receiver_status_interval = 1s",
        "wal_sender_timeout = 10s",
        "wal_receiver_timeout = 10s",
        "shared_buffers = 32MB",
        "max_connections = 60",
        // A commit is acknowledged once flushed (fsync off only trades host-crash safety, which these
        // fixtures never test: the faults kill processes, not machines).
        "fsync = " + (durable ? "on" : "off"),
        "full_page_writes = " + (durable ? "on" : "off"),
        "synchronous_commit = on",
        "logging_collector = off",
        "log_min_messages = warning"));
  }

  /** Makes this node a streaming replica of {@code primary} with pg_basebackup -R. */
  void basebackupFrom(PgNode primary) throws PgFixtureException {
    user.run(List.of(binaries.tool("pg_basebackup").toString(), "-h", HOST, "-p", Integer.toString(primary.port()),
        "-U", ServerUser.POSTGRES, "-D", dataDir().toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        baseDir, CTL_TIMEOUT);
    // The copied settings name the primary's port; the last line of the auto file wins. A standby
    // never waits for synchronous standbys itself; the empty list keeps it writable once promoted,
    // until a new replica is attached.
    appendConfig("postgresql.auto.conf", List.of("port = " + port, "synchronous_standby_names = ''"));
  }

  void start() throws PgFixtureException {
    user.run(List.of(binaries.tool("pg_ctl").toString(), "-D", dataDir().toString(), "-l", logFile().toString(),
        "-w", "-t", "60", "start"), baseDir, CTL_TIMEOUT.plusSeconds(10));
  }

  /** Stops the server with pg_ctl: {@code immediate} is a crash (no checkpoint), {@code fast} a clean stop. */
  void stop(String mode) throws PgFixtureException {
    user.run(List.of(binaries.tool("pg_ctl").toString(), "-D", dataDir().toString(), "-m", mode, "-w", "-t", "30",
        "stop"), baseDir, CTL_TIMEOUT);
  }

  /** Promotes this standby and waits until it accepts writes. */
  void promote() throws PgFixtureException {
    user.run(List.of(binaries.tool("pg_ctl").toString(), "-D", dataDir().toString(), "-w", "-t", "60", "promote"),
        baseDir, CTL_TIMEOUT.plusSeconds(10));
  }

  /** The postmaster's process, when its pid file names a live one. */
  Optional<ProcessHandle> postmaster() {
    Path pidFile = dataDir().resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) return Optional.empty();
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(PgNode::alive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean running() {
    return postmaster().isPresent();
  }

  /**
   * Kills the postmaster and every process it started with SIGKILL, the harshest crash: nothing
   * is flushed or checkpointed. Returns the postmaster's pid, or -1 when it was not running.
   */
  long sigkill() {
    Optional<ProcessHandle> pm = postmaster();
    if (pm.isEmpty()) return -1;
    List<ProcessHandle> all = new ArrayList<>(pm.get().descendants().toList());
    pm.get().destroyForcibly();
    for (ProcessHandle h : all) h.destroyForcibly();
    for (ProcessHandle h : all) awaitExit(h);
    awaitExit(pm.get());
    return pm.get().pid();
  }

  /** Stops the node whatever its state: an immediate stop, then SIGKILL for whatever is left. */
  void forceStop() {
    if (!running()) return;
    try {
      stop("immediate");
    } catch (PgFixtureException e) {
      // SIGKILL below
    }
    sigkill();
  }

  /** Opens a superuser connection to database {@code database} on this node only. */
  Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", ServerUser.POSTGRES);
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "30");
    p.setProperty("loginTimeout", "10");
    p.setProperty("ApplicationName", "streamcert-fixture");
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, p);
  }

  private void appendConfig(String file, List<String> lines) throws PgFixtureException {
    Path f = dataDir().resolve(file);
    try {
      Files.write(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new PgFixtureException("cannot append the fixture's settings to " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code h} runs: alive and not a zombie. A killed postmaster is not this JVM's child, so
   * it stays a zombie until init reaps it, and {@link ProcessHandle#isAlive()} counts zombies as alive.
   */
  static boolean alive(ProcessHandle h) {
    if (!h.isAlive()) return false;
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"), StandardCharsets.UTF_8);
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return h.isAlive(); // no /proc (not Linux), or the process just went away
    }
  }

  /** Waits up to 10 s for {@code h} to exit; a process that outlives SIGKILL that long is stuck in the kernel. */
  private static void awaitExit(ProcessHandle h) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (alive(h) && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return name + "@" + HOST + ":" + port;
  }
}
