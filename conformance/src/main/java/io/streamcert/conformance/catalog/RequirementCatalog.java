package io.streamcert.conformance.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamcert.fixtures.Feature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The requirement catalog shipped with the suite ({@code requirements.yaml}): every rule of
 * PROTOCOL.md §4–§13 with a stable id, validated when loaded.
 */
public final class RequirementCatalog {

  static final String RESOURCE = "/io/streamcert/conformance/catalog/requirements.yaml";
  private static final Pattern ID = Pattern.compile("DS-\\d+(\\.\\d+)*-\\d{2,3}");

  private final Map<String, Requirement> byId;

  private RequirementCatalog(Map<String, Requirement> byId) {
    this.byId = byId;
  }

  /** Loads the catalog shipped in this module. */
  public static RequirementCatalog load() {
    try (InputStream in = RequirementCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("the requirement catalog " + RESOURCE + " is missing from the classpath");
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the requirement catalog " + RESOURCE, e);
    }
  }

  /**
   * Parses a catalog, reporting every invalid entry at once.
   *
   * @throws IllegalArgumentException naming each bad entry and field
   */
  public static RequirementCatalog parse(InputStream yaml) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    if (root == null || !root.isArray()) throw new IllegalArgumentException("the catalog must be a YAML list of requirements");
    Map<String, Requirement> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int index = 0;
    for (JsonNode n : root) {
      index++;
      String id = text(n, "id");
      String where = "entry " + index + (id == null ? "" : " (" + id + ")");
      if (id == null || !ID.matcher(id).matches()) {
        problems.add(where + ": id must look like DS-5.2-07");
        continue;
      }
      if (out.containsKey(id)) problems.add(where + ": duplicate id");
      Level level = null;
      Feature feature = null;
      try {
        level = Level.parse(String.valueOf(text(n, "level")));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
      try {
        feature = Feature.parse(String.valueOf(text(n, "feature")));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
      String summary = text(n, "summary");
      if (summary == null || summary.isBlank()) problems.add(where + ": summary is missing");
      String source = Optional.ofNullable(text(n, "source")).orElse("spec");
      if (!source.equals("spec") && !source.equals("suite")) problems.add(where + ": source must be spec or suite");
      if (level != null && feature != null) {
        out.put(id, new Requirement(id, text(n, "section"), text(n, "title"), level, feature, summary, source, text(n, "untestable")));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid requirement catalog:\n  " + String.join("\n  ", problems));
    }
    return new RequirementCatalog(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public Optional<Requirement> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Requirement> all() {
    return byId.values();
  }

  public int size() {
    return byId.size();
  }
}
