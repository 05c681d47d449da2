package io.streamcert.reports.scorecard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Scorecard} as {@code scorecard.json} (layout version {@link Scorecard#SCHEMA_VERSION},
 * described by {@code scorecard.schema.json}) and reads it back, as baselines are.
 *
 * <p>Optional values are left out rather than written as null, except {@code level} and
 * {@code score}, whose null says "none reached" and "nothing scored". Counts such as {@code totals}
 * and {@code exitCode} are written for readers' convenience and ignored when reading.
 */
public final class ScorecardJson {

  /** Where the JSON Schema ships on the class path. */
  public static final String SCHEMA_RESOURCE = "/io/streamcert/reports/scorecard.schema.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScorecardJson() {}

  /** Renders the scorecard as indented JSON with {@code \n} line ends and a final newline. */
  public static String write(Scorecard card) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    printer.indentArraysWith(new PairIndenter());
    try {
      return MAPPER.writer(printer).writeValueAsString(tree(card)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the scorecard as JSON", e);
    }
  }

  /** The scorecard as a JSON tree, in the layout {@link #write} prints. */
  public static ObjectNode tree(Scorecard card) {
    Run run = card.run();
    Assessment a = card.assessment();
    ObjectNode root = NODES.objectNode();
    root.put("schemaVersion", card.schemaVersion());
    ObjectNode harness = root.putObject("harness");
    harness.put("version", run.harness().version());
    putOptional(harness, "commit", run.harness().commit());
    ObjectNode target = root.putObject("target");
    target.put("name", run.target().name());
    putOptional(target, "version", run.target().version());
    target.put("url", run.target().url().toString());
    strings(target.putArray("features"), run.target().features());
    putOptional(target, "storage", run.target().storage());
    putOptional(target, "fsync", run.target().fsync());
    ObjectNode env = root.putObject("environment");
    env.put("os", run.environment().os());
    env.put("cores", run.environment().cores());
    env.put("memoryBytes", run.environment().memoryBytes());
    env.put("jdk", run.environment().jdk());
    if (run.environment().seed() != null) env.put("seed", run.environment().seed());
    root.put("started", run.started().toString());
    root.put("finished", run.finished().toString());
    root.put("durationMillis", card.duration().toMillis());
    root.put("policy", a.policy());
    root.put("verdict", a.verdict().label());
    root.put("exitCode", a.verdict().exitCode());
    strings(root.putArray("reasons"), a.reasons());
    if (a.level() == null) root.putNull("level");
    else root.put("level", a.level());
    root.put("requiredLevel", a.requiredLevel());
    if (a.score() == null) root.putNull("score");
    else root.put("score", a.score());
    ObjectNode totals = root.putObject("totals");
    for (Status s : Status.values()) totals.put(s.label(), card.count(s));
    putOptional(root, "baseline", a.baseline());
    ArrayNode aspects = root.putArray("aspects");
    for (AspectResult r : a.aspects()) {
      ObjectNode n = aspects.addObject();
      n.put("aspect", r.aspect().label());
      n.put("title", r.aspect().title());
      n.put("readiness", r.readiness().label());
      n.put("passed", r.passed());
      n.put("failed", r.failed());
      n.put("inconclusive", r.inconclusive());
      n.put("skipped", r.skipped());
      n.put("reason", r.reason());
      strings(n.putArray("failures"), r.failures());
    }
    ArrayNode levels = root.putArray("levels");
    for (LevelResult l : a.levels()) {
      ObjectNode n = levels.addObject();
      n.put("name", l.name());
      putOptional(n, "description", l.description());
      n.put("held", l.held());
      n.put("required", l.required());
      n.put("passed", l.passed());
      strings(n.putArray("blocking"), l.blocking());
      strings(n.putArray("missing"), l.missing());
    }
    ArrayNode regressions = root.putArray("regressions");
    for (Regression r : a.regressions()) {
      ObjectNode n = regressions.addObject();
      n.put("check", r.check());
      n.put("title", r.title());
      n.put("kind", r.kind().label());
      n.put("before", r.before());
      n.put("after", r.after());
      if (r.changePercent() != null) n.put("changePercent", r.changePercent());
      if (r.tolerancePercent() != null) n.put("tolerancePercent", r.tolerancePercent());
    }
    ArrayNode checks = root.putArray("checks");
    for (Check c : run.checks()) {
      ObjectNode n = checks.addObject();
      n.put("id", c.id());
      n.put("title", c.title());
      n.put("category", c.category().label());
      putOptional(n, "area", c.area());
      n.put("risk", c.risk().label());
      n.put("status", c.status().label());
      if (c.score() != null) n.put("score", c.score());
      Measurement m = c.measurement();
      if (m != null) {
        ObjectNode mn = n.putObject("measurement");
        mn.put("value", m.value());
        mn.put("unit", m.unit());
        if (m.threshold() != null) mn.put("threshold", m.threshold());
        mn.put("direction", m.direction().label());
      }
      strings(n.putArray("requirements"), c.requirements());
      strings(n.putArray("evidence"), c.evidence());
      putOptional(n, "message", c.message());
      if (c.duration() != null) n.put("durationMillis", c.duration().toMillis());
    }
    ArrayNode series = root.putArray("series");
    for (Series s : run.series()) {
      ObjectNode n = series.addObject();
      n.put("name", s.name());
      n.put("kind", s.kind().label());
      putOptional(n, "check", s.check());
      n.put("xUnit", s.xUnit());
      n.put("yUnit", s.yUnit());
      ArrayNode points = n.putArray("points");
      for (Point p : s.points()) points.addArray().add(p.x()).add(p.y());
      ArrayNode windows = n.putArray("windows");
      for (Window w : s.windows()) {
        ObjectNode wn = windows.addObject();
        wn.put("label", w.label());
        wn.put("from", w.from());
        wn.put("to", w.to());
      }
    }
    return root;
  }

  /**
   * Reads a scorecard file.
   *
   * @throws InvalidScorecardException naming the file and the field that is missing or wrong
   * @throws IOException when the file cannot be read
   */
  public static Scorecard read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return read(text);
    } catch (InvalidScorecardException e) {
      throw new InvalidScorecardException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a scorecard from JSON text.
   *
   * @throws InvalidScorecardException naming the field that is missing or wrong
   */
  public static Scorecard read(String json) throws InvalidScorecardException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidScorecardException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) throw new InvalidScorecardException("a scorecard must be a JSON object");
    JsonFields r = new JsonFields(root, "");
    String version = r.text("schemaVersion");
    if (!version.equals(Scorecard.SCHEMA_VERSION)) {
      throw new InvalidScorecardException("schemaVersion is '" + version + "' but this streamcert reads version "
          + Scorecard.SCHEMA_VERSION + "; write the baseline again with this streamcert");
    }
    try {
      JsonFields h = r.object("harness");
      Harness harness = h.build(() -> new Harness(h.text("version"), h.optionalText("commit")));
      JsonFields t = r.object("target");
      Target target = t.build(() -> new Target(t.text("name"), t.optionalText("version"), t.uri("url"), t.texts("features"),
          t.optionalText("storage"), t.optionalText("fsync")));
      JsonFields e = r.object("environment");
      Environment env = e.build(() -> new Environment(e.text("os"), e.integer("cores"), e.longValue("memoryBytes"), e.text("jdk"),
          e.optionalLong("seed")));
      List<Check> checks = r.objects("checks", ScorecardJson::check);
      List<Series> series = r.objects("series", ScorecardJson::series);
      Run run = r.build(() -> new Run(harness, target, env, r.instant("started"), r.instant("finished"), checks, series));
      List<AspectResult> aspects = r.objects("aspects", n -> n.build(() -> new AspectResult(
          n.parsed("aspect", Aspect::parse), n.parsed("readiness", Readiness::parse), n.integer("passed"), n.integer("failed"),
          n.integer("inconclusive"), n.integer("skipped"), n.text("reason"), n.texts("failures"))));
      List<LevelResult> levels = r.objects("levels", n -> n.build(() -> new LevelResult(n.text("name"), n.optionalText("description"),
          n.bool("held"), n.integer("required"), n.integer("passed"), n.texts("blocking"), n.texts("missing"))));
      List<Regression> regressions = r.objects("regressions", n -> n.build(() -> new Regression(n.text("check"), n.text("title"),
          n.parsed("kind", Regression.Kind::parse), n.text("before"), n.text("after"), n.optionalDouble("changePercent"),
          n.optionalDouble("tolerancePercent"))));
      Assessment assessment = r.build(() -> new Assessment(r.text("policy"), r.nullableDouble("score"), r.nullableText("level"),
          r.text("requiredLevel"), r.parsed("verdict", GateResult::parse), r.texts("reasons"), aspects, levels, regressions,
          r.optionalText("baseline")));
      return r.build(() -> new Scorecard(version, run, assessment));
    } catch (JsonFields.Invalid invalid) {
      throw new InvalidScorecardException(invalid.getMessage(), invalid.getCause());
    }
  }

  private static Check check(JsonFields n) {
    Measurement m = null;
    if (n.has("measurement")) {
      JsonFields mn = n.object("measurement");
      m = mn.build(() -> new Measurement(mn.number("value"), mn.text("unit", true), mn.optionalDouble("threshold"),
          mn.parsed("direction", Direction::parse)));
    }
    Measurement measurement = m;
    Long millis = n.optionalLong("durationMillis");
    return n.build(() -> new Check(n.text("id"), n.text("title"), n.parsed("category", Category::parse), n.optionalText("area"),
        n.parsed("risk", Risk::parse), n.parsed("status", Status::parse), n.optionalDouble("score"), measurement,
        n.texts("requirements"), n.texts("evidence"), n.optionalText("message"), millis == null ? null : Duration.ofMillis(millis)));
  }

  private static Series series(JsonFields n) {
    List<Point> points = new ArrayList<>();
    JsonNode array = n.node("points");
    if (!array.isArray()) throw n.invalid("points", "must be an array of [x, y] pairs");
    for (int i = 0; i < array.size(); i++) {
      JsonNode p = array.get(i);
      if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
        throw n.invalid("points[" + i + "]", "must be an [x, y] pair of numbers");
      }
      Point point = n.build(() -> new Point(p.get(0).doubleValue(), p.get(1).doubleValue()));
      points.add(point);
    }
    List<Window> windows = n.objects("windows", w -> w.build(() -> new Window(w.text("label"), w.number("from"), w.number("to"))));
    return n.build(() -> new Series(n.text("name"), n.parsed("kind", SeriesKind::parse), n.optionalText("check"), n.text("xUnit", true),
        n.text("yUnit", true), points, windows));
  }

  private static void putOptional(ObjectNode node, String field, String value) {
    if (value != null) node.put(field, value);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /** Indents arrays one item a line, except arrays inside arrays (a series' [x, y] points), kept on one line. */
  private static final class PairIndenter implements DefaultPrettyPrinter.Indenter {
    private final DefaultIndenter block = new DefaultIndenter("  ", "\n");

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      JsonStreamContext ctx = g.getOutputContext();
      if (ctx.inArray() && ctx.getParent() != null && ctx.getParent().inArray()) g.writeRaw(' ');
      else block.writeIndentation(g, level);
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }
}
