package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tiered scenarios' own checks pass on good figures and fail on the figures a broken server produces. */
class TieredChecksTest {

  private static Check check(List<Check> checks, String suffix) {
    return checks.stream().filter(c -> c.id().endsWith(suffix)).findFirst().orElseThrow();
  }

  @Test
  void throttlingPassesWithRetryAfterOnEveryRefusalAndPromptUploads() {
    List<Check> checks = TieredChecks.of("s3-throttling", Map.of("backpressure.refusals", 40.0, "backpressure.retry-after", 40.0,
        "s3.faults", 3.0, "s3.uploads-resumed", 3.0, "s3.upload-resume-ms", 900.0, "overhead.percent", 8.0), "e");
    assertThat(checks).extracting(Check::status).containsOnly(Status.PASS);
    assertThat(checks).extracting(Check::id).containsExactly("resilience.s3-throttling.backpressure",
        "resilience.s3-throttling.upload-resume-time", "resilience.s3-throttling.protection-overhead");
  }

  @Test
  void refusalsWithoutRetryAfterFail() {
    Check c = check(TieredChecks.of("s3-throttling",
        Map.of("backpressure.refusals", 40.0, "backpressure.retry-after", 10.0), "e"), ".backpressure");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("40 append(s) refused").contains("10 with Retry-After");
  }

  @Test
  void noBackpressureAtAllCannotBeJudged() {
    assertThat(check(TieredChecks.of("s3-throttling", Map.of(), "e"), ".backpressure").status()).isEqualTo(Status.INCONCLUSIVE);
  }

  @Test
  void uploadsThatNeverResumeFail() {
    Check c = check(TieredChecks.of("s3-partition", Map.of("s3.faults", 3.0, "s3.uploads-resumed", 2.0,
        "s3.upload-resume-ms", 500.0), "e"), ".upload-resume-time");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("2 of 3");
  }

  @Test
  void aHealWatchedTooBrieflyIsNotAFailureButOneWatchedTooLongIs() {
    Check brief = check(TieredChecks.of("s3-throttling", Map.of("s3.faults", 3.0, "s3.uploads-resumed", 2.0,
        "s3.upload-resume-ms", 500.0, "s3.uploads-unresolved", 1.0, "s3.upload-unresolved-ms", 1_800.0), "e"),
        ".upload-resume-time");
    assertThat(brief.status()).isEqualTo(Status.PASS);
    assertThat(brief.message()).contains("2 of 3").contains("1 heal(s) saw no upload in 1800 ms");

    Check tooLong = check(TieredChecks.of("s3-throttling", Map.of("s3.faults", 3.0, "s3.uploads-resumed", 2.0,
        "s3.upload-resume-ms", 500.0, "s3.uploads-unresolved", 1.0, "s3.upload-unresolved-ms", 45_000.0), "e"),
        ".upload-resume-time");
    assertThat(tooLong.status()).isEqualTo(Status.FAIL);

    Check nothingSeen = check(TieredChecks.of("s3-throttling", Map.of("s3.faults", 2.0, "s3.uploads-resumed", 0.0,
        "s3.uploads-unresolved", 2.0, "s3.upload-unresolved-ms", 2_000.0), "e"), ".upload-resume-time");
    assertThat(nothingSeen.status()).isEqualTo(Status.INCONCLUSIVE);
  }

  @Test
  void aLargeOverheadFailsAndAVendorServerHasNone() {
    assertThat(check(TieredChecks.of("s3-throttling", Map.of("overhead.percent", 75.0), "e"), ".protection-overhead").status())
        .isEqualTo(Status.FAIL);
    assertThat(check(TieredChecks.of("s3-throttling", Map.of(), "e"), ".protection-overhead").status())
        .isEqualTo(Status.NOT_APPLICABLE);
  }

  @Test
  void corruptedBytesServedFailAndCorruptionNeverFetchedIsInconclusive() {
    assertThat(check(TieredChecks.of("s3-corruption", Map.of("s3.corrupted-objects", 5.0, "s3.corrupted-fetches", 3.0,
        "s3.corruption.reads-changed", 1.0), "e"), ".never-served").status()).isEqualTo(Status.FAIL);
    assertThat(check(TieredChecks.of("s3-corruption", Map.of("s3.corrupted-objects", 5.0, "s3.corrupted-fetches", 3.0,
        "s3.corruption.reads-refused", 3.0), "e"), ".never-served").status()).isEqualTo(Status.PASS);
    assertThat(check(TieredChecks.of("s3-corruption", Map.of("s3.corrupted-objects", 5.0), "e"), ".never-served").status())
        .isEqualTo(Status.INCONCLUSIVE);
  }

  @Test
  void otherScenariosHaveNoExtraChecks() {
    assertThat(TieredChecks.of("crash-restart", Map.of("s3.faults", 1.0), "e")).isEmpty();
  }
}
