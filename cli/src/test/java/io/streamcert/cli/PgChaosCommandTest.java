package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.infra.pg.PgBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL scenarios end to end, in short mode: the command starts S3 and PostgreSQL itself
 * (a primary and a streaming replica from the installed programs), launches the tiered reference
 * server, injects three faults and checks the history. A synchronous replica loses nothing; the
 * asynchronous variant loses acknowledged commits and the run fails with them listed.
 */
class PgChaosCommandTest {

  @TempDir Path dir;

  @BeforeAll
  static void needsInstalledPostgres() {
    assumeTrue(PgBinaries.locate().isPresent(), "no PostgreSQL server programs installed (apt-get install postgresql)");
  }

  @AfterEach
  void noPostgresLeftBehind() throws Exception {
    Process ps = new ProcessBuilder("ps", "-eo", "stat,args").redirectErrorStream(true).start();
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ps.waitFor();
    // The clusters of a run live under the run's own temp folder names; none may outlive the command.
    List<String> left = out.lines().filter(l -> !l.startsWith("Z") && l.contains("postgres -D")
        && runFolders().stream().anyMatch(l::contains)).toList();
    assertThat(left).as("PostgreSQL processes of this test's runs").isEmpty();
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void pgFailoverWithASynchronousReplicaLosesNothingAndReportsTheWriteOutage() throws Exception {
    ChaosRun run = tiered("pg-failover").exits(0);
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0").contains("synchronous replica")
        .contains("SIGKILL PostgreSQL primary").contains("pg_failovers=3").contains("pg_probe_lost=0")
        .contains("pg_write_unavailability_ms_max=");
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isTrue();
    assertThat(checker.at("/summary/writesAcknowledged").asInt()).isPositive();
    assertThat(run.history()).contains("pg-failover");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void pgFailoverWithAnAsynchronousReplicaFailsWithTheLostCommitsListed() throws Exception {
    ChaosRun run = tiered("pg-failover-async").exits(1);
    assertThat(run.out()).contains("FAILED").contains("asynchronous replica")
        .contains("PostgreSQL commit(s) acknowledged to the probe were lost by the failover(s) (asynchronous replication)")
        .containsPattern("pg_probe_lost=[1-9]");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void pgPartitionCutsThePostgresLinkThroughProxiesAndTheServerRecovers() throws Exception {
    ChaosRun run = tiered("pg-partition").exits(0);
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0").contains("behind fault proxies")
        .contains("PostgreSQL cut off").contains("pg_partitions=3");
    assertThat(run.checker().at("/valid").asBoolean()).isTrue();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aPostgresScenarioAgainstATargetWithoutPostgresIsAnEnvironmentErrorThatSaysHowToRunIt() {
    ChaosRun run = ChaosRun.of(dir.resolve("file"), "pg-failover", "--reference-storage", "file", "--quick", "--seed", "5")
        .exits(2);
    assertThat(run.err()).contains("pg-failover").contains("--reference-storage tiered");
  }

  private final List<String> folders = new ArrayList<>();

  /**
   * Runs a PostgreSQL scenario against the tiered reference server (short mode, seed 5), notes the
   * PostgreSQL folders it printed (the data folders of its nodes, checked after each test) and
   * asserts that it printed some.
   */
  private ChaosRun tiered(String scenario) {
    ChaosRun run = ChaosRun.of(dir.resolve(scenario), scenario, "--reference-storage", "tiered", "--quick", "--seed", "5");
    Matcher m = Pattern.compile("(streamcert-pg-\\d+)").matcher(run.out() + run.err());
    while (m.find()) folders.add(m.group(1));
    assertThat(runFolders()).as("the run printed where its PostgreSQL lived").isNotEmpty();
    return run;
  }

  private List<String> runFolders() {
    return folders;
  }
}
