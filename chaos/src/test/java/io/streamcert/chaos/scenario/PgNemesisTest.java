package io.streamcert.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.infra.pg.PgBinaries;
import io.streamcert.infra.pg.PgCluster;
import io.streamcert.infra.pg.PgService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgNemesisTest {

  @BeforeAll
  static void needsInstalledPostgres() {
    assumeTrue(PgBinaries.locate().isPresent(), "no PostgreSQL server programs installed (apt-get install postgresql)");
  }

  @Test
  void failoversWithASynchronousReplicaLoseNoAcknowledgedCommitAndMeasureTheWriteOutage() throws Exception {
    List<Long> pids;
    try (PgDependency env = PgDependency.forScenario("pg-failover")) {
      assertThat(env.shape()).isEqualTo(PgDependency.Shape.SYNC_REPLICA);
      assertThat(env.proxies()).as("the server reaches every scenario's PostgreSQL through proxies").hasSize(2);
      PgCluster cluster = (PgCluster) env.service();
      pids = cluster.pids();
      PgFailoverNemesis nemesis = new PgFailoverNemesis(cluster, Duration.ofMillis(200));
      try (nemesis) {
        for (int i = 0; i < 2; i++) {
          awaitAcks(nemesis, 5);
          assertThat(nemesis.start()).contains("SIGKILL PostgreSQL primary").contains("promoted");
          awaitAcks(nemesis, 5); // writes resume on the promoted replica before the heal
          nemesis.heal();
        }
        assertThat(nemesis.findings()).as("a synchronous replica keeps every acknowledged commit").isEmpty();
        Map<String, Double> figures = nemesis.figures();
        assertThat(figures).containsEntry("pg_failovers", 2.0).containsEntry("pg_probe_lost", 0.0)
            .containsKeys("pg_write_unavailability_ms_max", "pg_promotion_ms_max");
        assertThat(figures.get("pg_write_unavailability_ms_max")).isPositive();
      }
    }
    assertThat(livePostmasters(pids)).as("no PostgreSQL left after close").isEmpty();
  }

  @Test
  void withAnAsynchronousReplicaTheNemesisReportsTheAcknowledgedCommitsTheFailoverLost() throws Exception {
    try (PgDependency env = PgDependency.forScenario("pg-failover-async")) {
      PgCluster cluster = (PgCluster) env.service();
      assertThat(cluster.replication()).isEqualTo(PgCluster.Replication.ASYNCHRONOUS);
      PgFailoverNemesis nemesis = new PgFailoverNemesis(cluster, Duration.ofMillis(300));
      try (nemesis) {
        awaitAcks(nemesis, 5);
        nemesis.start();
        awaitAcks(nemesis, 5);
        nemesis.heal();
        List<String> findings = nemesis.findings();
        Map<String, Double> figures = nemesis.figures();
        PgCluster.Failover f = nemesis.failovers().get(0);
        List<Long> doomed = nemesis.probeAcknowledged().stream()
            .filter(a -> a.port() == f.oldPrimaryPort() && a.sentAt().isAfter(f.stalledAt()) && a.at().isBefore(f.killedAt()))
            .map(PgProbe.Ack::seq).toList();
        assertThat(doomed).as("the stall lasts until the primary alone acknowledged a commit").isNotEmpty();
        List<Long> lost = nemesis.lostCommits();
        assertThat(lost).as("every commit acknowledged by the primary alone is lost").containsAll(doomed);
        assertThat(figures.get("pg_probe_lost")).isEqualTo((double) lost.size());
        assertThat(findings).singleElement().asString()
            .contains(lost.size() + " PostgreSQL commit(s) acknowledged to the probe were lost")
            .contains("asynchronous replication").contains(lost.get(0).toString());
      }
    }
  }

  @Test
  void thePartitionCutsPostgresOffThroughTheProxiesAndHeals() throws Exception {
    List<Long> pids;
    try (PgDependency env = PgDependency.forScenario("pg-partition")) {
      PgCluster cluster = (PgCluster) env.service();
      pids = cluster.pids();
      assertThat(env.proxies()).as("one proxy per node").hasSize(2);
      int proxyPort = env.proxies().get(0).listenAddress().getPort();
      assertThat(env.jdbcUrl()).contains(":" + proxyPort + ",").doesNotContain(":" + cluster.port() + ",");
      assertThat(env.placeholders()).containsEntry("postgres.port", Integer.toString(proxyPort))
          .containsEntry("postgres.jdbc-url", env.jdbcUrl());
      PgPartitionNemesis nemesis = new PgPartitionNemesis(env.proxies());
      assertThat(query(env)).as("the proxied URL reaches the primary").isEqualTo(cluster.port());
      nemesis.start();
      assertThatThrownBy(() -> query(env)).isInstanceOf(SQLException.class);
      nemesis.heal();
      assertThat(query(env)).as("PostgreSQL answers through the proxies again").isEqualTo(cluster.port());
      assertThat(nemesis.figures()).containsEntry("pg_partitions", 1.0);
    }
    assertThat(livePostmasters(pids)).as("no PostgreSQL left after close").isEmpty();
  }

  @Test
  void otherScenariosGetTheDefaultAndAFailoverWithoutReplicaIsRefused() throws Exception {
    assertThat(PgDependency.shapeFor("s3-throttling")).isEqualTo(PgDependency.Shape.SYNC_REPLICA);
    try (PgDependency env = PgDependency.start(PgDependency.Shape.SINGLE, false)) {
      assertThat(env.proxies()).isEmpty();
      assertThat(env.jdbcUrl()).isEqualTo(env.service().jdbcUrl());
      Dependencies deps = env.addTo(Dependencies.none());
      assertThat(deps.find(PgDependency.class)).containsSame(env);
      assertThat(deps.find(PgService.class)).containsSame(env.service());
      assertThatThrownBy(() -> new PgFailoverNemesis((PgCluster) env.service(), Duration.ZERO))
          .isInstanceOf(IOException.class).hasMessageContaining("needs a PostgreSQL primary with a replica");
    }
    assertThatThrownBy(() -> Scenarios.PG_FAILOVER.nemesis().create(null, Dependencies.none()))
        .isInstanceOf(IOException.class).hasMessageContaining("pg-failover").hasMessageContaining("--reference-storage tiered");
    assertThatThrownBy(() -> Scenarios.PG_PARTITION.nemesis().create(null, Dependencies.none()))
        .isInstanceOf(IOException.class).hasMessageContaining("pg-partition");
  }

  private static int query(PgDependency env) throws SQLException {
    PgService s = env.service();
    try (Connection c = DriverManager.getConnection(env.jdbcUrl(), s.user(), s.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select inet_server_port()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Waits (up to 20 s) until the probe has {@code more} acknowledgements beyond the present ones. */
  private static void awaitAcks(PgFailoverNemesis nemesis, int more) throws Exception {
    int target = nemesis.probeAcks() + more;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (nemesis.probeAcks() < target) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("the probe got no acknowledgements for 20 s");
      Thread.sleep(20);
    }
  }

  private static List<String> livePostmasters(List<Long> pids) throws IOException, InterruptedException {
    Process ps = new ProcessBuilder("ps", "-eo", "pid,stat,args").redirectErrorStream(true).start();
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ps.waitFor();
    return out.lines().filter(l -> {
      String[] f = l.trim().split("\\s+", 3);
      return f.length == 3 && !f[1].startsWith("Z") && pids.contains(Long.parseLong(f[0].matches("\\d+") ? f[0] : "-1"));
    }).toList();
  }
}
