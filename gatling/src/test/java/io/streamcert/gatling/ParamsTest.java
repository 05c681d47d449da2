package io.streamcert.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.WorkloadType;
import io.streamcert.scenarios.driver.Workloads;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulations' system properties. */
class ParamsTest {

  @Test
  void defaultsComeFromTheWorkloadAndPropertiesOverrideThem() {
    Params p = Params.from(Map.of("target", "http://127.0.0.1:9/base", "rate", "250", "duration", "5s",
        "payloadSize", "1KB", "streams", "3", "p99", "20ms", "maxErrorPercent", "0.5"), WorkloadType.APPEND,
        "append-100b-1-stream");

    assertThat(p.origin).isEqualTo("http://127.0.0.1:9");
    assertThat(p.streamPath).isEqualTo("/base/");
    assertThat(p.workload.rate()).isEqualTo(250);
    assertThat(p.workload.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.workload.warmup()).isEqualTo(Workloads.builtIn("append-100b-1-stream").warmup());
    assertThat(p.workload.payloadSize()).isEqualTo(1024);
    assertThat(p.workload.streams()).isEqualTo(3);
    assertThat(p.p99Millis).isEqualTo(20);
    assertThat(p.maxErrorPercent).isEqualTo(0.5);
  }

  @Test
  void anOriginAloneMeansTheDefaultStreamPath() {
    Params p = Params.from(Map.of("target", "http://127.0.0.1:4437"), WorkloadType.CREATE, "create-storm");
    assertThat(p.streamPath).isEqualTo("/v1/stream/");
    assertThat(p.streamUrlPath(p.streamName(0))).startsWith("/v1/stream/gatling-").endsWith("-0");
  }

  @Test
  void theChildJvmsPropertiesReproduceTheWorkload() {
    Workload w = Workloads.builtIn("fanout-sse").toBuilder().rate(33).duration(Duration.ofMillis(1500))
        .warmup(Duration.ZERO).readers(7).streams(2).payloadSize(64).timeout(Duration.ofSeconds(3)).build();
    Map<String, String> props = Params.toProperties(URI.create("http://127.0.0.1:1/v1/stream/"), w, 12, 0.25);

    Params p = Params.from(props, WorkloadType.FANOUT_SSE, "fanout-sse");

    assertThat(p.workload).isEqualTo(w);
    assertThat(p.p99Millis).isEqualTo(12);
    assertThat(p.maxErrorPercent).isEqualTo(0.25);
  }

  @Test
  void everyBadValueIsNamedWithItsFix() {
    Map<String, String> bad = new HashMap<>();
    bad.put("target", "ftp://x");
    bad.put("rate", "fast");
    bad.put("duration", "30");
    bad.put("payloadSize", "1TB");
    bad.put("p99", "500us");
    bad.put("maxErrorPercent", "150");

    assertThatThrownBy(() -> Params.from(bad, WorkloadType.APPEND, "append-100b-1-stream"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target was 'ftp://x' but must be an http URL")
        .hasMessageContaining("rate was 'fast' but must be a whole number")
        .hasMessageContaining("duration was '30' but must be a duration with a unit")
        .hasMessageContaining("payloadSize was '1TB' but must be a size")
        .hasMessageContaining("p99 was '500us' but must be a duration of at least 1ms")
        .hasMessageContaining("maxErrorPercent was '150'");
  }

  @Test
  void aWorkloadOfAnotherTypeNamesTheSimulationToPick() {
    assertThatThrownBy(() -> Params.from(Map.of("workload", "create-storm"), WorkloadType.APPEND, "append-100b-1-stream"))
        .hasMessageContaining("workload 'create-storm' is of type create but this simulation runs append");
    assertThatThrownBy(() -> Params.from(Map.of("workload", "nope"), WorkloadType.APPEND, "append-100b-1-stream"))
        .hasMessageContaining("nope");
  }

  @Test
  void theGatesRefuseWhatGatlingCannotCheck() {
    assertThatThrownBy(() -> new GatlingLoad.Gates(Duration.ofNanos(500_000), 1))
        .hasMessageContaining("Gatling measures whole milliseconds");
    assertThatThrownBy(() -> new GatlingLoad.Gates(Duration.ofMillis(10), 101)).hasMessageContaining("[0, 100]");
  }

  @Test
  void everyWorkloadTypeHasASimulationAndAMeasuredRequest() {
    for (WorkloadType t : WorkloadType.values()) {
      assertThat(GatlingLoad.simulationFor(t)).isNotNull();
      assertThat(GatlingLoad.measuredName(t)).isNotBlank();
      assertThat(Workloads.builtIn(Params.defaultWorkload(t)).type()).isEqualTo(t);
    }
  }
}
