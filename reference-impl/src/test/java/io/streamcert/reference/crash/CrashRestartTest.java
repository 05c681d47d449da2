package io.streamcert.reference.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of the file store: the reference server runs as its own process over a data dir;
 * twelve writers (plain appends, Stream-Seq appends, idempotent producers that retry on unknown
 * outcomes) append concurrently to four streams while the server is killed with SIGKILL 3 to 5
 * times at seeded random moments and restarted on the same data dir and port. After a drain every
 * stream is read in full and checked by {@link HistoryChecker}: every acknowledged append is there
 * exactly once, in order, at the offset it was acknowledged with.
 *
 * <p>Replay a run with {@code -Dcrash.seed=<seed>} (the seed is printed).
 */
class CrashRestartTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(60)
  void everyAcknowledgedAppendSurvivesSigkillAtItsOffset() throws Exception {
    long seed = CrashRestartTest.seed();
    System.out.println("CrashRestartTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    CrashHarness.Result result = CrashHarness.run(seed, dataDir, false);
    System.out.print(result.summary());

    assertThat(result.kills()).as("SIGKILLs (seed %d)", seed).isBetween(3, 5);
    assertThat(result.restarts()).as("restarts (seed %d)", seed).isEqualTo(result.kills());
    assertThat(result.report().violations())
        .as("crash invariants (seed %d); server output tail:%n%s", seed,
            String.join("\n", result.serverOutput().subList(Math.max(0, result.serverOutput().size() - 30),
                result.serverOutput().size())))
        .isEmpty();
    // The run must have exercised what it claims to: acknowledged appends of every kind, and
    // unknown outcomes caused by the kills.
    result.report().counts.forEach((kind, c) ->
        assertThat(c[1]).as("acknowledged %s appends (seed %d)", kind, seed).isPositive());
  }

  static long seed() {
    String fixed = System.getProperty("crash.seed");
    return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
  }
}
