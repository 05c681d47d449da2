package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of each workload type against the reference server in this JVM. They assert what an
 * open-loop schedule makes exact (how many operations, all successful, every delivery seen) and
 * never a latency or a rate: machines are shared and noisy.
 */
class DriverAgainstReferenceServerTest {

  private static ReferenceServer server;
  private static URI target;

  @BeforeAll
  static void start() throws Exception {
    server = ReferenceServer.start(ServerConfig.builder().port(0).build());
    target = URI.create(server.baseUri() + ReferenceServer.STREAM_ROOT);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static Workload shortRun(String name, long rate, Duration duration) {
    return Workloads.builtIn(name).toBuilder().rate(rate).duration(duration).warmup(Duration.ZERO).build();
  }

  private static void assertAllCompleted(RunResult r, long expected) {
    assertThat(r.scheduled()).as("operations the schedule intends: rate x duration").isEqualTo(expected);
    assertThat(r.sent()).isEqualTo(expected);
    assertThat(r.ok()).as("successful operations; errors: %s", r.primary().errorKinds()).isEqualTo(expected);
    assertThat(r.errors()).isZero();
    assertThat(r.notSent()).isZero();
    assertThat(r.unfinished()).isZero();
  }

  @Test
  void appendsToOneStreamAllSucceedAndTheCountIsRateTimesDuration(@TempDir Path out) throws Exception {
    RunResult r = Driver.run(target, shortRun("append-100b-1-stream", 200, Duration.ofSeconds(2)), out);

    assertAllCompleted(r, 400);
    RunResult.Metric append = r.metrics().get("append");
    assertThat(append.latency().count()).isEqualTo(400);
    assertThat(append.serviceTime().count()).isEqualTo(400);
    assertThat(append.seconds()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(append.seconds().stream().mapToLong(RunResult.Second::ok).sum()).isEqualTo(400);
    assertThat(r.primaryMetric()).isEqualTo("append");
    assertThat(r.settings()).containsEntry("rate", 200L).containsEntry("streams", 1);

    assertThat(out.resolve("append-latency.hgrm")).content().contains("Percentile");
    assertThat(out.resolve("append-service-time.hgrm")).exists();
    RunResult read = RunResult.read(out.resolve("result.json"));
    assertThat(read.ok()).isEqualTo(400);
    assertThat(read.primary().latency()).isEqualTo(append.latency());
    assertThat(RunResult.decodeHistogram(read.primary().latencyHistogram()).getTotalCount()).isEqualTo(400);
  }

  @Test
  void appendsOverAThousandStreams() throws Exception {
    RunResult r = Driver.run(target, shortRun("append-100b-1000-streams", 200, Duration.ofSeconds(1)), null);
    assertAllCompleted(r, 200);
  }

  @Test
  void oneMegabyteAppends() throws Exception {
    RunResult r = Driver.run(target, shortRun("append-1mb", 10, Duration.ofSeconds(1)), null);
    assertAllCompleted(r, 10);
    assertThat(r.megabytesPerSecond()).isPositive();
  }

  @Test
  void idempotentProducersAppendInOrderWithoutErrors() throws Exception {
    Workload w = shortRun("idempotent-producers", 200, Duration.ofSeconds(1)).toBuilder().producers(4).streams(2).build();
    RunResult r = Driver.run(target, w, null);
    assertAllCompleted(r, 200);
  }

  @Test
  void createStormCreatesOneStreamPerOperation() throws Exception {
    int before = server.streamCount();
    RunResult r = Driver.run(target, shortRun("create-storm", 200, Duration.ofSeconds(1)), null);
    assertAllCompleted(r, 200);
    assertThat(server.streamCount() - before).isEqualTo(1 + 200); // the probe and one per operation
  }

  @Test
  void everyLongPollReaderReceivesEveryAppend() throws Exception {
    Workload w = shortRun("fanout-long-poll", 100, Duration.ofSeconds(2)).toBuilder().readers(5).build();
    RunResult r = Driver.run(target, w, null);

    assertAllCompleted(r, 200);
    assertThat(r.primaryMetric()).isEqualTo("delivery");
    RunResult.Metric delivery = r.metrics().get("delivery");
    assertThat(delivery.ok()).as("deliveries; errors: %s", delivery.errorKinds()).isEqualTo(200 * 5);
    assertThat(delivery.errors()).isZero();
    assertThat(delivery.latency().count()).isEqualTo(1000);
  }

  @Test
  void everySseReaderReceivesEveryAppend() throws Exception {
    Workload w = shortRun("fanout-sse", 100, Duration.ofSeconds(2)).toBuilder().readers(5).build();
    RunResult r = Driver.run(target, w, null);

    assertAllCompleted(r, 200);
    RunResult.Metric delivery = r.metrics().get("delivery");
    assertThat(delivery.ok()).as("deliveries; errors: %s", delivery.errorKinds()).isEqualTo(1000);
    assertThat(delivery.errors()).isZero();
  }

  @Test
  void jsonStreamsAreStampedAndDecodedAsJson() throws Exception {
    Workload w = shortRun("fanout-long-poll", 100, Duration.ofSeconds(1)).toBuilder()
        .readers(2).contentType("application/json").build();
    RunResult r = Driver.run(target, w, null);
    assertAllCompleted(r, 100);
    assertThat(r.metrics().get("delivery").ok()).isEqualTo(200);
  }

  @Test
  void catchUpReadersReadTheWholeStream() throws Exception {
    Workload w = shortRun("catch-up-storm", 5, Duration.ofSeconds(1)).toBuilder()
        .streamBytes(1 << 20).payloadSize(64 << 10).build();
    RunResult r = Driver.run(target, w, null);
    assertAllCompleted(r, 5);
    // Each reader read 16 appends of 64 KB, with the store's framing if any.
    assertThat(r.megabytesPerSecond() * r.windowSeconds() * 1e6).isGreaterThanOrEqualTo(5.0 * (1 << 20));
  }

  @Test
  void aWrongStreamPathFailsBeforeTheRunWithTheAnswerAndAFix() {
    URI wrong = URI.create(server.baseUri() + "/nowhere/");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Driver.run(wrong, shortRun("append-100b-1-stream", 10, Duration.ofSeconds(1)), null))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("answered 404")
        .hasMessageContaining("is the stream path right?");
  }

  @Test
  void aTargetWithoutAPathUsesTheDefaultStreamPath() throws Exception {
    RunResult r = Driver.run(server.baseUri(), shortRun("append-100b-1-stream", 10, Duration.ofSeconds(1)), null);
    assertThat(r.target()).endsWith("/v1/stream/");
    assertAllCompleted(r, 10);
    assertThat(Files.exists(Path.of("result.json"))).isFalse();
  }
}
