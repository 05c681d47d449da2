package io.streamcert.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Pins the bytes of {@code /health?format=json} and {@code /metrics}, which operators' scripts read. */
class HealthJsonTest {

  @Test
  void healthIsPrettyPrintedKeepsNullsAndEndsWithANewline() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("acceptingAppends", false);
    details.put("backpressure", null);
    details.put("retryAfterSeconds", 3);
    details.put("ratio", 0.5);
    details.put("corrupt", List.of("a\"b", "c"));
    details.put("nested", new TreeMap<>(Map.of("b", 2L, "a", "x")));

    String json = HealthJson.render("tiered", List.of("s3 unreachable"), details);

    assertThat(json).isEqualTo("""
        {
          "status" : "degraded",
          "storage" : "tiered",
          "problems" : [ "s3 unreachable" ],
          "details" : {
            "acceptingAppends" : false,
            "backpressure" : null,
            "retryAfterSeconds" : 3,
            "ratio" : 0.5,
            "corrupt" : [ "a\\"b", "c" ],
            "nested" : {
              "a" : "x",
              "b" : 2
            }
          }
        }
        """);
  }

  @Test
  void healthWithoutProblemsIsOk() {
    assertThat(HealthJson.render("memory", List.of(), Map.of())).isEqualTo("""
        {
          "status" : "ok",
          "storage" : "memory",
          "problems" : [ ],
          "details" : { }
        }
        """);
  }

  @Test
  void metricsAreOneSortedLinePerName() {
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("b_total", 2L);
    metrics.put("a_ratio", 0.25);
    assertThat(HealthJson.prometheus(metrics)).isEqualTo("a_ratio 0.25\nb_total 2\n");
  }
}
