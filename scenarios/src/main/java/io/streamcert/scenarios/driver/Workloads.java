package io.streamcert.scenarios.driver;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads workloads from YAML: the built-in files under {@code workloads/} on the classpath, or any
 * file. Every problem of a file is reported at once, each naming the field and the fix.
 *
 * <pre>{@code
 * name: append-100b-1-stream
 * type: append            # append | idempotent-append | create | fanout-long-poll | fanout-sse | catch-up
 * rate: 1000              # operations per second
 * duration: 30s
 * warmup: 10s
 * max-in-flight: 256
 * streams: 1
 * payload-size: 100B
 * content-type: application/octet-stream
 * }</pre>
 */
public final class Workloads {

  /** The workloads shipped with the driver, by name. */
  public static final List<String> BUILT_IN =
      List.of(
          "append-100b-1-stream",
          "append-100b-1000-streams",
          "append-1mb",
          "idempotent-producers",
          "create-storm",
          "fanout-long-poll",
          "fanout-sse",
          "catch-up-storm");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Workloads() {}

  /**
   * Loads a built-in workload.
   *
   * @throws IllegalArgumentException naming the built-in workloads when {@code name} is none of them
   */
  public static Workload builtIn(String name) {
    if (!BUILT_IN.contains(name)) {
      throw new IllegalArgumentException(
          "no built-in workload '" + name + "'; choose one of " + String.join(", ", BUILT_IN)
              + ", or give the path of a workload file");
    }
    String resource = "workloads/" + name + ".yaml";
    try (InputStream in = Workloads.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("built-in workload " + resource + " is missing from the classpath");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in workload " + resource, e);
    }
  }

  /** Reads a workload file; its name defaults to the file name without {@code .yaml}. */
  public static Workload read(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String base = fileName.replaceFirst("\\.ya?ml$", "");
    return parse(Files.readString(file), file.toString(), base);
  }

  /** A built-in workload by name, or else a workload file by path. */
  public static Workload resolve(String nameOrPath) throws IOException {
    if (BUILT_IN.contains(nameOrPath)) return builtIn(nameOrPath);
    Path p = Path.of(nameOrPath);
    if (Files.isRegularFile(p)) return read(p);
    throw new IllegalArgumentException(
        "'" + nameOrPath + "' is neither a built-in workload (" + String.join(", ", BUILT_IN)
            + ") nor a readable file");
  }

