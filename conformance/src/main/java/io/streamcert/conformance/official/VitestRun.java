package io.streamcert.conformance.official;

import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs vitest once on the installed wrapper for one {@link OfficialSuite} and reads its JSON
 * report; the human-readable output goes to the suite's log file only.
 */
final class VitestRun {

  private final OfficialSuite suite;
  private final NodeToolchain tools;
  private final Path suiteDir;

  VitestRun(OfficialSuite suite, NodeToolchain tools, Path suiteDir) {
    this.suite = suite;
    this.tools = tools;
    this.suiteDir = suiteDir;
  }

  /**
   * Runs vitest and returns the parsed report. Blocks at most {@code budget}, then kills vitest and
   * its workers.
   */
  OfficialSuiteResult run(Duration budget) throws IOException {
    if (budget.isZero()) throw timedOut(null);
    Path log = suite.logFile();
    Path report = suite.reportFile();
    Files.writeString(
        log,
        "streamcert: official suite "
            + OfficialSuite.VERSION
            + " against "
            + suite.baseUrl()
            + " from "
            + suiteDir
            + "\n",
        StandardCharsets.UTF_8);
    int exit;
    try {
      exit = BoundedProcess.run(command(), suiteDir, environment(), log, budget);
    } catch (TimeoutException e) {
      throw timedOut(e);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new OfficialSuiteException(
          Kind.NO_REPORT,
          "could not start " + tools.npx() + " in " + suiteDir + ": " + e.getMessage(),
          e);
    }

    // vitest exits 1 whenever a test fails, so the exit code says nothing about the report.
    if (!Files.isRegularFile(report)) {
      throw new OfficialSuiteException(
          Kind.NO_REPORT,
          "vitest exited with code "
              + exit
              + " but wrote no JSON report to "
              + report
              + "; last lines of "
              + log
              + ":\n"
              + BoundedProcess.tail(log, 20)
              + "\nIf the log shows a module or import error, delete "
              + suiteDir
              + " to force a fresh install");
    }
    OfficialSuiteResult result = VitestReport.read(report, OfficialSuite.VERSION, suite.baseUrl());
    if (result.total() == 0) {
      throw new OfficialSuiteException(
          Kind.NO_REPORT,
          "vitest ran no tests of the official suite"
              + (result.suiteErrors().isEmpty()
                  ? ""
                  : ": " + String.join("; ", result.suiteErrors()))
              + "; see "
              + log
              + ", and delete "
              + suiteDir
              + " to force a fresh install if the suite failed to load");
    }
    return result;
  }

  private List<String> command() {
    return List.of(
        tools.npx().toString(),
        "--no", // use the vitest installed beside the suite; never fetch another one
        "--",
        "vitest",
        "run",
        SuiteInstallation.WRAPPER,
        "--config",
        SuiteInstallation.VITEST_CONFIG,
        "--reporter=verbose",
        "--reporter=json",
        "--outputFile.json=" + suite.reportFile());
  }

  private Map<String, String> environment() {
    // The wrapper reads its options from these; see streamcert-official-suite.test.mjs.
    Map<String, String> env = new HashMap<>();
    env.put("CONFORMANCE_TEST_URL", suite.baseUrl().toString());
    env.put(
        "STREAMCERT_LONG_POLL_TIMEOUT_MS",
        suite.longPollTimeout().map(d -> Long.toString(d.toMillis())).orElse(null));
    env.put("STREAMCERT_SUBSCRIPTIONS", suite.subscriptions() ? "1" : "0");
    // Colour codes would make the log unreadable in files and CI pages.
    env.put("NO_COLOR", "1");
    env.put("FORCE_COLOR", null);
    env.put("npm_config_update_notifier", "false");
    return env;
  }

  private OfficialSuiteException timedOut(TimeoutException cause) {
    return new OfficialSuiteException(
        Kind.TIMED_OUT,
        "the official suite "
            + OfficialSuite.VERSION
            + " against "
            + suite.baseUrl()
            + " did not finish within "
            + suite.timeout().toMillis()
            + "ms (install included), so vitest and its workers were killed. A server that stops"
            + " answering causes this; otherwise raise OfficialSuite.Builder.timeout. Last lines of"
            + " "
            + suite.logFile()
            + ":\n"
            + BoundedProcess.tail(suite.logFile(), 20),
        cause);
  }
}
