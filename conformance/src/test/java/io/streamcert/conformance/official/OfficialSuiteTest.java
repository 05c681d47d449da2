package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfficialSuiteTest {

  @TempDir Path dir;

  @Test
  void buildReportsEveryInvalidSettingAtOnce() {
    assertThatThrownBy(
            () ->
                OfficialSuite.builder()
                    .longPollTimeout(Duration.ofMillis(-1))
                    .timeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl is required")
        .hasMessageContaining("longPollTimeout was -1ms but must be positive")
        .hasMessageContaining("timeout was 0ms but must be positive")
        .hasMessageContaining("outputDirectory is required");
  }

  @Test
  void baseUrlWithAPathIsRejectedNamingTheOrigin() {
    assertThatThrownBy(() -> suite("http://127.0.0.1:4437/v1/stream"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "baseUrl was 'http://127.0.0.1:4437/v1/stream' but must be the origin only, such as"
                + " http://127.0.0.1:4437; the suite adds /v1/stream/... itself");
  }

  @Test
  void baseUrlMustBeHttp() {
    assertThatThrownBy(() -> suite("ftp://127.0.0.1:4437"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl was 'ftp://127.0.0.1:4437' but must be an http or https");
  }

  @Test
  void trailingSlashIsDroppedBecauseTheSuiteAppendsPathsToTheOrigin() {
    assertThat(suite("http://127.0.0.1:4437/").baseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:4437"));
  }

  @Test
  void defaultsAreTenMinutesNoSubscriptionsAndTheSuiteLongPollDefault() {
    OfficialSuite suite = suite("http://127.0.0.1:4437");
    assertThat(suite.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(suite.subscriptions()).isFalse();
    assertThat(suite.longPollTimeout()).isEmpty();
  }

  @Test
  void installDirectoryIsNamedAfterThePinnedVersion() {
    OfficialSuite suite = suite("http://127.0.0.1:4437");
    assertThat(suite.installDirectory()).isEqualTo(dir.resolve("cache/official-suite-0.3.6"));
    assertThat(suite.reportFile()).isEqualTo(dir.resolve("out/official-suite-report.json"));
  }

  @Test
  void cacheDefaultsToStreamcertCacheVariableThenHome() {
    assertThat(
            OfficialSuite.defaultCacheDirectory(Map.of("STREAMCERT_CACHE", "/ci/cache"), "/home/u"))
        .isEqualTo(Path.of("/ci/cache"));
    assertThat(OfficialSuite.defaultCacheDirectory(Map.of("STREAMCERT_CACHE", " "), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/streamcert"));
    assertThat(OfficialSuite.defaultCacheDirectory(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/streamcert"));
  }

  @Test
  void toBuilderKeepsEverySetting() {
    OfficialSuite suite =
        suite("http://127.0.0.1:4437").toBuilder()
            .longPollTimeout(Duration.ofMillis(500))
            .subscriptions(true)
            .timeout(Duration.ofMinutes(2))
            .build();
    OfficialSuite copy = suite.toBuilder().build();
    assertThat(copy.baseUrl()).isEqualTo(suite.baseUrl());
    assertThat(copy.longPollTimeout()).contains(Duration.ofMillis(500));
    assertThat(copy.subscriptions()).isTrue();
    assertThat(copy.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(copy.outputDirectory()).isEqualTo(suite.outputDirectory());
    assertThat(copy.cacheDirectory()).isEqualTo(suite.cacheDirectory());
  }

  private OfficialSuite suite(String baseUrl) {
    return OfficialSuite.builder()
        .baseUrl(URI.create(baseUrl))
        .outputDirectory(dir.resolve("out"))
        .cacheDirectory(dir.resolve("cache"))
        .build();
  }
}