  /**
   * Parses workload YAML.
   *
   * @param source where the text came from, for messages
   * @param defaultName the name when the text has none
   * @throws InvalidWorkloadException listing every problem
   */
  public static Workload parse(String yaml, String source, String defaultName) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new InvalidWorkloadException(source, List.of(where + "not valid YAML: " + e.getOriginalMessage()), e);
    }
    return new Reader(root, source, defaultName).workload();
  }

  /** Turns one YAML tree into a workload, collecting problems. */
  private static final class Reader {
    private final JsonNode root;
    private final String source;
    private final String defaultName;
    private final List<String> problems = new ArrayList<>();
    private final List<String> badFields = new ArrayList<>();

    Reader(JsonNode root, String source, String defaultName) {
      this.root = root;
      this.source = source;
      this.defaultName = defaultName;
    }

    Workload workload() {
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new InvalidWorkloadException(source, List.of("(document): empty; a workload needs at least type and rate"));
      }
      if (!root.isObject()) {
        throw new InvalidWorkloadException(
            source, List.of("(document): a workload is a mapping of type, rate, duration, ...; found " + kind(root)));
      }
      WorkloadType type = null;
      JsonNode typeNode = root.get("type");
      if (typeNode == null || typeNode.isNull()) {
        problems.add("type: missing; add type: with one of " + WorkloadType.spellings());
      } else if (!typeNode.isTextual()) {
        problems.add("type: must be one of " + WorkloadType.spellings() + "; found " + kind(typeNode));
      } else {
        try {
          type = WorkloadType.parse(typeNode.asText());
        } catch (IllegalArgumentException e) {
          problems.add("type: " + e.getMessage());
        }
      }
      fieldNames(type);
      String name = text("name").orElse(defaultName);
      Workload.Builder b = Workload.builder(name, type == null ? WorkloadType.APPEND : type);
      text("description").ifPresent(b::description);
      if (root.get("rate") == null) {
        problems.add("rate: missing; add rate: <operations per second>, like rate: 1000");
        badFields.add("rate");
      } else {
        number("rate").ifPresent(b::rate);
      }
      duration("duration").ifPresent(b::duration);
      duration("warmup").ifPresent(b::warmup);
      duration("timeout").ifPresent(b::timeout);
      number("max-in-flight").ifPresent(v -> b.maxInFlight(toInt(v)));
      text("content-type").ifPresent(b::contentType);
      number("streams").ifPresent(v -> b.streams(toInt(v)));
      size("payload-size").ifPresent(b::payloadSize);
      number("readers").ifPresent(v -> b.readers(toInt(v)));
      number("producers").ifPresent(v -> b.producers(toInt(v)));
      size("stream-bytes").ifPresent(b::streamBytes);
      Workload w = null;
      try {
        w = b.build();
      } catch (InvalidWorkloadException e) {
        for (String p : e.problems()) {
          String field = p.substring(0, Math.max(0, p.indexOf(':')));
          if (!badFields.contains(field)) problems.add(p);
        }
      }
      if (!problems.isEmpty()) throw new InvalidWorkloadException(source, problems);
      return w;
    }

    private void fieldNames(WorkloadType type) {
      List<String> all = new ArrayList<>(WorkloadType.COMMON_FIELDS);
      for (WorkloadType t : WorkloadType.values()) {
        for (String f : t.fields()) if (!all.contains(f)) all.add(f);
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!all.contains(f)) {
          problems.add(f + ": unknown field; the fields are " + String.join(", ", all));
          badFields.add(f);
        } else if (type != null && !type.uses(f)) {
          String users = Arrays.stream(WorkloadType.values())
              .filter(t -> t.fields().contains(f))
              .map(WorkloadType::spelling)
              .collect(Collectors.joining(", "));
          problems.add(f + ": type " + type.spelling() + " does not read " + f + "; remove it (" + f
              + " is for " + users + ")");
          badFields.add(f);
        }
      }
    }

    private java.util.Optional<String> text(String field) {
      JsonNode n = root.get(field);
      if (n == null || n.isNull()) return java.util.Optional.empty();
      if (!n.isValueNode() || n.isBoolean()) {
        problems.add(field + ": must be text; found " + kind(n));
        badFields.add(field);
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(n.asText());
    }

    private java.util.Optional<Long> number(String field) {
      return parsed(field, text -> {
        try {
          return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' is not a whole number; write digits, like " + field + ": 100");
        }
      });
    }

    private java.util.Optional<Duration> duration(String field) {
      JsonNode n = root.get(field);
      if (n != null && n.isNumber()) {
        problems.add(field + ": " + n.asText() + " has no unit; " + Units.DURATION_FIX);
        badFields.add(field);
        return java.util.Optional.empty();
      }
      return parsed(field, Units::duration);
    }

    private java.util.Optional<Long> size(String field) {
      return parsed(field, Units::size);
    }

    private <T> java.util.Optional<T> parsed(String field, Function<String, T> parser) {
      JsonNode n = root.get(field);
      if (n == null || n.isNull()) return java.util.Optional.empty();
      if (!n.isValueNode() || n.isBoolean()) {
        problems.add(field + ": must be a single value; found " + kind(n));
        badFields.add(field);
        return java.util.Optional.empty();
      }
      try {
        return java.util.Optional.of(parser.apply(n.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage());
        badFields.add(field);
        return java.util.Optional.empty();
      }
    }

    private static int toInt(long v) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static String kind(JsonNode n) {
      if (n.isObject()) return "a mapping";
      if (n.isArray()) return "a list";
      if (n.isBoolean()) return "a boolean (" + n.asText() + ")";
      if (n.isNumber()) return "a number (" + n.asText() + ")";
      return "'" + n.asText() + "'";
    }
  }
}
