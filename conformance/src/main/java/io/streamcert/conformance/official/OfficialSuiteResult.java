package io.streamcert.conformance.official;

import io.streamcert.conformance.official.OfficialTestResult.Status;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Records one run of the official Node conformance suite against one server, built from vitest's
 * JSON report.
 *
 * <p>The counts are derived from {@code tests}, so they always agree with it. {@code duration} is
 * vitest's own measure (from reporter start to the end of the last test), not the wall-clock time
 * of the install and process start. {@code suiteErrors} holds errors vitest reported for the test
 * file as a whole (for example a failed import), which belong to no single test.
 */
public record OfficialSuiteResult(
    String suiteVersion,
    URI target,
    Duration duration,
    List<OfficialTestResult> tests,
    List<String> suiteErrors) {

  public OfficialSuiteResult {
    Objects.requireNonNull(suiteVersion, "suiteVersion");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(duration, "duration");
    tests = List.copyOf(Objects.requireNonNull(tests, "tests"));
    suiteErrors = List.copyOf(Objects.requireNonNull(suiteErrors, "suiteErrors"));
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration was " + duration + " but must not be negative");
    }
  }

  public int total() {
    return tests.size();
  }

  public int passed() {
    return count(Status.PASSED);
  }

  public int failed() {
    return count(Status.FAILED);
  }

  public int skipped() {
    return count(Status.SKIPPED);
  }

  /** Returns the failed tests in report order. */
  public List<OfficialTestResult> failures() {
    return withStatus(Status.FAILED);
  }

  /** Returns the tests that did not run, in report order. */
  public List<OfficialTestResult> skippedTests() {
    return withStatus(Status.SKIPPED);
  }

  /** Returns {@code official suite 0.3.6: N passed, N failed, N skipped}. */
  public String summary() {
    return "official suite "
        + suiteVersion
        + ": "
        + passed()
        + " passed, "
        + failed()
        + " failed, "
        + skipped()
        + " skipped";
  }

  private int count(Status status) {
    return (int) tests.stream().filter(t -> t.status() == status).count();
  }

  private List<OfficialTestResult> withStatus(Status status) {
    return tests.stream().filter(t -> t.status() == status).toList();
  }
}
