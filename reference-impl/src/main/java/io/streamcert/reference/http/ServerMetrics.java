package io.streamcert.reference.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters for {@code /metrics}, whatever the storage: HTTP requests by method, and
 * append requests with their body bytes. Thread-safe; counted as requests arrive.
 */
final class ServerMetrics {

  private final Map<String, LongAdder> requestsByMethod = new ConcurrentHashMap<>();
  private final LongAdder appends = new LongAdder();
  private final LongAdder appendBytes = new LongAdder();

  /** Counts one request; {@code method} is the HTTP method as sent, such as {@code GET}. */
  void request(String method) {
    String m = switch (method) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH" -> method;
      default -> "OTHER";
    };
    requestsByMethod.computeIfAbsent(m, k -> new LongAdder()).increment();
  }

  /** Counts one append request (POST to a stream) carrying {@code bytes} bytes of body. */
  void append(int bytes) {
    appends.increment();
    appendBytes.add(bytes);
  }

  /** The counters by Prometheus sample name (with labels), such as {@code streamcert_appends_total}. */
  Map<String, Number> snapshot() {
    Map<String, Number> m = new TreeMap<>();
    requestsByMethod.forEach((method, n) ->
        m.put("streamcert_http_requests_total{method=\"" + method + "\"}", n.sum()));
    m.put("streamcert_append_requests_total", appends.sum());
    m.put("streamcert_append_request_bytes_total", appendBytes.sum());
    return m;
  }
}
