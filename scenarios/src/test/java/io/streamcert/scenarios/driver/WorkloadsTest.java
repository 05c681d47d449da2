package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadsTest {

  @Test
  void everyBuiltInWorkloadLoadsAndIsNamedAfterItsFile() {
    for (String name : Workloads.BUILT_IN) {
      Workload w = Workloads.builtIn(name);
      assertThat(w.name()).isEqualTo(name);
      assertThat(w.rate()).isPositive();
    }
    Workload append = Workloads.builtIn("append-100b-1000-streams");
    assertThat(append.type()).isEqualTo(WorkloadType.APPEND);
    assertThat(append.streams()).isEqualTo(1000);
    assertThat(append.payloadSize()).isEqualTo(100);
    assertThat(Workloads.builtIn("append-1mb").payloadSize()).isEqualTo(1 << 20);
    assertThat(Workloads.builtIn("fanout-long-poll").readers()).isEqualTo(100);
    assertThat(Workloads.builtIn("catch-up-storm").streamBytes()).isEqualTo(64L << 20);
  }

  @Test
  void reportsEveryProblemAtOnceEachNamingTheFieldAndTheFix() {
    String yaml = """
        type: fanout-long-poll
        rate: 0
        duration: 30
        warmup: 5x
        max-in-flight: 0
        readers: 0
        payload-size: 10B
        producers: 4
        colour: blue
        """;

    InvalidWorkloadException e = catchThrowableOfType(InvalidWorkloadException.class,
        () -> Workloads.parse(yaml, "bad.yaml", "bad"));

    assertThat(e.source()).isEqualTo("bad.yaml");
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "producers: type fanout-long-poll does not read producers; remove it (producers is for idempotent-append)",
        "colour: unknown field; the fields are name, type, description, rate, duration, warmup, max-in-flight,"
            + " timeout, content-type, streams, payload-size, producers, readers, stream-bytes",
        "duration: 30 has no unit; use a number with a unit, like 500ms, 30s or 2m",
        "warmup: '5x' is not a duration; use a number with a unit, like 500ms, 30s or 2m",
        "rate: was 0 but must be between 1 and 10000000 operations per second, like rate: 1000",
        "max-in-flight: was 0 but must be between 1 and 100000, like max-in-flight: 256",
        "payload-size: was 10B but must be between 34B (fan-out messages carry a sequence number and send time)"
            + " and 64MB, like payload-size: 100B",
        "readers: was 0 but must be between 1 and 100000 readers per stream, like readers: 10");
    assertThat(e.getMessage()).startsWith("workload bad.yaml is invalid (8 problems):");
  }

  @Test
  void aMissingTypeOrRateIsNamed() {
    InvalidWorkloadException e = catchThrowableOfType(InvalidWorkloadException.class,
        () -> Workloads.parse("duration: 10s\n", "x.yaml", "x"));
    assertThat(e.problems()).contains(
        "type: missing; add type: with one of append, idempotent-append, create, fanout-long-poll, fanout-sse, catch-up",
        "rate: missing; add rate: <operations per second>, like rate: 1000");
  }

  @Test
  void anUnknownTypeListsTheTypes() {
    assertThatThrownBy(() -> Workloads.parse("type: appendd\nrate: 5\n", "x.yaml", "x"))
        .isInstanceOf(InvalidWorkloadException.class)
        .hasMessageContaining("type: 'appendd' is not a workload type; use one of append, idempotent-append");
  }

  @Test
  void jsonStreamsNeedRoomForTheJsonObject() {
    assertThatThrownBy(() -> Workload.builder("j", WorkloadType.APPEND).contentType("application/json").payloadSize(5).build())
        .hasMessageContaining("payload-size: was 5B but must be between 8B (a JSON object padded to that size)");
  }

  @Test
  void notYamlIsReportedWithItsPosition() {
    assertThatThrownBy(() -> Workloads.parse("type: [append\n", "x.yaml", "x"))
        .isInstanceOf(InvalidWorkloadException.class)
        .hasMessageContaining("line ")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aFileDefaultsItsNameAndDefaultsLiveInTheBuilder(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("my-load.yaml");
    Files.writeString(f, "type: append\nrate: 50\n");
    Workload w = Workloads.read(f);
    assertThat(w.name()).isEqualTo("my-load");
    assertThat(w.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w.warmup()).isEqualTo(Duration.ofSeconds(10));
    assertThat(w.maxInFlight()).isEqualTo(256);
    assertThat(w.settings()).containsEntry("payload-size", "100B").doesNotContainKey("readers");
    assertThat(Workloads.resolve(f.toString())).isEqualTo(w);
  }

  @Test
  void anUnknownNameListsTheBuiltIns() {
    assertThatThrownBy(() -> Workloads.resolve("no-such-workload"))
        .hasMessageContaining("append-100b-1-stream")
        .hasMessageContaining("nor a readable file");
  }

  @Test
  void measuredOperationsAreRateTimesDuration() {
    Workload w = Workload.builder("w", WorkloadType.APPEND).rate(200).duration(Duration.ofSeconds(2)).build();
    assertThat(w.measuredOperations()).isEqualTo(400);
  }
}
