package io.streamcert.infra.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgClusterTest {

  @BeforeAll
  static void needsInstalledPostgres() {
    assumeTrue(PgBinaries.locate().isPresent(), "no PostgreSQL server programs installed (apt-get install postgresql)");
  }

  @Test
  void synchronousFailoverKeepsEveryAcknowledgedCommitAndAcknowledgesNothingTheReplicaLacks() throws Exception {
    Path base = openTempDir("pg-sync-test-").resolve("cluster");
    PgCluster cluster = PgCluster.builder().replication(PgCluster.Replication.SYNCHRONOUS).baseDir(base).start();
    List<Long> pids;
    try (cluster) {
      pids = cluster.pids();
      assertThat(pids).as("a primary and a replica run").hasSize(2);
      int firstPrimary = cluster.port();
      int firstReplica = cluster.replicaPort().orElseThrow();
      try (Connection c = client(cluster)) {
        exec(c, "create table t(id bigint primary key)");
        for (long id = 1; id <= 50; id++) insert(c, id);
      }
      awaitReplicaHas(cluster, 50);

      cluster.stallReplication();
      CompletableFuture<Void> pending = CompletableFuture.runAsync(() -> {
        try (Connection c = client(cluster)) {
          insert(c, 1000);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      PgCluster.Failover f = cluster.failover(PgCluster.Kill.SIGKILL);

      assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS))
          .as("a commit the synchronous replica never received is not acknowledged")
          .isInstanceOf(ExecutionException.class);
      assertThat(f.oldPrimaryPort()).isEqualTo(firstPrimary);
      assertThat(f.newPrimaryPort()).isEqualTo(firstReplica);
      assertThat(f.stalledAt()).isNotNull();
      assertThat(ProcessHandle.of(f.killedPid()).filter(PgNode::alive)).as("the old primary is dead").isEmpty();
      try (Connection c = client(cluster)) {
        assertThat(serverPort(c)).as("the multi-host URL follows the failover").isEqualTo(firstReplica);
        assertThat(ids(c)).as("every acknowledged row survives").containsAll(range(1, 50));
        for (long id = 51; id <= 60; id++) insert(c, id);
      }

      cluster.rebuildReplica();
      assertThat(cluster.replicaPort()).contains(firstPrimary);
      awaitReplicaHas(cluster, 60);
      PgCluster.Failover back = cluster.failover(PgCluster.Kill.IMMEDIATE_STOP);
      assertThat(back.newPrimaryPort()).isEqualTo(firstPrimary);
      try (Connection c = client(cluster)) {
        assertThat(ids(c)).as("a second failover keeps everything too").containsAll(range(1, 60));
      }
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(PgNode::alive)).as("postmaster " + pid + " stopped by close").isEmpty();
    }
    assertThat(postgresProcessesUnder(base)).isEmpty();
    assertThat(base).doesNotExist();
    Scratch.deleteTree(base.getParent());
  }

  @Test
  void asynchronousFailoverLosesCommitsAcknowledgedWhileTheReplicaWasBehind() throws Exception {
    try (PgCluster cluster = PgCluster.builder().replication(PgCluster.Replication.ASYNCHRONOUS).start()) {
      try (Connection c = client(cluster)) {
        exec(c, "create table t(id bigint primary key)");
        for (long id = 1; id <= 20; id++) insert(c, id);
      }
      awaitReplicaHas(cluster, 20);
      cluster.stallReplication();
      try (Connection c = client(cluster)) {
        insert(c, 999); // acknowledged by the primary alone
        assertThat(ids(c)).contains(999L);
      }
      cluster.failover(PgCluster.Kill.IMMEDIATE_STOP);
      try (Connection c = client(cluster)) {
        Set<Long> after = ids(c);
        assertThat(after).as("what the replica had survives").containsAll(range(1, 20));
        assertThat(after).as("the acknowledged commit the replica never received is lost").doesNotContain(999L);
      }
    }
  }

  @Test
  void restoreEndsAStallAndRebuildsTheReplicaAfterAFailoverAndLeavesAHealthyClusterAlone() throws Exception {
    try (PgCluster cluster = PgCluster.builder().replication(PgCluster.Replication.SYNCHRONOUS).start()) {
      try (Connection c = client(cluster)) {
        exec(c, "create table t(id bigint primary key)");
      }
      cluster.stallReplication();
      cluster.restore();
      try (Connection c = client(cluster)) {
        insert(c, 1); // would wait for the synchronous replica for ever if the stall had not ended
      }
      int replicaBefore = cluster.replicaPort().orElseThrow();
      cluster.restore();
      assertThat(cluster.replicaPort()).as("a healthy cluster is left alone").contains(replicaBefore);
      cluster.failover(PgCluster.Kill.SIGKILL);
      assertThat(cluster.replicaPort()).isEmpty();
      cluster.restore();
      assertThat(cluster.replicaPort()).isPresent();
      try (Connection c = client(cluster)) {
        insert(c, 2);
      }
      awaitReplicaHas(cluster, 2);
    }
  }

  @Test
  void stalledReplicationResumesAndCatchesUp() throws Exception {
    try (PgCluster cluster = PgCluster.builder().replication(PgCluster.Replication.ASYNCHRONOUS).start()) {
      try (Connection c = client(cluster)) {
        exec(c, "create table t(id bigint primary key)");
        cluster.stallReplication();
        for (long id = 1; id <= 5; id++) insert(c, id);
      }
      cluster.resumeReplication();
      awaitReplicaHas(cluster, 5);
    }
  }

  @Test
  void aFailedStartStopsWhatStartedAndDeletesItsFolder() throws Exception {
    PgBinaries real = PgBinaries.require();
    Path bin = Files.createTempDirectory("pg-broken-bin-");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String tool : List.of("initdb", "pg_ctl", "postgres")) Files.createSymbolicLink(bin.resolve(tool), real.tool(tool));
    Path broken = bin.resolve("pg_basebackup");
    Files.writeString(broken, "#!/bin/sh\necho 'basebackup refused for the test' >&2\nexit 3\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path base = openTempDir("pg-fail-test-").resolve("cluster");
    try {
      assertThatThrownBy(() -> PgCluster.builder().binaries(new PgBinaries(bin)).baseDir(base).start())
          .isInstanceOf(PgFixtureException.class)
          .hasMessageContaining("pg_basebackup")
          .hasMessageContaining("basebackup refused for the test");
      assertThat(postgresProcessesUnder(base)).as("the primary that had started is stopped").isEmpty();
      assertThat(base).doesNotExist();
    } finally {
      Scratch.deleteTree(bin);
      Scratch.deleteTree(base.getParent());
    }
  }

  @Test
  void aPrimaryAloneHasNoReplicaToFailOverTo() throws Exception {
    try (PgService single = PgServices.singleNode()) {
      assertThat(single).isInstanceOf(PgCluster.class);
      PgCluster cluster = (PgCluster) single;
      assertThat(single.jdbcUrl()).doesNotContain(",");
      assertThat(single.placeholders()).containsEntry("postgres.port", Integer.toString(single.port()))
          .containsEntry("postgres.database", "streamcert");
      try (Connection c = client(cluster)) {
        assertThat(serverPort(c)).isEqualTo(single.port());
      }
      assertThatThrownBy(() -> cluster.failover(PgCluster.Kill.SIGKILL))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no replica");
    }
  }

  @Test
  void aNonEmptyFolderIsRefusedWithTheFix() throws Exception {
    Path base = Files.createTempDirectory("pg-nonempty-");
    Files.writeString(base.resolve("keep.txt"), "mine");
    try {
      assertThatThrownBy(() -> PgCluster.builder().baseDir(base).start())
          .isInstanceOf(PgFixtureException.class).hasMessageContaining(base.toString()).hasMessageContaining("empty");
      assertThat(base.resolve("keep.txt")).exists();
    } finally {
      Scratch.deleteTree(base);
    }
  }

  /** A new temp folder the postgres user can reach (createTempDirectory makes it owner-only). */
  private static Path openTempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static Connection client(PgService pg) throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void insert(Connection c, long id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("insert into t(id) values (?)")) {
      p.setLong(1, id);
      p.executeUpdate();
    }
  }

  private static Set<Long> ids(Connection c) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from t")) {
      while (rs.next()) ids.add(rs.getLong(1));
    }
    return ids;
  }

  private static int serverPort(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Set<Long> range(long from, long to) {
    Set<Long> s = new HashSet<>();
    for (long i = from; i <= to; i++) s.add(i);
    return s;
  }

  /** Waits (up to 20 s) until the replica has applied at least {@code rows} rows of t. */
  private static void awaitReplicaHas(PgCluster cluster, int rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int seen = -1;
    while (System.nanoTime() - deadline < 0) {
      try (Connection c = cluster.connectReplica()) {
        seen = ids(c).size();
        if (seen >= rows) return;
      } catch (SQLException e) {
        // the table may not have replayed yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the replica applied " + seen + " rows, not " + rows + ", within 20 s");
  }

  /** The command lines of running processes that mention {@code dir}, from ps. */
  static List<String> postgresProcessesUnder(Path dir) throws IOException, InterruptedException {
    Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ps.waitFor();
    return out.lines().filter(l -> l.contains(dir.toString()) && !l.contains("<defunct>")).toList();
  }
}
