package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos command end to end: the reference server (file storage) launched as its own process
 * survives crash-restart with zero anomalies; the lossy mutant (acknowledges before writing) fails
 * with its lost writes listed. Each run is the quick schedule, well under two minutes; the
 * launched processes are stopped by the command (and by the launcher's shutdown hook).
 */
class ChaosCommandTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void crashRestartAgainstTheReferenceServerFindsNothing() throws Exception {
    Path out = dir.resolve("crash");
    ChaosRun run = ChaosRun.of(out, "crash-restart", "--quick", "--seed", "42").exits(0);
    assertThat(run.out()).contains("seed 42").contains("PASSED").contains("anomalies: 0").contains("recovered: fault sigkill");
    for (String f : new String[] {"history.jsonl", "checker.json", "availability.json", "timeline.json"}) {
      assertThat(out.resolve(f)).as(f).isNotEmptyFile();
    }
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isTrue();
    assertThat(checker.at("/summary/writesAcknowledged").asInt()).isPositive();
    assertThat(checker.at("/summary/streamsWithFinalRead").asInt()).isEqualTo(3);
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(timeline.at("/seed").asLong()).isEqualTo(42);
    assertThat(timeline.at("/faults")).hasSize(3);
    assertThat(timeline.at("/points").size()).isGreaterThan(10);
    assertThat(run.history()).contains("\"seed\":\"42\"");
    List<Operation> sse = History.read(out.resolve("history.jsonl")).operations().stream()
        .filter(o -> o.kind() == OperationKind.READ_SSE && o.isOk()).toList();
    assertThat(sse).as("SSE reads that ended ok").isNotEmpty();
    assertThat(sse.stream().mapToInt(o -> o.observed().size()).sum()).as("payloads seen over SSE").isPositive();
    assertThat(sse).extracting(Operation::process).contains("sse-plain", "sse-producers");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} against the reference server finds nothing")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"network-partition", "slow-network", "sigterm-restart"})
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void scenariosAgainstTheReferenceServerFindNothing(String scenario) throws Exception {
    ChaosRun run = ChaosRun.of(dir.resolve(scenario), scenario, "--quick", "--seed", "7").exits(0);
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0");
    assertThat(run.checker().at("/valid").asBoolean()).isTrue();
    // The faults really happened: they are recorded in the history.
    String fault = switch (scenario) {
      case "network-partition" -> "partition_drop";
      case "slow-network" -> "latency";
      default -> "sigterm";
    };
    assertThat(run.history()).contains(fault);
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void theLossyMutantFailsWithItsLostWritesListed() throws Exception {
    ChaosRun run = ChaosRun.of(dir.resolve("lossy"), "crash-restart", "--quick", "--seed", "3",
        "--target-descriptor", crashMutant("lossy", "lossy mutant (acknowledges before writing)").toString()).exits(1);
    assertThat(run.out()).contains("FAILED").contains("LOST_WRITE").contains("writer ").contains("payload ");
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isFalse();
    assertThat(checker.at("/counts/LOST_WRITE").asInt()).isPositive();
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void theProducerIgnoringMutantFailsWithDuplicates() throws Exception {
    ChaosRun run = ChaosRun.of(dir.resolve("dups"), "pause", "--quick", "--seed", "5", "--target-descriptor",
        crashMutant("ignore-producers", "producer-ignoring mutant (no deduplication, some answers lost)").toString()).exits(1);
    assertThat(run.out()).contains("FAILED").contains("DUPLICATE");
    assertThat(run.checker().at("/counts/DUPLICATE").asInt()).isPositive();
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void certifyWithNoChaosSkipsTheScenarios() throws Exception {
    Path out = dir.resolve("certify");
    CliRun run = CliRun.of("certify", "--quick", "--no-chaos", "--out", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).doesNotContain("chaos: crash-restart");
    assertThat(Files.readString(out.resolve("scorecard.json"))).doesNotContain("resilience.crash-restart");
    assertThat(out.resolve("chaos")).doesNotExist();
  }

  @Test
  void usageErrorsExitTwoAndNameTheKnownScenarios() {
    CliRun unknown = CliRun.of("chaos", "--scenario", "meteor-strike", "--quick");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("meteor-strike").contains("crash-restart").contains("pause");

    CliRun both = CliRun.of("chaos", "--scenario", "nope", "--target-descriptor", dir.resolve("x.yaml").toString(),
        "--reference-storage", "tape");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--scenario").contains("exclude each other").contains("tape");

    CliRun missing = CliRun.of("chaos", "--scenario", "pause", "--target-descriptor", dir.resolve("absent.yaml").toString(),
        "--out", dir.resolve("m").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("absent.yaml");

    CliRun wrongStorage = CliRun.of("chaos", "--scenario", "pg-failover", "--reference-storage", "file",
        "--out", dir.resolve("w").toString());
    assertThat(wrongStorage.exitCode()).isEqualTo(2);
    assertThat(wrongStorage.err()).contains("pg-failover").contains("'file'").contains("--reference-storage tiered");
    assertThat(wrongStorage.out()).as("nothing was launched").doesNotContain("launching");
  }

  /** A descriptor launching {@code CrashServerMain --FLAG}, a mutant of the file-storage reference server. */
  private Path crashMutant(String flag, String name) throws java.io.IOException {
    Path descriptor = dir.resolve(flag + ".yaml");
    Files.writeString(descriptor, """
        name: %s
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.reference.crash.CrashServerMain,
                     "${port}", "${data-dir}", --%s ]
          ready: { http-get: /health, status: 200, within: 30s }
          stop: SIGTERM
          stop-timeout: 5s
        features: [core, idempotent-producer]
        storage: file
        """.formatted(name, flag));
    return descriptor;
  }
}
