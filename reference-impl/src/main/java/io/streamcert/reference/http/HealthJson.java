package io.streamcert.reference.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Renders {@code /health?format=json} and {@code /metrics} (Prometheus text format). */
final class HealthJson {

  private static final JsonFactory JSON = new JsonFactory();

  private HealthJson() {}

  /** {@code {"status": "ok"|"degraded", "storage": kind, "problems": [...], "details": {...}}}. */
  static String render(String kind, List<String> problems, Map<String, Object> details) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("status", problems.isEmpty() ? "ok" : "degraded");
      g.writeStringField("storage", kind);
      g.writeFieldName("problems");
      write(g, problems);
      g.writeFieldName("details");
      write(g, details);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> it) {
      g.writeStartArray();
      for (Object o : it) write(g, o);
      g.writeEndArray();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  /** One {@code name value} line per metric, names sorted. */
  static String prometheus(Map<String, Number> metrics) {
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(metrics).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    return b.toString();
  }
}
