package io.streamcert.conformance.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcert.conformance.catalog.RequirementCatalog;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.official.OfficialSuiteResult;
import io.streamcert.conformance.official.OfficialTestResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a {@link ConformanceReport} as JSON ({@code conformance.json}) and JUnit XML ({@code conformance-junit.xml}). */
public final class ReportWriters {

  /** Version of the JSON layout; bumped on any incompatible change. */
  public static final String SCHEMA_VERSION = "1";

  private ReportWriters() {}

  /** Writes both files into {@code dir}, creating it; returns the paths written. */
  public static List<Path> writeAll(ConformanceReport report, RequirementCatalog catalog, Path dir) throws IOException {
    return writeAll(report, catalog, null, dir);
  }

  /**
   * Writes both files into {@code dir}; with an official-suite result, the JSON carries it in an
   * {@code official} section, marked as the official suite's own verdicts.
   */
  public static List<Path> writeAll(ConformanceReport report, RequirementCatalog catalog, OfficialSuiteResult official, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("conformance.json");
    Path xml = dir.resolve("conformance-junit.xml");
    writeJson(report, catalog, official, json);
    writeJunit(report, catalog, xml);
    return List.of(json, xml);
  }

  public static void writeJson(ConformanceReport report, RequirementCatalog catalog, Path file) throws IOException {
    writeJson(report, catalog, null, file);
  }

  public static void writeJson(ConformanceReport report, RequirementCatalog catalog, OfficialSuiteResult official, Path file)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("suite", "streamcert-conformance");
    root.put("target", report.target().toString());
    root.put("features", report.features().stream().map(Feature::label).sorted().toList());
    root.put("started", report.started().toString());
    root.put("durationMillis", report.duration().toMillis());
    Map<String, Object> totals = new LinkedHashMap<>();
    for (CheckStatus s : CheckStatus.values()) totals.put(s.label(), report.count(s));
    root.put("totals", totals);
    Map<String, Object> coverage = new LinkedHashMap<>();
    report.coverage(catalog).forEach((level, c) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("total", c.total());
      m.put("covered", c.covered());
      m.put("percent", Math.round(c.percent() * 10) / 10.0);
      m.put("uncovered", c.uncovered());
      coverage.put(level, m);
    });
    root.put("requirementCoverage", coverage);
    List<Map<String, Object>> checks = new ArrayList<>();
    for (CheckResult c : report.checks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("area", c.area());
      m.put("title", c.title());
      m.put("requirements", c.requirements());
      m.put("level", ConformanceReport.levelOf(c, catalog).label());
      m.put("feature", c.feature());
      m.put("status", c.status().label());
      m.put("durationMillis", c.durationMillis());
      if (c.message() != null) m.put("message", c.message());
      if (!c.evidence().isEmpty()) m.put("evidence", c.evidence());
      checks.add(m);
    }
    root.put("checks", checks);
    if (official != null) root.put("official", official(official));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  private static Map<String, Object> official(OfficialSuiteResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", "official suite @durable-streams/server-conformance-tests (its own verdicts, not streamcert checks)");
    m.put("suiteVersion", r.suiteVersion());
    m.put("durationMillis", r.duration().toMillis());
    m.put("passed", r.passed());
    m.put("failed", r.failed());
    m.put("skipped", r.skipped());
    if (!r.suiteErrors().isEmpty()) m.put("suiteErrors", r.suiteErrors());
    List<Map<String, Object>> tests = new ArrayList<>();
    for (OfficialTestResult t : r.tests()) {
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("title", t.fullTitle());
      tm.put("status", t.status().name().toLowerCase(java.util.Locale.ROOT));
      tm.put("durationMillis", t.duration().toMillis());
      if (!t.failureMessages().isEmpty()) tm.put("failure", t.firstFailureLine());
      tests.add(tm);
    }
    m.put("tests", tests);
    return m;
  }

  public static void writeJunit(ConformanceReport report, RequirementCatalog catalog, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", "streamcert conformance " + report.target());
      x.writeAttribute("tests", Integer.toString(report.checks().size()));
      x.writeAttribute("failures", Long.toString(report.count(CheckStatus.FAIL)));
      x.writeAttribute("errors", "0");
      x.writeAttribute("skipped", Long.toString(report.count(CheckStatus.SKIP) + report.count(CheckStatus.NOT_APPLICABLE)));
      x.writeAttribute("time", seconds(report.duration().toMillis()));
      x.writeAttribute("timestamp", report.started().toString());
      x.writeCharacters("\n");
      for (CheckResult c : report.checks()) {
        x.writeCharacters("  ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "streamcert." + c.area());
        x.writeAttribute("name", c.id() + " " + c.title());
        x.writeAttribute("time", seconds(c.durationMillis()));
        String reqs = String.join(", ", c.requirements());
        switch (c.status()) {
          case FAIL -> {
            x.writeStartElement("failure");
            x.writeAttribute("message", "violates " + reqs + " (" + ConformanceReport.levelOf(c, catalog).label() + "): "
                + firstLine(c.message()));
            x.writeCharacters(rules(c, catalog) + "\n" + (c.message() == null ? "" : c.message())
                + (c.evidence().isEmpty() ? "" : "\n--- evidence ---\n" + String.join("\n", c.evidence())));
            x.writeEndElement();
          }
          case SKIP, NOT_APPLICABLE -> {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", c.status().label() + (c.message() == null ? "" : ": " + c.message()));
          }
          case PASS -> { }
        }
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String rules(CheckResult c, RequirementCatalog catalog) {
    StringBuilder sb = new StringBuilder();
    for (String id : c.requirements()) {
      catalog.get(id).ifPresent(r -> sb.append(id).append(" (").append(r.level().label()).append(", §").append(r.section())
          .append("): ").append(r.summary()).append('\n'));
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
