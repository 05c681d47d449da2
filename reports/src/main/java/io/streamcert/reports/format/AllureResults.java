package io.streamcert.reports.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the checks as Allure 2 results ({@code allure-results/}: one {@code *-result.json} per
 * check, {@code categories.json}, {@code environment.properties}) for teams that browse test
 * results in Allure. No Allure library is needed to write them; generating the HTML report is an
 * offline step of its own (see the module's README).
 *
 * <p>Mapping: epic = category, feature = area, story = check id; severity from risk (critical →
 * blocker, high → critical, medium → normal, low → minor); status pass → passed, fail → failed,
 * inconclusive → broken, not-applicable and not-run → skipped. File names and uuids derive from the
 * run's start and the check id, so writing the same scorecard twice gives the same files.
 */
public final class AllureResults {

  /** The folder inside the run folder that {@link #write} fills. */
  public static final String FOLDER = "allure-results";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AllureResults() {}

  /** Writes the results into {@code runFolder/allure-results}, creating it; returns the files written. */
  public static List<Path> write(Scorecard card, Path runFolder) throws IOException {
    Path dir = runFolder.resolve(FOLDER);
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, String> file : render(card).entrySet()) {
      Path p = dir.resolve(file.getKey());
      Files.writeString(p, file.getValue(), StandardCharsets.UTF_8);
      out.add(p);
    }
    return out;
  }

  /** The files by name, in a stable order. */
  static Map<String, String> render(Scorecard card) {
    Map<String, String> files = new LinkedHashMap<>();
    long start = card.run().started().toEpochMilli();
    for (Check c : card.checks()) {
      UUID uuid = UUID.nameUUIDFromBytes((card.run().started() + "/" + c.id()).getBytes(StandardCharsets.UTF_8));
      files.put(uuid + "-result.json", json(result(c, uuid, start)));
    }
    files.put("categories.json", json(categories()));
    StringBuilder env = new StringBuilder();
    property(env, "target", Text.target(card.target()));
    property(env, "target.url", card.target().url().toString());
    property(env, "harness", card.run().harness().version());
    property(env, "jdk", card.run().environment().jdk());
    property(env, "os", card.run().environment().os());
    property(env, "verdict", card.verdict().label() + ", level " + Text.level(card));
    files.put("environment.properties", env.toString());
    return files;
  }

  private static ObjectNode result(Check c, UUID uuid, long start) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("uuid", uuid.toString());
    r.put("historyId", UUID.nameUUIDFromBytes(c.id().getBytes(StandardCharsets.UTF_8)).toString());
    r.put("testCaseId", c.id());
    r.put("fullName", c.id());
    r.put("name", c.title());
    r.put("status", switch (c.status()) {
      case PASS -> "passed";
      case FAIL -> "failed";
      case INCONCLUSIVE -> "broken";
      case NOT_APPLICABLE, NOT_RUN -> "skipped";
    });
    if (c.message() != null || !c.requirements().isEmpty() || c.status() == Status.NOT_APPLICABLE) {
      ObjectNode details = r.putObject("statusDetails");
      String prefix = c.requirements().isEmpty() ? "" : "[" + String.join(", ", c.requirements()) + "] ";
      details.put("message", prefix + (c.message() == null ? c.status().label() : Text.firstLine(c.message(), 500)));
      if (c.message() != null) details.put("trace", c.message());
    }
    r.put("stage", "finished");
    r.put("start", start);
    r.put("stop", start + (c.duration() == null ? 0 : c.duration().toMillis()));
    ArrayNode labels = r.putArray("labels");
    label(labels, "epic", c.category().label());
    if (c.area() != null) label(labels, "feature", c.area());
    label(labels, "story", c.id());
    label(labels, "severity", severity(c.risk()));
    label(labels, "parentSuite", "streamcert");
    label(labels, "suite", c.category().label());
    if (c.area() != null) label(labels, "subSuite", c.area());
    for (String req : c.requirements()) label(labels, "tag", req);
    ArrayNode parameters = r.putArray("parameters");
    if (c.measurement() != null) {
      parameters.addObject().put("name", "value").put("value", Text.value(c));
    }
    if (c.score() != null) parameters.addObject().put("name", "score").put("value", Text.score(c));
    ArrayNode links = r.putArray("links");
    for (String e : c.evidence()) links.addObject().put("name", e).put("url", "../" + Html.href(e)).put("type", "evidence");
    return r;
  }

  private static ArrayNode categories() {
    ArrayNode a = MAPPER.createArrayNode();
    a.addObject().put("name", "Protocol or readiness failures").putArray("matchedStatuses").add("failed");
    a.addObject().put("name", "Inconclusive (the harness could not decide)").putArray("matchedStatuses").add("broken");
    return a;
  }

  private static String severity(Risk risk) {
    return switch (risk) {
      case CRITICAL -> "blocker";
      case HIGH -> "critical";
      case MEDIUM -> "normal";
      case LOW -> "minor";
    };
  }

  private static void label(ArrayNode labels, String name, String value) {
    labels.addObject().put("name", name).put("value", value);
  }

  private static void property(StringBuilder sb, String key, String value) {
    sb.append(key).append('=');
    for (char ch : value.toCharArray()) {
      if (ch == '\\' || ch == '=' || ch == ':' || ch == '#' || ch == '!') sb.append('\\').append(ch);
      else if (ch == '\n' || ch == '\r') sb.append(' ');
      else if (ch > 0x7e || ch < 0x20) sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
      else sb.append(ch);
    }
    sb.append('\n');
  }

  private static String json(Object node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render Allure results", e);
    }
  }
}
