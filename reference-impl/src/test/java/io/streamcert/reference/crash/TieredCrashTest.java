package io.streamcert.reference.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import io.streamcert.infra.s3.S3Endpoint;
import io.streamcert.infra.s3.S3Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of tiered storage: {@link TieredServerMain} over S3Proxy and PostgreSQL, with
 * 2 KB segments sealed after 150 ms so that segments are uploaded, indexed and deleted locally
 * while the server is SIGKILLed and restarted. Every acknowledged append must be there exactly
 * once at its offset; the {@code ack-before-log} mutant must be caught losing some.
 */
class TieredCrashTest {

  private static S3Environment s3;
  private static PgService pg;

  @TempDir Path dataDir;

  @BeforeAll
  static void dependencies() throws Exception {
    s3 = S3Environment.inProcess(null, "streamcert-tiered-crash");
    pg = PgServices.singleNode();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) pg.close();
    if (s3 != null) s3.close();
  }

  private static List<String> args(String mutant) {
    S3Endpoint e = s3.endpoint();
    List<String> a = new ArrayList<>(List.of("--s3-endpoint", e.uri().toString(), "--s3-bucket", e.bucket(),
        "--s3-region", e.region(), "--s3-access-key", e.accessKey(), "--s3-secret-key", e.secretKey(),
        "--pg-url", pg.jdbcUrl(), "--pg-user", pg.user(), "--pg-password", pg.password(),
        "--segment-size", "2KB", "--seal-after", "150ms"));
    if (mutant != null) a.addAll(List.of("--mutant", mutant));
    return a;
  }

  @Test
  @Timeout(90)
  void everyAcknowledgedAppendSurvivesSigkillAtItsOffset() throws Exception {
    long seed = CrashRestartTest.seed();
    System.out.println("TieredCrashTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    CrashHarness.Result result = CrashHarness.run(seed, dataDir, false, TieredServerMain.class.getName(), args(null));
    System.out.print(result.summary());
    assertThat(result.restarts()).as("restarts (seed %d)", seed).isEqualTo(result.kills()).isPositive();
    assertThat(result.report().violations())
        .as("crash invariants (seed %d); server output tail:%n%s", seed,
            String.join("\n", result.serverOutput().subList(Math.max(0, result.serverOutput().size() - 30),
                result.serverOutput().size())))
        .isEmpty();
    result.report().counts.forEach((kind, c) ->
        assertThat(c[1]).as("acknowledged %s appends (seed %d)", kind, seed).isPositive());
  }

  @Test
  @Timeout(90)
  void theMutantThatAcknowledgesBeforeTheLocalLogIsCaught() throws Exception {
    long seed = CrashRestartTest.seed();
    System.out.println("TieredCrashTest (ack-before-log) seed " + seed);
    CrashHarness.Result result = CrashHarness.run(seed, dataDir, true, TieredServerMain.class.getName(),
        args("ack-before-log"));
    System.out.print(result.summary());
    assertThat(result.report().lostAcknowledged()).as("lost acknowledged appends (seed %d)", seed).isNotEmpty();
  }
}
