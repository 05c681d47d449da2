package io.streamcert.reports.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reports.Golden;
import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.Scorecard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * These tests seal the machine-readable formats (JSON, Markdown, JUnit XML, the badge). A change to
 * a golden file changes what CI systems, PR comments and baselines read: make it deliberately (see
 * {@link Golden} for how to regenerate) and bump {@code Scorecard.SCHEMA_VERSION} when the JSON
 * changes incompatibly.
 */
class ReportFormatGoldenTest {

  static Scorecard sample() {
    return Policy.defaults().assess(Samples.run());
  }

  static Scorecard sampleWithBaseline() {
    Scorecard baseline = Policy.defaults().assess(BaselineSamples.before());
    return Policy.defaults().assess(Samples.run(), baseline);
  }

  @Test
  void jsonIsStable() throws IOException {
    Golden.assertMatches("scorecard.json", ReportFormats.json().render(sample()));
  }

  @Test
  void jsonWithRegressionsIsStable() throws IOException {
    Golden.assertMatches("scorecard-with-baseline.json", ReportFormats.json().render(sampleWithBaseline()));
  }

  @Test
  void markdownIsStable() throws IOException {
    Golden.assertMatches("summary.md", ReportFormats.markdown().render(sample()));
  }

  @Test
  void markdownWithRegressionsIsStable() throws IOException {
    Golden.assertMatches("summary-with-baseline.md", ReportFormats.markdown().render(sampleWithBaseline()));
  }

  @Test
  void junitIsStable() throws IOException {
    Golden.assertMatches("junit.xml", ReportFormats.junit().render(sample()));
  }

  @Test
  void badgeIsStable() throws IOException {
    Golden.assertMatches("badge.svg", ReportFormats.badge().render(sample()));
  }

  @Test
  void outputDoesNotDependOnLocaleOrTimeZone() {
    Scorecard card = sample();
    String json = ReportFormats.json().render(card);
    String md = ReportFormats.markdown().render(card);
    String html = ReportFormats.html().render(card);
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("de-DE"));
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertThat(ReportFormats.json().render(card)).isEqualTo(json);
      assertThat(ReportFormats.markdown().render(card)).isEqualTo(md);
      assertThat(ReportFormats.html().render(card)).isEqualTo(html);
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
  }

  @Test
  void writeAllFillsOneRunFolder(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("streamcert-out/20261122-100000-reference");
    var files = ReportFormats.writeAll(sample(), out);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("scorecard.json", "index.html", "summary.md", "junit.xml", "badge.svg");
    for (Path f : files) assertThat(f).isRegularFile().isNotEmptyFile();
    try (var listing = Files.list(out)) {
      assertThat(listing).hasSize(5);
    }
  }
}
