package io.streamcert.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.conformance.tiered.ReferenceStorage;
import io.streamcert.fixtures.Feature;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The whole streamcert suite against the reference server: every check must pass. Set
 * {@code -Dstreamcert.checks=CreateChecks,SseChecks} to run only some check classes.
 */
class KitAgainstReferenceTest {

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir;

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} storage")
  @org.junit.jupiter.params.provider.EnumSource(ServerConfig.Storage.class)
  void everyCheckPassesAgainstTheReferenceServer(ServerConfig.Storage storage) throws Exception {
    try (ReferenceStorage deps = ReferenceStorage.start(storage);
        ReferenceServer server = ReferenceServer.start(deps.configure(ServerConfig.builder(), storage, dataDir)
        .port(0)
        .longPollTimeout(Duration.ofMillis(500))
        .sseReconnectInterval(Duration.ofSeconds(3))
        .build())) {
      ConformanceReport report = ConformanceRunner.builder()
          .target(server.baseUri())
          .features(Feature.defaults())
          .longPollTimeout(Duration.ofMillis(500))
          .sseReconnectInterval(Duration.ofSeconds(3))
          .only(System.getProperty("streamcert.checks"))
          .build()
          .run();
      System.out.printf("streamcert suite against the reference server (" + storage + " storage): %d passed, %d failed, %d skipped, %d not applicable in %d ms%n",
          report.count(CheckStatus.PASS), report.count(CheckStatus.FAIL), report.count(CheckStatus.SKIP),
          report.count(CheckStatus.NOT_APPLICABLE), report.duration().toMillis());
      String failures = report.failures().stream()
          .map(c -> c.id() + " (" + String.join(",", c.requirements()) + "): " + c.message())
          .collect(Collectors.joining("\n\n"));
      assertThat(report.count(CheckStatus.FAIL)).as("failed checks:\n" + failures).isZero();
      assertThat(report.count(CheckStatus.SKIP)).as("no check may be skipped against a server declaring every feature").isZero();
      assertThat(report.count(CheckStatus.PASS)).isPositive();
    }
  }
}
