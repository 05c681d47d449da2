package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a workload type does around the schedule: prepares the target (streams, readers), builds
 * each scheduled operation, and after the schedule waits for what follows it (deliveries).
 * One instance serves one run.
 */
abstract class Scenario implements AutoCloseable {

  static final int SETUP_CONCURRENCY = 16;

  final Workload workload;
  final HttpEngine engine;
  final StreamRoot root;
  final String runId;
  final Schedule schedule;
  final List<String> notes = new ArrayList<>();

  Scenario(Workload workload, HttpEngine engine, StreamRoot root, String runId) {
    this.workload = workload;
    this.engine = engine;
    this.root = root;
    this.runId = runId;
    this.schedule = Schedule.of(workload.rate(), workload.warmup(), workload.duration());
  }

  /** The scenario of {@code workload}'s type. */
  static Scenario of(Workload workload, HttpEngine engine, StreamRoot root, String runId) {
    return switch (workload.type()) {
      case APPEND -> new AppendScenario(workload, engine, root, runId, false);
      case IDEMPOTENT_APPEND -> new AppendScenario(workload, engine, root, runId, true);
      case CREATE -> new CreateScenario(workload, engine, root, runId);
      case FANOUT_LONG_POLL, FANOUT_SSE -> new FanoutScenario(workload, engine, root, runId);
      case CATCH_UP -> new CatchUpScenario(workload, engine, root, runId);
    };
  }

  /** Creates what the run needs on the target; blocking. */
  abstract void prepare() throws IOException;

  /** Builds scheduled operation {@code op}; called on the scheduler thread, must not block. */
  abstract Operation operation(long op);

  /** The name of the scheduled operations' metric, like {@code append}. */
  abstract String operationName();

  /** What a scheduled operation is, for the metric's description. */
  abstract String operationDescription();

  /** The metric that headlines the run; the scheduled operations' unless a scenario says otherwise. */
  String primaryMetric() {
    return operationName();
  }

  /** The transport that runs the scheduled operations. */
  Transport transport() {
    return new HttpTransport(engine, this::operation, workload.timeout().toNanos());
  }

  /** Told the schedule's start ({@code t0}) before the first operation. */
  void started(long t0Nanos) {}

  /** Runs after the schedule has drained: waits for what the operations caused (deliveries). */
  void finish() throws InterruptedException {}

  /** Metrics beyond the scheduled operations', by name. */
  Map<String, Recording> extraMetrics() {
    return new LinkedHashMap<>();
  }

  /** The name of the {@code k}-th stream of this run. */
  String streamName(long k) {
    return "driver-" + runId + "-" + k;
  }

  HttpRequest createRequest(String name) {
    return engine.request("PUT", root.streamPath(name), Map.of("Content-Type", workload.contentType()), (byte[]) null);
  }

  /** Creates {@code count} streams and returns the create responses. */
  HttpResponse[] createStreams(int count) throws IOException {
    List<HttpRequest> creates = new ArrayList<>(count);
    for (int k = 0; k < count; k++) creates.add(createRequest(streamName(k)));
    return Setup.all(engine, creates, SETUP_CONCURRENCY, setupTimeout());
  }

  Duration setupTimeout() {
    return workload.timeout().compareTo(Duration.ofSeconds(30)) > 0 ? workload.timeout() : Duration.ofSeconds(30);
  }

  @Override
  public void close() {}
}
