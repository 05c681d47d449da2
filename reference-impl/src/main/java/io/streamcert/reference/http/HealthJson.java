package io.streamcert.reference.http;

import io.streamcert.reference.subs.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code /health?format=json} and {@code /metrics} (Prometheus text format). */
final class HealthJson {

  private HealthJson() {}

  /** {@code {"status": "ok"|"degraded", "storage": kind, "problems": [...], "details": {...}}}. */
  static String render(String kind, List<String> problems, Map<String, Object> details) {
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", problems.isEmpty() ? "ok" : "degraded");
    health.put("storage", kind);
    health.put("problems", problems);
    health.put("details", details);
    return Json.writePretty(health) + "\n";
  }

  /** One {@code name value} line per metric, names sorted. */
  static String prometheus(Map<String, Number> metrics) {
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(metrics).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    return b.toString();
  }
}
