package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends of a constant payload to {@code streams} streams in turn; with idempotent producers, each
 * append carries {@code Producer-Id}, {@code Producer-Epoch} 0 and {@code Producer-Seq}, producer
 * {@code i % producers} taking operation {@code i} as its sequence number {@code i / producers},
 * one append in flight per producer.
 */
final class AppendScenario extends Scenario {

  private final boolean idempotent;
  private final ByteBuffer payload;
  private HttpRequest[] plain;

  AppendScenario(Workload workload, HttpEngine engine, StreamRoot root, String runId, boolean idempotent) {
    super(workload, engine, root, runId);
    this.idempotent = idempotent;
    this.payload = ByteBuffer.wrap(Payloads.plain(workload.contentType(), (int) workload.payloadSize()));
  }

  @Override
  void prepare() throws IOException {
    createStreams(workload.streams());
    plain = new HttpRequest[workload.streams()];
    for (int k = 0; k < plain.length; k++) {
      plain[k] = HttpRequest.of("POST", engine.authority(), root.streamPath(streamName(k)),
          Map.of("Content-Type", workload.contentType()), payload);
    }
  }

  @Override
  Operation operation(long op) {
    if (!idempotent) return Operation.single(plain[(int) (op % plain.length)], workload.payloadSize());
    int producer = (int) (op % workload.producers());
    long seq = op / workload.producers();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", workload.contentType());
    headers.put("Producer-Id", "driver-" + runId + "-p" + producer);
    headers.put("Producer-Epoch", "0");
    headers.put("Producer-Seq", Long.toString(seq));
    String path = root.streamPath(streamName(producer % workload.streams()));
    return Operation.single(HttpRequest.of("POST", engine.authority(), path, headers, payload), workload.payloadSize());
  }

  @Override
  Transport transport() {
    Transport t = super.transport();
    return idempotent ? new LaneTransport(t, workload.producers()) : t;
  }

  @Override
  String operationName() {
    return "append";
  }

  @Override
  String operationDescription() {
    return (idempotent ? "idempotent-producer append" : "append") + " of " + Units.formatSize(workload.payloadSize())
        + " (POST, any 2xx) to one of " + workload.streams() + " stream(s); latency from the intended send"
        + " time to the response's last byte";
  }
}
