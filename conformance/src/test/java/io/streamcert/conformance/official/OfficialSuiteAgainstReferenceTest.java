package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.conformance.tiered.ReferenceStorage;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the official Node suite against the in-process reference server and requires every test
 * outside the opt-in subscription group to pass. The log and JSON report stay in {@code
 * target/official-suite/} for inspection.
 */
class OfficialSuiteAgainstReferenceTest {

  /** The top-level describe of the 6 opt-in tests, which run only with subscriptions on. */
  private static final String SUBSCRIPTION_GROUP = "Reserved subscription APIs";

  /** Suite 0.3.6 has 338 tests; all but the 6 subscription tests must pass. */
  private static final int EXPECTED_TOTAL = 338;

  private static final int EXPECTED_PASSED = 332;

  @org.junit.jupiter.api.io.TempDir Path dataDir;

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} storage")
  @org.junit.jupiter.params.provider.EnumSource(ServerConfig.Storage.class)
  void referenceServerPassesEveryNonSubscriptionTest(ServerConfig.Storage storage) throws Exception {
    Optional<String> toolchain = OfficialSuite.toolchainProblem();
    assumeTrue(
        toolchain.isEmpty(),
        () -> "official suite not run, Node is needed: " + toolchain.orElse(""));

    // The suite gives its idle long-poll tests vitest's 5 s budget, so the server must answer
    // them well before that; 500 ms is what the suite's own CI uses.
    try (ReferenceStorage deps = ReferenceStorage.start(storage);
        ReferenceServer server = ReferenceServer.start(deps.configure(ServerConfig.builder(), storage, dataDir)
            .host("127.0.0.1")
            .port(0)
            .longPollTimeout(Duration.ofMillis(500))
            .build())) {
      OfficialSuite suite =
          OfficialSuite.builder()
              .baseUrl(server.baseUri())
              .subscriptions(false)
              .outputDirectory(Path.of("target", "official-suite", storage.toString()))
              .build();
      OfficialSuiteResult result = suite.run();

      print(result);

      if (result.failed() > 0) {
        fail(
            result.summary()
                + " against the reference server at "
                + server.baseUri()
                + "; every failed test:\n"
                + result.failures().stream()
                    .map(t -> "  - " + t.fullTitle() + "\n      " + t.firstFailureLine())
                    .collect(Collectors.joining("\n"))
                + "\n(log: "
                + suite.logFile()
                + ")");
      }
      assertThat(result.skippedTests())
          .as("only the opt-in subscription tests may be skipped")
          .allSatisfy(t -> assertThat(t.describePath()).first().isEqualTo(SUBSCRIPTION_GROUP));
      assertThat(result.total())
          .as("tests in official suite %s", result.suiteVersion())
          .isEqualTo(EXPECTED_TOTAL);
      assertThat(result.passed()).as(result.summary()).isEqualTo(EXPECTED_PASSED);
    }
  }

  private static void print(OfficialSuiteResult result) {
    System.out.println(result.summary());
    List<OfficialTestResult> skipped = result.skippedTests();
    if (!skipped.isEmpty()) {
      System.out.println(
          "skipped "
              + skipped.size()
              + " tests: the reserved subscription APIs (opt-in, subscriptions off) are not"
              + " implemented yet and are enabled by a later issue:");
      skipped.forEach(t -> System.out.println("  - " + t.fullTitle()));
    }
  }
}
