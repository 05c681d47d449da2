package io.streamcert.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.streamcert.chaos.checker.AnomalyType;
import io.streamcert.chaos.checker.CheckerResult;
import io.streamcert.chaos.checker.HistoryChecker;
import io.streamcert.chaos.history.FaultAction;
import io.streamcert.chaos.history.HistoryRecorder;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import io.streamcert.chaos.payload.PayloadCodec;
import io.streamcert.client.raw.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workload's SSE reads against a scripted server: what a data event carries is observed at the
 * offset the previous control event gave, the connection's end decides the outcome, and what SSE
 * readers observe reaches the checker.
 */
class SseReadTest {

  private static final String A = "0000000000000000_0000000000000000";
  private static final String B = "0000000000000000_0000000000000040";
  private static final String C = "0000000000000000_0000000000000080";

  private HttpServer server;
  private final AtomicReference<String> script = new AtomicReference<>("");
  private final AtomicReference<String> lastQuery = new AtomicReference<>();
  private HistoryRecorder history;
  private Workload workload;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/stream/", exchange -> {
      lastQuery.set(exchange.getRequestURI().getRawQuery());
      byte[] body = script.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    history = HistoryRecorder.inMemory(Map.of());
    workload = new Workload(RawHttp.to("127.0.0.1", server.getAddress().getPort()), history, "/v1/stream/", "t", 1,
        System.nanoTime() + 60_000_000_000L);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    history.close();
  }

  private static String frame(String id) {
    return new String(PayloadCodec.encode(id), StandardCharsets.UTF_8);
  }

  /** A data event for {@code text}, split into data lines the way the protocol requires. */
  private static String data(String text) {
    StringBuilder b = new StringBuilder("event: data\n");
    for (String line : text.split("\n", -1)) b.append("data:").append(line).append('\n');
    return b.append('\n').toString();
  }

  private static String control(String next, String extra) {
    return "event: control\ndata:{\"streamNextOffset\":\"" + next + "\",\"streamCursor\":\"1\"" + extra + "}\n\n";
  }

  private Operation onlyOperation() {
    List<Operation> ops = history.snapshot().operations();
    assertThat(ops).hasSize(1);
    return ops.get(0);
  }

  @Test
  void dataEventsAreObservedAtTheOffsetTheirControlEventPrecedes() {
    script.set(data(frame("w1-000000") + frame("w1-000001")) + control(B, ",\"upToDate\":true")
        + data(frame("w2-000000")) + control(C, ",\"upToDate\":true"));

    Offset reached = workload.readSse("sse", "/v1/stream/s", Offset.of(A));

    assertThat(reached).isEqualTo(Offset.of(C));
    assertThat(lastQuery.get()).isEqualTo("offset=" + A + "&live=sse");
    Operation op = onlyOperation();
    assertThat(op.kind()).isEqualTo(OperationKind.READ_SSE);
    assertThat(op.outcome()).isEqualTo(Outcome.OK);
    assertThat(op.observed()).containsExactly(Observed.at("w1-000000", A), Observed.of("w1-000001"),
        Observed.at("w2-000000", B));
    assertThat(op.garbage()).isEmpty();
    assertThat(op.nextOffset()).isEqualTo(Offset.of(C));
  }

  @Test
  void aConnectionThatBreaksInsideAnEventIsAnUnknownOutcomeThatKeepsWhatItSaw() {
    script.set(data(frame("w1-000000")) + control(B, "") + "event: data\ndata:w1-0000");

    Offset reached = workload.readSse("sse", "/v1/stream/s", Offset.of(A));

    assertThat(reached).isNull();
    Operation op = onlyOperation();
    assertThat(op.outcome()).isEqualTo(Outcome.INFO);
    assertThat(op.error()).contains("inside an event");
    assertThat(op.observed()).containsExactly(Observed.at("w1-000000", A));
  }

  @Test
  void aDataEventWhoseControlEventNeverCameIsNotObserved() {
    script.set(data(frame("w1-000000")) + control(B, "") + data(frame("w1-000001")));

    Offset reached = workload.readSse("sse", "/v1/stream/s", Offset.of(A));

    assertThat(reached).isEqualTo(Offset.of(B));
    Operation op = onlyOperation();
    assertThat(op.outcome()).isEqualTo(Outcome.OK);
    assertThat(op.observed()).containsExactly(Observed.at("w1-000000", A));
    assertThat(op.nextOffset()).isEqualTo(Offset.of(B));
  }

  @Test
  void aClosedStreamEndsTheConnectionOk() {
    script.set(data(frame("w1-000000")) + control(B, ",\"streamClosed\":true"));

    assertThat(workload.readSse("sse", "/v1/stream/s", Offset.BEGINNING)).isEqualTo(Offset.of(B));
    assertThat(onlyOperation().outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void aControlEventWithoutAnOffsetIsAnUnusableAnswer() {
    script.set(data(frame("w1-000000")) + "event: control\ndata:{\"upToDate\":true}\n\n");

    assertThat(workload.readSse("sse", "/v1/stream/s", Offset.BEGINNING)).isNull();
    Operation op = onlyOperation();
    assertThat(op.outcome()).isEqualTo(Outcome.INFO);
    assertThat(op.error()).contains("streamNextOffset");
  }

  @Test
  void aDuplicateDeliveredOverSseReachesTheChecker() {
    history.invoke("setup", OperationKind.CREATE, "/v1/stream/s").status(201).ok();
    history.invokeWrite("w1", OperationKind.APPEND, "/v1/stream/s", "w1-000000").status(204)
        .nextOffset(Offset.of(B)).ok();
    script.set(data(frame("w1-000000")) + control(B, "") + data(frame("w1-000000")) + control(C, ""));

    workload.readSse("sse", "/v1/stream/s", Offset.BEGINNING);
    history.fault(FaultAction.HEAL, null, null);

    CheckerResult result = HistoryChecker.standard().check(history.snapshot());
    assertThat(result.valid()).isFalse();
    assertThat(result.anomalies()).extracting(a -> a.type()).contains(AnomalyType.DUPLICATE);
  }
}
