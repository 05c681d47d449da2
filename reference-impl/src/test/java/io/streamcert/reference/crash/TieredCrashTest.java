package io.streamcert.reference.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import io.streamcert.infra.s3.S3Endpoint;
import io.streamcert.infra.s3.S3Environment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * once at its offset. (That the harness catches an acknowledge-before-write store is shown by
 * {@link LossyStoreIsCaughtTest}; the tiered {@code ack-before-log} mutant, the same {@link
 * LossyStore} over the tiered store, is caught by the cli's s3-throttling scenario tests.)
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

  private static List<String> args() {
    S3Endpoint e = s3.endpoint();
    List<String> a = new ArrayList<>(List.of("--s3-endpoint", e.uri().toString(), "--s3-bucket", e.bucket(),
        "--s3-region", e.region(), "--s3-access-key", e.accessKey(), "--s3-secret-key", e.secretKey(),
        "--pg-url", pg.jdbcUrl(), "--pg-user", pg.user(), "--pg-password", pg.password(),
        "--segment-size", "2KB", "--seal-after", "150ms"));
    return a;
  }

  @Test
  @Timeout(90)
  void everyAcknowledgedAppendSurvivesSigkillAtItsOffset() throws Exception {
    long seed = CrashRestartTest.seed();
    System.out.println("TieredCrashTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    CrashHarness.Result result = CrashHarness.run(seed, dataDir, false, TieredServerMain.class.getName(), args());
    System.out.print(result.summary());
    assertThat(result.restarts()).as("restarts (seed %d)", seed).isEqualTo(result.kills()).isPositive();
    assertThat(result.report().violations())
        .as("crash invariants (seed %d); server output tail:%n%s", seed,
            String.join("\n", result.serverOutput().subList(Math.max(0, result.serverOutput().size() - 30),
                result.serverOutput().size())))
        .isEmpty();
    result.report().counts.forEach((kind, c) ->
        assertThat(c[1]).as("acknowledged %s appends (seed %d)", kind, seed).isPositive());
    // The run exercised the tiers: segments were uploaded and indexed between the kills.
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from ds_segments")) {
      rs.next();
      assertThat(rs.getLong(1)).as("indexed segments (seed %d)", seed).isPositive();
    }
  }
}
