package io.streamcert.chaos.scenario;

import io.streamcert.infra.pg.PgCluster;
import io.streamcert.infra.pg.PgService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL-level writer that runs beside the HTTP workload: it commits one numbered row every
 * 25 ms through the cluster's multi-host URL, notes when each commit was acknowledged and which
 * server (port) acknowledged it, and afterwards checks that every acknowledged row is on the
 * current primary. It tells how long writes were impossible across each failover (from the last
 * acknowledgement by the old primary to the first by the new one) and which acknowledged commits a
 * failover lost, whatever the server under test does with its own metadata.
 */
final class PgProbe {

  /**
   * One acknowledged commit: its number, when it was sent, when the client got the acknowledgement,
   * and from which port.
   */
  record Ack(long seq, Instant sentAt, Instant at, int port) {}

  static final String TABLE = "streamcert_chaos_probe";
  private static final long INTERVAL_MILLIS = 25;

  private final PgService pg;
  private final String run;
  private final List<Ack> acks = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;
  private long failures;

  PgProbe(PgService pg) {
    this.pg = pg;
    this.run = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    this.thread = new Thread(this::loop, "chaos-pg-probe");
    this.thread.setDaemon(true);
  }

  /**
   * Creates the probe's table and starts writing.
   *
   * @throws SQLException when the table cannot be created: PostgreSQL is not reachable
   */
  void start() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("create table if not exists " + TABLE + "(run text not null, seq bigint not null, "
          + "at timestamptz not null default now(), primary key (run, seq))");
    }
    thread.start();
  }

  /** Stops writing; waits up to 15 s for a commit in flight to end (the client's socket timeout is 10 s). */
  void stop() throws InterruptedException {
    stopping = true;
    thread.join(TimeUnit.SECONDS.toMillis(15));
  }

  synchronized List<Ack> acks() {
    return List.copyOf(acks);
  }

  /** Whether a commit sent after {@code t} has been acknowledged. */
  synchronized boolean acknowledgedSentAfter(Instant t) {
    for (int i = acks.size() - 1; i >= 0; i--) {
      if (acks.get(i).sentAt().isAfter(t)) return true;
      if (!acks.get(i).at().isAfter(t)) return false;
    }
    return false;
  }

  synchronized long failures() {
    return failures;
  }

  /**
   * The acknowledged rows missing from the current primary, in order; call after {@link #stop()}.
   *
   * @throws SQLException when the primary cannot be read
   */
  List<Long> lost() throws SQLException {
    Set<Long> present = new HashSet<>();
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("select seq from " + TABLE + " where run = ?")) {
      p.setString(1, run);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) present.add(rs.getLong(1));
      }
    }
    List<Long> lost = new ArrayList<>();
    for (Ack a : acks()) if (!present.contains(a.seq())) lost.add(a.seq());
    return lost;
  }

  /**
   * How long writes were impossible across {@code failover}: from the last acknowledgement by the
   * old primary (before the kill) to the first by the new one, if the probe saw both.
   */
  Optional<Duration> writeOutage(PgCluster.Failover failover) {
    Ack lastOld = null;
    Ack firstNew = null;
    for (Ack a : acks()) {
      if (a.port() == failover.oldPrimaryPort() && !a.at().isAfter(failover.killedAt())) lastOld = a;
      if (firstNew == null && a.port() == failover.newPrimaryPort() && a.at().isAfter(failover.killedAt())) firstNew = a;
    }
    if (lastOld == null || firstNew == null) return Optional.empty();
    return Optional.of(Duration.between(lastOld.at(), firstNew.at()));
  }

  private void loop() {
    long seq = 0;
    Connection c = null;
    while (!stopping) {
      try {
        if (c == null) c = connect();
        seq++;
        Instant sent = Instant.now();
        try (PreparedStatement p = c.prepareStatement("insert into " + TABLE + "(run, seq) values (?, ?) returning inet_server_port()")) {
          p.setString(1, run);
          p.setLong(2, seq);
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
            Ack ack = new Ack(seq, sent, Instant.now(), rs.getInt(1));
            synchronized (this) {
              acks.add(ack);
            }
          }
        }
        pause(INTERVAL_MILLIS);
      } catch (SQLException e) {
        synchronized (this) {
          failures++;
        }
        close(c);
        c = null;
        pause(100);
      }
    }
    close(c);
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    c.setAutoCommit(true);
    return c;
  }

  private static void close(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException e) {
      // a broken connection; nothing to release
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
