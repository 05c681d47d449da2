package io.streamcert.reports.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamcert.reports.scorecard.Aspect;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Risk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads policy YAML into a {@link Policy}, collecting every problem (with its field path and the fix)
 * before failing. Top-level sections a policy leaves out are taken from {@code default-policy.yaml};
 * aspects it leaves out select their category's checks and allow high-risk failures in Prototype.
 */
final class PolicyParser {

  private static final List<String> TOP = List.of("version", "name", "weights", "levels", "aspects", "thresholds", "performance", "regressions", "gate");
  private static final Risk DEFAULT_PROTOTYPE_ALLOWS = Risk.HIGH;

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private PolicyParser(String source) {
    this.source = source;
  }

  static Policy parse(String yaml, String source) {
    return new PolicyParser(source).policy(yaml);
  }

  private Policy policy(String yaml) {
    JsonNode root = read(yaml);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InvalidPolicyException(source, List.of("(root): the policy is empty; start from default-policy.yaml"));
    }
    if (!root.isObject()) throw new InvalidPolicyException(source, List.of("(root): a policy must be a YAML map of sections"));
    unknownFields(root, "", TOP);
    ObjectNode merged = defaults().deepCopy();
    root.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));

    JsonNode version = root.get("version");
    if (version != null && !(version.isIntegralNumber() && version.intValue() == 1)) {
      problem("version", "was '" + version.asText() + "' but this streamcert reads policy version 1");
    }
    String name = text(merged.get("name"), "name");
    Map<Risk, Double> weights = weights(merged.get("weights"));
    List<LevelRule> levels = levels(merged.get("levels"));
    Map<Aspect, AspectRule> aspects = aspects(merged.get("aspects"));
    Map<String, Threshold> thresholds = thresholds(merged.get("thresholds"));
    PerformancePlan performance = performance(merged.get("performance"));
    JsonNode regressions = merged.get("regressions");
    double tolerance = 10;
    boolean failGate = true;
    if (isMap(regressions, "regressions")) {
      unknownFields(regressions, "regressions", List.of("tolerance-percent", "fail-gate"));
      Double t = percent(regressions.get("tolerance-percent"), "regressions.tolerance-percent", true);
      if (t != null) tolerance = t;
      JsonNode fg = regressions.get("fail-gate");
      if (fg == null) problem("regressions.fail-gate", "is missing; write true or false");
      else if (!fg.isBoolean()) problem("regressions.fail-gate", "was '" + fg.asText() + "' but must be true or false");
      else failGate = fg.booleanValue();
    }
    String required = null;
    JsonNode gate = merged.get("gate");
    if (isMap(gate, "gate")) {
      unknownFields(gate, "gate", List.of("require-level"));
      required = text(gate.get("require-level"), "gate.require-level");
      List<String> names = levels.stream().map(LevelRule::name).distinct().toList();
      if (required != null && !names.isEmpty() && !names.contains(required)) {
        problem("gate.require-level", "unknown level '" + required + "'; use one of " + String.join(", ", names)
            + (root.has("gate") ? "" : " (the gate section comes from default-policy.yaml; add your own)"));
      }
    }
    if (!problems.isEmpty()) throw new InvalidPolicyException(source, problems);
    return new Policy(name, weights, levels, aspects, thresholds, performance, tolerance, failGate, required);
  }

  private JsonNode read(String yaml) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      return mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidPolicyException(source, "(root): not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode defaults() {
    try (InputStream in = PolicyParser.class.getResourceAsStream(Policy.DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException(Policy.DEFAULT_RESOURCE + " is missing from the class path");
      return new ObjectMapper(new YAMLFactory()).readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + Policy.DEFAULT_RESOURCE, e);
    }
  }

  private Map<Risk, Double> weights(JsonNode node) {
    Map<Risk, Double> out = new EnumMap<>(Risk.class);
    if (!isMap(node, "weights")) return out;
    unknownFields(node, "weights", java.util.Arrays.stream(Risk.values()).map(Risk::label).toList());
    for (Risk r : Risk.values()) {
      JsonNode w = node.get(r.label());
      String path = "weights." + r.label();
      if (w == null) problem(path, "is missing; give a number > 0 (OpenSSF Scorecard uses critical 10, high 7.5, medium 5, low 2.5)");
      else if (!w.isNumber() || !(w.doubleValue() > 0)) problem(path, "was '" + w.asText() + "' but must be a number > 0");
      else out.put(r, w.doubleValue());
    }
    return out;
  }

  private List<LevelRule> levels(JsonNode node) {
    List<LevelRule> out = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problem("levels", "must be a non-empty list of levels from the lowest up, each with a name and requires");
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "levels[" + i + "]";
      JsonNode level = node.get(i);
      if (!isMap(level, path)) continue;
      unknownFields(level, path, List.of("name", "description", "requires"));
      String name = text(level.get("name"), path + ".name");
      if (name != null && !names.add(name)) problem(path + ".name", "'" + name + "' is already the name of a lower level; level names must be unique");
      JsonNode description = level.get("description");
      if (description != null && !description.isTextual()) problem(path + ".description", "must be text");
      List<Selector> requires = selectors(level.get("requires"), path + ".requires");
      if (name != null) out.add(new LevelRule(name, description == null ? null : description.asText(), requires));
    }
    return out;
  }

  private Map<Aspect, AspectRule> aspects(JsonNode node) {
    Map<Aspect, AspectRule> out = new EnumMap<>(Aspect.class);
    for (Aspect a : Aspect.values()) out.put(a, new AspectRule(List.of(Selector.category(a.defaultCategory())), DEFAULT_PROTOTYPE_ALLOWS));
    if (node == null || !isMap(node, "aspects")) return out;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = "aspects." + e.getKey();
      Aspect aspect;
      try {
        aspect = Aspect.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        problem(path, ex.getMessage());
        continue;
      }
      JsonNode rule = e.getValue();
      if (!isMap(rule, path)) continue;
      unknownFields(rule, path, List.of("checks", "prototype-allows"));
      List<Selector> checks = rule.has("checks") ? selectors(rule.get("checks"), path + ".checks") : out.get(aspect).checks();
      Risk allows = DEFAULT_PROTOTYPE_ALLOWS;
      JsonNode pa = rule.get("prototype-allows");
      if (pa != null) {
        if (pa.isTextual() && pa.textValue().equals("none")) allows = null;
        else allows = risk(pa, path + ".prototype-allows", ", or none");
      }
      out.put(aspect, new AspectRule(checks, allows));
    }
    return out;
  }

  private Map<String, Threshold> thresholds(JsonNode node) {
    Map<String, Threshold> out = new LinkedHashMap<>();
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) return out;
    if (!isMap(node, "thresholds")) return out;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = "thresholds[\"" + e.getKey() + "\"]";
      JsonNode t = e.getValue();
      if (!isMap(t, path)) continue;
      unknownFields(t, path, List.of("min", "max", "unit", "tolerance-percent"));
      Double min = number(t.get("min"), path + ".min");
      Double max = number(t.get("max"), path + ".max");
      if (t.has("min") == t.has("max")) {
        problem(path, "needs exactly one of min (higher is better, like throughput) or max (lower is better, like latency)");
      }
      JsonNode unit = t.get("unit");
      if (unit != null && !unit.isTextual()) problem(path + ".unit", "must be text such as ms or ops/s");
      Double tolerance = percent(t.get("tolerance-percent"), path + ".tolerance-percent", false);
      if (t.has("min") != t.has("max") && (min != null || max != null)) {
        out.put(e.getKey(), new Threshold(min, max, unit == null ? null : unit.asText(), tolerance));
      }
    }
    return out;
  }

  /** The performance section: how certify measures (the limits are thresholds). */
  private PerformancePlan performance(JsonNode node) {
    if (!isMap(node, "performance")) return null;
    unknownFields(node, "performance", List.of("rate", "objective-p99-ms", "end-to-end-rate", "end-to-end-readers"));
    Long rate = whole(node.get("rate"), "performance.rate", 1, 10_000_000, "ops/s such as 500");
    Double p99 = number(node.get("objective-p99-ms"), "performance.objective-p99-ms");
    if (node.get("objective-p99-ms") == null) problem("performance.objective-p99-ms", "is missing; give milliseconds such as 10");
    else if (p99 != null && !(p99 > 0)) {
      problem("performance.objective-p99-ms", "was " + p99 + " but must be > 0 milliseconds such as 10");
      p99 = null;
    }
    Long e2eRate = whole(node.get("end-to-end-rate"), "performance.end-to-end-rate", 1, 10_000_000, "ops/s such as 100");
    Long readers = whole(node.get("end-to-end-readers"), "performance.end-to-end-readers", 1, 1000, "readers such as 10");
    if (rate == null || p99 == null || e2eRate == null || readers == null) return null;
    return new PerformancePlan(rate, p99, e2eRate, readers.intValue());
  }

  private Long whole(JsonNode node, String path, long min, long max, String example) {
    if (node == null) {
      problem(path, "is missing; give " + example);
      return null;
    }
    if (!node.isIntegralNumber() || node.longValue() < min || node.longValue() > max) {
      problem(path, "was '" + node.asText() + "' but must be a whole number from " + min + " to " + max + ", " + example);
      return null;
    }
    return node.longValue();
  }

  private List<Selector> selectors(JsonNode node, String path) {
    List<Selector> out = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problem(path, "must be a non-empty list of selectors such as 'category:conformance' or 'check:perf.append.*'");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      Selector s = selector(node.get(i), path + "[" + i + "]");
      if (s != null) out.add(s);
    }
    return out;
  }

  /** Reads {@code "category:conformance min-risk:high"} or the map {@code {category: conformance, min-risk: high}}. */
  private Selector selector(JsonNode node, String path) {
    Map<String, String> terms = new LinkedHashMap<>();
    boolean shorthand = node.isTextual();
    if (shorthand) {
      for (String term : node.textValue().trim().split("\\s+")) {
        int colon = term.indexOf(':');
        if (colon <= 0) {
          problem(path, "'" + term + "' is not a key:value term; write category:NAME, check:ID-OR-PATTERN or min-risk:RISK, "
              + "like 'category:performance' or 'check:perf.append.*'");
          return null;
        }
        terms.put(term.substring(0, colon), term.substring(colon + 1));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        terms.put(e.getKey(), e.getValue().asText());
      }
    } else {
      problem(path, "must be a selector such as 'category:conformance' or a map with check, category and min-risk");
      return null;
    }
    int before = problems.size();
    for (String key : terms.keySet()) {
      if (!List.of("check", "category", "min-risk").contains(key)) {
        problem(shorthand ? path : path + "." + key, "unknown selector key '" + key + "'; use check, category or min-risk");
      }
    }
    String check = terms.get("check");
    if (check != null && check.isBlank()) problem(path, "check: needs an id or a pattern such as perf.append.*");
    Category category = null;
    if (terms.containsKey("category")) {
      try {
        category = Category.parse(terms.get("category"));
      } catch (IllegalArgumentException e) {
        problem(shorthand ? path : path + ".category", e.getMessage());
      }
    }
    Risk minRisk = null;
    if (terms.containsKey("min-risk")) {
      try {
        minRisk = Risk.parse(terms.get("min-risk"));
      } catch (IllegalArgumentException e) {
        problem(shorthand ? path : path + ".min-risk", e.getMessage());
      }
    }
    if (!terms.containsKey("check") && !terms.containsKey("category")) {
      problem(path, "selects nothing; give a check (id or pattern) or a category");
    }
    if (problems.size() > before) return null;
    return new Selector(check, category, minRisk);
  }

  private Risk risk(JsonNode node, String path, String alsoAllowed) {
    try {
      return Risk.parse(node.asText());
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage() + alsoAllowed);
      return DEFAULT_PROTOTYPE_ALLOWS;
    }
  }

  private boolean isMap(JsonNode node, String path) {
    if (node == null) {
      problem(path, "is missing");
      return false;
    }
    if (!node.isObject()) {
      problem(path, "must be a map of fields, but was '" + node.asText() + "'");
      return false;
    }
    return true;
  }

  private String text(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      problem(path, "is missing");
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      problem(path, "must be non-empty text");
      return null;
    }
    return node.textValue();
  }

  private Double number(JsonNode node, String path) {
    if (node == null) return null;
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      problem(path, "was '" + node.asText() + "' but must be a number");
      return null;
    }
    return node.doubleValue();
  }

  private Double percent(JsonNode node, String path, boolean required) {
    if (node == null) {
      if (required) problem(path, "is missing; give a percentage >= 0 such as 10");
      return null;
    }
    Double value = number(node, path);
    if (value != null && value < 0) {
      problem(path, "was " + node.asText() + " but must be a percentage >= 0 such as 10");
      return null;
    }
    return value;
  }

  private void unknownFields(JsonNode node, String path, List<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        problem(path.isEmpty() ? field : path + "." + field, "unknown field; known fields here: " + String.join(", ", known));
      }
    }
  }

  private void problem(String path, String message) {
    problems.add(path + ": " + message);
  }
}
