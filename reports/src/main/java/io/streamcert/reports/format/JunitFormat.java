package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code junit.xml} for CI test reporters: one {@code testsuite} per category, one
 * {@code testcase} per check. Failures carry the message and the requirement ids; inconclusive,
 * not-applicable and not-run checks are skipped with the reason; each testcase's properties carry
 * its risk, score, value, requirements and evidence.
 */
final class JunitFormat implements ReportFormat {

  @Override
  public String fileName() {
    return "junit.xml";
  }

  @Override
  public String render(Scorecard card) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", clean("streamcert " + Text.target(card.target())));
      x.writeAttribute("tests", Integer.toString(card.checks().size()));
      x.writeAttribute("failures", Long.toString(card.count(Status.FAIL)));
      x.writeAttribute("errors", "0");
      x.writeAttribute("skipped", Long.toString(card.checks().size() - card.count(Status.PASS) - card.count(Status.FAIL)));
      x.writeAttribute("time", seconds(card.duration()));
      x.writeCharacters("\n");
      for (Category category : Category.values()) {
        List<Check> checks = card.checks().stream().filter(c -> c.category() == category).toList();
        if (!checks.isEmpty()) suite(x, card, category, checks);
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot render junit.xml: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void suite(XMLStreamWriter x, Scorecard card, Category category, List<Check> checks) throws XMLStreamException {
    long failures = checks.stream().filter(c -> c.status() == Status.FAIL).count();
    long skipped = checks.stream().filter(c -> !c.status().decided()).count();
    long millis = checks.stream().mapToLong(c -> c.duration() == null ? 0 : c.duration().toMillis()).sum();
    x.writeCharacters("  ");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", "streamcert." + category.label());
    x.writeAttribute("tests", Integer.toString(checks.size()));
    x.writeAttribute("failures", Long.toString(failures));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", Long.toString(skipped));
    x.writeAttribute("time", seconds(Duration.ofMillis(millis)));
    x.writeAttribute("timestamp", card.run().started().toString());
    x.writeCharacters("\n");
    for (Check c : checks) testcase(x, c);
    x.writeCharacters("  ");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void testcase(XMLStreamWriter x, Check c) throws XMLStreamException {
    x.writeCharacters("    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", clean("streamcert." + c.category().label() + (c.area() == null ? "" : "." + c.area())));
    x.writeAttribute("name", clean(c.id() + ": " + c.title()));
    x.writeAttribute("time", seconds(c.duration() == null ? Duration.ZERO : c.duration()));
    x.writeCharacters("\n      ");
    x.writeStartElement("properties");
    property(x, "risk", c.risk().label());
    property(x, "status", c.status().label());
    if (c.score() != null) property(x, "score", Text.score(c));
    if (c.measurement() != null) property(x, "value", Text.value(c));
    for (String r : c.requirements()) property(x, "requirement", r);
    for (String e : c.evidence()) property(x, "evidence", e);
    x.writeCharacters("\n      ");
    x.writeEndElement();
    String reqs = c.requirements().isEmpty() ? "" : " [" + String.join(", ", c.requirements()) + "]";
    switch (c.status()) {
      case FAIL -> {
        x.writeCharacters("\n      ");
        x.writeStartElement("failure");
        x.writeAttribute("type", c.risk().label());
        x.writeAttribute("message", clean(c.title() + reqs + (c.message() == null ? "" : ": " + Text.firstLine(c.message(), 300))));
        StringBuilder body = new StringBuilder();
        body.append("risk: ").append(c.risk().label()).append('\n');
        if (!c.requirements().isEmpty()) body.append("requirements: ").append(String.join(", ", c.requirements())).append('\n');
        if (c.measurement() != null) body.append("value: ").append(Text.value(c)).append('\n');
        if (c.message() != null) body.append(c.message()).append('\n');
        if (!c.evidence().isEmpty()) body.append("evidence: ").append(String.join(", ", c.evidence())).append('\n');
        x.writeCharacters(clean(body.toString()));
        x.writeEndElement();
      }
      case INCONCLUSIVE, NOT_APPLICABLE, NOT_RUN -> {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("skipped");
        x.writeAttribute("message", clean(c.status().label() + (c.message() == null ? "" : ": " + Text.firstLine(c.message(), 300))));
      }
      case PASS -> { }
    }
    x.writeCharacters("\n    ");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeCharacters("\n        ");
    x.writeEmptyElement("property");
    x.writeAttribute("name", name);
    x.writeAttribute("value", clean(value));
  }

  /** Replaces characters XML 1.0 cannot carry (most control characters) with U+FFFD. */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD)
          || Character.isSurrogate(ch);
      sb.append(ok ? ch : '\uFFFD');
    }
    return sb.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }
}
