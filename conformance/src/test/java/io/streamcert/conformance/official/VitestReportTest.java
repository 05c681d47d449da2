package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.conformance.official.OfficialTestResult.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VitestReportTest {

  private static final URI TARGET = URI.create("http://127.0.0.1:4437");

  private OfficialSuiteResult result;

  @BeforeEach
  void parseFixture() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("vitest-report.json")) {
      assertThat(in).as("fixture vitest-report.json on the test classpath").isNotNull();
      result = VitestReport.parse(in, "0.3.6", TARGET);
    }
  }

  @Test
  void readsEveryTestOfEveryFileInReportOrder() {
    assertThat(result.tests())
        .extracting(OfficialTestResult::title)
        .containsExactly(
            "should create a stream",
            "should close an open stream",
            "should extend TTL on GET ?offset=now (sliding window)",
            "creates and idempotently re-confirms a webhook subscription",
            "a top-level test still to be written");
  }

  @Test
  void countsTodoAndSkippedTestsAsSkipped() {
    assertThat(result.total()).isEqualTo(5);
    assertThat(result.passed()).isEqualTo(2);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.skipped()).isEqualTo(2);
    assertThat(result.skippedTests())
        .extracting(OfficialTestResult::fullTitle)
        .containsExactly(
            "Reserved subscription APIs > creates and idempotently re-confirms a webhook"
                + " subscription",
            "a top-level test still to be written");
  }

  @Test
  void fullTitleJoinsEveryDescribeAncestorOutermostFirst() {
    assertThat(result.tests().get(1).describePath())
        .containsExactly("Stream Closure", "Close Operations");
    assertThat(result.tests().get(1).fullTitle())
        .isEqualTo("Stream Closure > Close Operations > should close an open stream");
  }

  @Test
  void keepsEveryFailureMessageOfAFailedTest() {
    OfficialTestResult failed = result.failures().get(0);
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.fullTitle())
        .isEqualTo(
            "TTL Expiration Behavior > should extend TTL on GET ?offset=now (sliding window)");
    assertThat(failed.failureMessages()).hasSize(2);
    assertThat(failed.failureMessages().get(0)).contains("at file:///cache/");
    assertThat(failed.firstFailureLine())
        .isEqualTo("AssertionError: expected 404 to be 200 // Object.is equality");
  }

  @Test
  void convertsFractionalMillisecondsAndGivesSkippedTestsZeroDuration() {
    assertThat(result.tests().get(0).duration()).isEqualTo(Duration.ofNanos(35_246_488));
    assertThat(result.tests().get(3).duration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void suiteDurationRunsFromReporterStartToTheLastFileEnd() {
    assertThat(result.duration()).isEqualTo(Duration.ofMillis(20_250).plusNanos(750_000));
  }

  @Test
  void fileLevelErrorsBecomeSuiteErrors() {
    assertThat(result.suiteErrors())
        .containsExactly("Failed to load url @durable-streams/server-conformance-tests");
  }

  @Test
  void carriesSuiteVersionAndTarget() {
    assertThat(result.suiteVersion()).isEqualTo("0.3.6");
    assertThat(result.target()).isEqualTo(TARGET);
    assertThat(result.summary()).isEqualTo("official suite 0.3.6: 2 passed, 1 failed, 2 skipped");
  }

  @Test
  void rejectsAnUnknownStatusNamingIt() {
    String json =
        "{\"startTime\":1,\"testResults\":[{\"endTime\":2,\"message\":\"\","
            + "\"assertionResults\":[{\"ancestorTitles\":[],\"title\":\"t\","
            + "\"status\":\"flaky\",\"failureMessages\":[]}]}]}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            OfficialSuiteException.class,
            e -> assertThat(e.kind()).isEqualTo(OfficialSuiteException.Kind.NO_REPORT))
        .hasMessageContaining("status 'flaky'");
  }

  @Test
  void rejectsJsonThatIsNotAVitestReport() {
    assertThatThrownBy(() -> parse("{\"numTotalTests\":0}"))
        .isInstanceOf(OfficialSuiteException.class)
        .hasMessageContaining("no 'testResults' array");
    assertThatThrownBy(() -> parse("[1, 2"))
        .isInstanceOf(OfficialSuiteException.class)
        .hasMessageContaining("not valid vitest JSON");
  }

  @Test
  void anEmptyReportHasNoTests() throws IOException {
    OfficialSuiteResult empty = parse("{\"startTime\":5,\"testResults\":[]}");
    assertThat(empty.tests()).isEqualTo(List.of());
    assertThat(empty.duration()).isEqualTo(Duration.ZERO);
  }

  private static OfficialSuiteResult parse(String json) throws IOException {
    return VitestReport.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "0.3.6", TARGET);
  }
}
