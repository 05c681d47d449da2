package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3-throttling end to end: the command starts S3Proxy behind the SlowDown gateway and PostgreSQL
 * itself, launches the tiered reference server, throttles S3 three times and checks the history.
 * The reference server loses nothing and shows backpressure with Retry-After; the mutant that
 * treats a failed upload as done loses acknowledged writes, and the run lists them.
 */
class TieredChaosCommandTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void s3ThrottlingAgainstTheTieredReferenceServerFindsNothingAndReportsItsFigures() throws Exception {
    ChaosRun run = ChaosRun.of(dir.resolve("throttling"), "s3-throttling", "--reference-storage", "tiered", "--quick",
        "--seed", "11").exits(0);
    assertThat(run.out()).contains("PASSED").contains("anomalies: 0").contains("SlowDown for 100% of all requests")
        .contains("protection overhead:").contains("backpressure.refusals=").contains("s3.slowdowns=");
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isTrue();
    assertThat(checker.at("/summary/writesAcknowledged").asInt()).isPositive();
    assertThat(checker.at("/summary/streamsWithFinalRead").asInt()).isEqualTo(3);
    assertThat(run.history()).contains("s3_slowdown");
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theMutantThatAcknowledgesBeforeTheLocalLogFailsWithItsLostWritesListed() throws Exception {
    ChaosRun run = mutant("ack-before-log", "").exits(1);
    assertThat(run.out()).contains("FAILED").contains("LOST_WRITE").contains("writer ").contains("payload ");
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isFalse();
    assertThat(checker.at("/counts/LOST_WRITE").asInt()).isPositive();
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theMutantThatTreatsAFailedUploadAsDoneFailsWithItsMissingWritesListed() throws Exception {
    // One attempt per upload: every SlowDown during a fault is an upload failure the mutant takes for done.
    ChaosRun run = mutant("failed-upload-is-done", ", --s3-max-attempts, \"1\"").exits(1);
    // Its segments never reached S3 and their local copies are gone: reading from the beginning fails,
    // and the acknowledged writes no read could see are listed.
    assertThat(run.out()).contains("FAILED").contains("writer ").contains("payload ").contains("problem: the final read of");
    JsonNode checker = run.checker();
    assertThat(checker.at("/valid").asBoolean()).isFalse();
    assertThat(checker.at("/counts/LOST_WRITE").asInt() + checker.at("/counts/UNSEEN_ACKED").asInt()).isPositive();
  }

  private ChaosRun mutant(String mutant, String extra) throws Exception {
    Path descriptor = dir.resolve(mutant + ".yaml");
    Files.writeString(descriptor, """
        name: tiered mutant (%s)
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.reference.crash.TieredServerMain,
                     "${port}", "${data-dir}", --mutant, %s,
                     --s3-endpoint, "${s3.endpoint}", --s3-bucket, "${s3.bucket}", --s3-region, "${s3.region}",
                     --s3-access-key, "${s3.access-key}", --s3-secret-key, "${s3.secret-key}",
                     --pg-url, "${postgres.jdbc-url}", --pg-user, "${postgres.user}", --pg-password, "${postgres.password}",
                     --segment-size, 16KB, --seal-after, 250ms, --max-upload-backlog, 64KB, --breaker-open, 1s%s ]
          ready: { http-get: /health, status: 200, within: 60s }
          stop: SIGTERM
          stop-timeout: 5s
        requires: [postgres, s3]
        features: [core, idempotent-producer]
        storage: tiered
        """.formatted(mutant, mutant, extra));
    return ChaosRun.of(dir.resolve(mutant), "s3-throttling", "--quick", "--seed", "11",
        "--target-descriptor", descriptor.toString());
  }
}
