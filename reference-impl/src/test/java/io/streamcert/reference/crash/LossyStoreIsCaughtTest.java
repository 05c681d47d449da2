package io.streamcert.reference.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that the crash test catches loss: the same run over {@link LossyStore}, a mutant that
 * acknowledges an append {@value CrashServerMain#LOSSY_DELAY_MILLIS} ms before writing it, must
 * make {@link HistoryChecker} report acknowledged appends that are gone after a SIGKILL.
 */
class LossyStoreIsCaughtTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(60)
  void theCheckerReportsAcknowledgedAppendsTheMutantLost() throws Exception {
    long seed = CrashRestartTest.seed();
    System.out.println("LossyStoreIsCaughtTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    CrashHarness.Result result = CrashHarness.run(seed, dataDir, true);
    System.out.print(result.summary());

    var lost = result.report().lostAcknowledged();
    System.out.println("acknowledged appends the mutant lost: " + lost.size());
    lost.stream().limit(10).forEach(l -> System.out.println("  LOST " + l));
    assertThat(result.kills()).as("SIGKILLs (seed %d)", seed).isBetween(3, 5);
    assertThat(lost).as("lost acknowledged appends reported for the lossy mutant (seed %d)", seed).isNotEmpty();
  }
}
