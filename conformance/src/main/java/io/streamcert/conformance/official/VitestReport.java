package io.streamcert.conformance.official;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import io.streamcert.conformance.official.OfficialTestResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the report of vitest's {@code json} reporter (the Jest-compatible shape: files in {@code
 * testResults}, tests in their {@code assertionResults}) into an {@link OfficialSuiteResult}.
 *
 * <p>Only the fields the result needs are read; vitest adds fields between versions, and unknown
 * ones are ignored. An unknown test status is an error rather than a guess, because it means the
 * format changed under us.
 */
final class VitestReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private VitestReport() {}

  /** Reads the report at {@code file}; see {@link #parse(InputStream, String, URI)}. */
  static OfficialSuiteResult read(Path file, String suiteVersion, URI target) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, suiteVersion, target);
    } catch (OfficialSuiteException e) {
      throw new OfficialSuiteException(e.kind(), file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses one report. Does not close {@code in}.
   *
   * @throws OfficialSuiteException of kind {@link Kind#NO_REPORT} when the JSON is malformed or not
   *     a vitest report
   */
  static OfficialSuiteResult parse(InputStream in, String suiteVersion, URI target)
      throws IOException {
    Report report;
    try {
      report = JSON.readValue(in, Report.class);
    } catch (JsonProcessingException e) {
      throw new OfficialSuiteException(
          Kind.NO_REPORT, "is not valid vitest JSON: " + e.getOriginalMessage(), e);
    }
    if (report == null || report.testResults() == null) {
      throw new OfficialSuiteException(
          Kind.NO_REPORT,
          "has no 'testResults' array; it is not a report of vitest's json reporter");
    }
    List<OfficialTestResult> tests = new ArrayList<>();
    List<String> suiteErrors = new ArrayList<>();
    double lastEnd = report.startTime();
    for (FileResult file : report.testResults()) {
      if (file == null) continue;
      if (file.message() != null && !file.message().isBlank()) {
        suiteErrors.add(file.message().strip());
      }
      lastEnd = Math.max(lastEnd, file.endTime());
      if (file.assertionResults() == null) continue;
      for (Assertion a : file.assertionResults()) {
        if (a == null) throw new OfficialSuiteException(Kind.NO_REPORT, "has a null test entry");
        tests.add(toResult(a));
      }
    }
    // Without the reporter's start time there is nothing sound to subtract from.
    Duration duration =
        report.startTime() > 0 ? millis(lastEnd - report.startTime()) : Duration.ZERO;
    return new OfficialSuiteResult(suiteVersion, target, duration, tests, suiteErrors);
  }

  private static OfficialTestResult toResult(Assertion a) throws OfficialSuiteException {
    if (a.title() == null) {
      throw new OfficialSuiteException(Kind.NO_REPORT, "has a test without a 'title'");
    }
    return new OfficialTestResult(
        a.ancestorTitles() == null ? List.of() : a.ancestorTitles(),
        a.title(),
        status(a),
        a.duration() == null ? Duration.ZERO : millis(a.duration()),
        a.failureMessages() == null ? List.of() : a.failureMessages());
  }

  private static Status status(Assertion a) throws OfficialSuiteException {
    String s = a.status() == null ? "" : a.status().toLowerCase(Locale.ROOT);
    switch (s) {
      case "passed":
        return Status.PASSED;
      case "failed":
        return Status.FAILED;
      case "skipped":
      case "pending":
      case "todo":
      case "disabled":
        return Status.SKIPPED;
      default:
        throw new OfficialSuiteException(
            Kind.NO_REPORT,
            "test '"
                + a.title()
                + "' has status '"
                + a.status()
                + "' but streamcert knows only passed, failed, skipped, pending, todo and disabled;"
                + " the vitest report format changed, so update VitestReport");
    }
  }

  /**
   * Converts vitest's fractional milliseconds, clamping the negative values clock skew can give.
   */
  private static Duration millis(double ms) {
    if (!(ms > 0)) return Duration.ZERO;
    return Duration.ofNanos(Math.round(ms * 1_000_000d));
  }

  record Report(double startTime, List<FileResult> testResults) {}

  record FileResult(double endTime, String message, List<Assertion> assertionResults) {}

  record Assertion(
      List<String> ancestorTitles,
      String title,
      String status,
      Double duration,
      List<String> failureMessages) {}
}
