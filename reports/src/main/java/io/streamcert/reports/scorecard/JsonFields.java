package io.streamcert.reports.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reads the fields of one JSON object for {@link ScorecardJson}, naming each by its path in errors. */
final class JsonFields {

  /** A field that is missing or wrong, with its path; unchecked so lambdas can throw it. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final JsonNode node;
  private final String path;

  JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  private String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  Invalid invalid(String field, String problem) {
    return new Invalid(at(field) + ": " + problem, null);
  }

  boolean has(String field) {
    return node.hasNonNull(field);
  }

  JsonNode node(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) throw invalid(field, "is missing");
    return n;
  }

  /** Runs a record constructor, turning its complaint into an error at this object's path. */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Invalid((path.isEmpty() ? "" : path + ": ") + e.getMessage(), e);
    }
  }

  String text(String field) {
    return text(field, false);
  }

  String text(String field, boolean mayBeEmpty) {
    JsonNode n = node(field);
    if (!n.isTextual()) throw invalid(field, "must be a string");
    if (!mayBeEmpty && n.textValue().isBlank()) throw invalid(field, "must not be empty");
    return n.textValue();
  }

  String optionalText(String field) {
    return has(field) ? text(field) : null;
  }

  String nullableText(String field) {
    if (!node.has(field)) throw invalid(field, "is missing (write null for none)");
    return optionalText(field);
  }

  List<String> texts(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw invalid(field, "must be an array of strings");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) throw invalid(field + "[" + i + "]", "must be a string");
      out.add(n.get(i).textValue());
    }
    return out;
  }

  <T> T parsed(String field, Function<String, T> parser) {
    String text = text(field);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new Invalid(at(field) + ": " + e.getMessage(), e);
    }
  }

  double number(String field) {
    JsonNode n = node(field);
    if (!n.isNumber()) throw invalid(field, "must be a number");
    return n.doubleValue();
  }

  Double optionalDouble(String field) {
    return has(field) ? number(field) : null;
  }

  Double nullableDouble(String field) {
    if (!node.has(field)) throw invalid(field, "is missing (write null for none)");
    return optionalDouble(field);
  }

  int integer(String field) {
    JsonNode n = node(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw invalid(field, "must be a whole number");
    return n.intValue();
  }

  long longValue(String field) {
    JsonNode n = node(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) throw invalid(field, "must be a whole number");
    return n.longValue();
  }

  Long optionalLong(String field) {
    return has(field) ? longValue(field) : null;
  }

  boolean bool(String field) {
    JsonNode n = node(field);
    if (!n.isBoolean()) throw invalid(field, "must be true or false");
    return n.booleanValue();
  }

  Instant instant(String field) {
    String text = text(field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Invalid(at(field) + ": '" + text + "' is not an ISO-8601 instant like 2026-01-31T12:00:00Z", e);
    }
  }

  URI uri(String field) {
    String text = text(field);
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new Invalid(at(field) + ": '" + text + "' is not a URL: " + e.getReason(), e);
    }
  }

  JsonFields object(String field) {
    JsonNode n = node(field);
    if (!n.isObject()) throw invalid(field, "must be an object");
    return new JsonFields(n, at(field));
  }

  <T> List<T> objects(String field, Function<JsonFields, T> reader) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw invalid(field, "must be an array");
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isObject()) throw invalid(field + "[" + i + "]", "must be an object");
      out.add(reader.apply(new JsonFields(n.get(i), at(field) + "[" + i + "]")));
    }
    return out;
  }
}
