package io.streamcert.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Gatling 3.15's report and console, from a report an AppendSimulation run wrote. */
class ReportParserTest {

  private static String sampleIndex() throws Exception {
    try (InputStream in = ReportParserTest.class.getResourceAsStream("/sample-index.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsTheRootRowAndEachRequestsRow() throws Exception {
    Map<String, GatlingResult.Stats> rows = ReportParser.rows(sampleIndex());

    assertThat(rows).containsOnlyKeys(ReportParser.ALL, "append");
    // The values of that run's table, column by column.
    GatlingResult.Stats all = rows.get(ReportParser.ALL);
    assertThat(all).isEqualTo(new GatlingResult.Stats(100, 100, 0, 0.0, 50.0, 1, 5, 179, 212, 314, 314, 70, 92));
    assertThat(rows.get("append")).isEqualTo(all);
  }

  @Test
  void thousandsSeparatorsAndDashesAreRead() {
    String html = "<table><tbody><tr id=\"ROOT\" ><td class=\"total col-1\"><span class=\"ellipsed-name\">All Requests</span></td>"
        + "<td class=\"value total col-2\">12,345</td><td class=\"value ok col-3\">12,000</td>"
        + "<td class=\"value ko col-4\">345</td><td class=\"value ko col-5\">2.79</td>"
        + "<td class=\"value total col-6\">1,234.5</td><td class=\"value total col-7\">0</td>"
        + "<td class=\"value total col-8\">1</td><td class=\"value total col-9\">2</td>"
        + "<td class=\"value total col-10\">1,131</td><td class=\"value total col-11\">1,554</td>"
        + "<td class=\"value total col-12\">2,001</td><td class=\"value total col-13\">7</td>"
        + "<td class=\"value total col-14\">-</td></tr></tbody></table>";

    GatlingResult.Stats s = ReportParser.rows(html).get(ReportParser.ALL);

    assertThat(s).isEqualTo(new GatlingResult.Stats(12345, 12000, 345, 2.79, 1234.5, 0, 1, 2, 1131, 1554, 2001, 7, 0));
  }

  @Test
  void aPageWithoutAStatisticsTableHasNoRows() {
    assertThat(ReportParser.rows("<html><body><tr id=\"ROOT\"><td>nothing</td></tr></body></html>")).isEmpty();
  }

  @Test
  void readsTheAssertionLinesAndIgnoresTheRest() {
    List<String> console = List.of(
        "> response time 99th percentile (ms)                  |       234 |       234 |         -",
        "append: 99th percentile of response time is less than or equal to 10.0 : false (actual : 234.0)",
        "Global: percentage of failed events is less than or equal to 0.1 : true (actual : 0.0)",
        "something else : true");

    assertThat(ReportParser.assertions(console)).containsExactly(
        new GatlingResult.AssertionOutcome("append: 99th percentile of response time is less than or equal to 10.0", false, "234.0"),
        new GatlingResult.AssertionOutcome("Global: percentage of failed events is less than or equal to 0.1", true, "0.0"));
  }

  @Test
  void findsTheReportFromTheConsoleLineElseTheNewestRunFolder(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectories(dir.resolve("appendsimulation-20261125132053354"));
    Files.writeString(run.resolve("index.html"), "x");
    String line = "Reports generated, please open the following file: " + run.resolve("index.html").toUri();

    assertThat(ReportParser.reportIndex(List.of("a", line), dir.resolve("elsewhere"))).isEqualTo(run.resolve("index.html"));
    assertThat(ReportParser.reportIndex(List.of("no report line"), dir)).isEqualTo(run.resolve("index.html"));
    assertThat(ReportParser.reportIndex(List.of(), dir.resolve("missing"))).isNull();
  }
}
