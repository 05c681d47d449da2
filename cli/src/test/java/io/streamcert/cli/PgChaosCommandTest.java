package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.infra.pg.PgBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    Path out = dir.resolve("pg-failover");
    CliRun run = CliRun.of("chaos", "--scenario", "pg-failover", "--reference-storage", "tiered", "--quick",
        "--seed", "5", "--out", out.toString());
    remember(run);
    assertThat(runFolders()).as("the run printed where its PostgreSQL lived").isNotEmpty();
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0").contains("synchronous replica")
        .contains("SIGKILL PostgreSQL primary").contains("pg_failovers=3").contains("pg_probe_lost=0")
        .contains("pg_write_unavailability_ms_max=");
    JsonNode checker = new ObjectMapper().readTree(out.resolve("checker.json").toFile());
    assertThat(checker.at("/valid").asBoolean()).isTrue();
    assertThat(checker.at("/summary/writesAcknowledged").asInt()).isPositive();
    assertThat(Files.readString(out.resolve("history.jsonl"))).contains("pg-failover");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void pgFailoverWithAnAsynchronousReplicaFailsWithTheLostCommitsListed() throws Exception {
    Path out = dir.resolve("pg-failover-async");
    CliRun run = CliRun.of("chaos", "--scenario", "pg-failover-async", "--reference-storage", "tiered", "--quick",
        "--seed", "5", "--out", out.toString());
    remember(run);
    assertThat(runFolders()).as("the run printed where its PostgreSQL lived").isNotEmpty();
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("FAILED").contains("asynchronous replica")
        .contains("PostgreSQL commit(s) acknowledged to the probe were lost by the failover(s) (asynchronous replication)")
        .containsPattern("pg_probe_lost=[1-9]");
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void pgPartitionCutsThePostgresLinkThroughProxiesAndTheServerRecovers() throws Exception {
    Path out = dir.resolve("pg-partition");
    CliRun run = CliRun.of("chaos", "--scenario", "pg-partition", "--reference-storage", "tiered", "--quick",
        "--seed", "5", "--out", out.toString());
    remember(run);
    assertThat(runFolders()).as("the run printed where its PostgreSQL lived").isNotEmpty();
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0").contains("behind fault proxies")
        .contains("PostgreSQL cut off").contains("pg_partitions=3");
    JsonNode checker = new ObjectMapper().readTree(out.resolve("checker.json").toFile());
    assertThat(checker.at("/valid").asBoolean()).isTrue();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aPostgresScenarioAgainstATargetWithoutPostgresIsAnEnvironmentErrorThatSaysHowToRunIt() {
    CliRun run = CliRun.of("chaos", "--scenario", "pg-failover", "--reference-storage", "file", "--quick",
        "--seed", "5", "--out", dir.resolve("file").toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("pg-failover").contains("--reference-storage tiered");
  }

  private final List<String> folders = new ArrayList<>();

  /** Notes the PostgreSQL folders the run printed (in the data folders of its nodes). */
  private void remember(CliRun run) {
    Matcher m = Pattern.compile("(streamcert-pg-\\d+)").matcher(run.out() + run.err());
    while (m.find()) folders.add(m.group(1));
  }

  private List<String> runFolders() {
    return folders;
  }
}
