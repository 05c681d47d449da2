package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Readers arriving at the schedule's rate, each reading one stream of {@code stream-bytes} from
 * offset {@code -1} to its tail: a GET, then a GET at each {@code Stream-Next-Offset} until a
 * response says {@code Stream-Up-To-Date: true}. Latency is the time to catch up, from the
 * reader's intended arrival; throughput is the bytes read per second.
 */
final class CatchUpScenario extends Scenario {

  private String path;
  private long appends;

  CatchUpScenario(Workload workload, HttpEngine engine, StreamRoot root, String runId) {
    super(workload, engine, root, runId);
  }

  @Override
  void prepare() throws IOException {
    createStreams(1);
    path = root.streamPath(streamName(0));
    appends = (workload.streamBytes() + workload.payloadSize() - 1) / workload.payloadSize();
    ByteBuffer payload = ByteBuffer.wrap(Payloads.plain(workload.contentType(), (int) workload.payloadSize()));
    HttpRequest append = HttpRequest.of("POST", engine.authority(), path,
        Map.of("Content-Type", workload.contentType()), payload);
    List<HttpRequest> fill = new ArrayList<>();
    for (long i = 0; i < appends; i++) fill.add(append);
    Setup.all(engine, fill, 4, setupTimeout());
    notes.add("the catch-up stream holds " + appends + " appends of " + Units.formatSize(workload.payloadSize())
        + " (" + Units.formatSize(appends * workload.payloadSize()) + " of payload)");
  }

  @Override
  Operation operation(long op) {
    return new CatchUp();
  }

  @Override
  String operationName() {
    return "catch-up";
  }

  @Override
  String operationDescription() {
    return "catch-up read of a " + Units.formatSize(workload.streamBytes()) + " stream from offset -1 to its"
        + " tail, following Stream-Next-Offset; latency from the reader's intended arrival to the last"
        + " response's last byte";
  }

  private HttpRequest read(String offset) {
    return engine.request("GET", path + "?offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8),
        Map.of(), (byte[]) null);
  }

  /** One reader's catch-up. */
  private final class CatchUp implements Operation {
    private HttpRequest request = read("-1");
    private long bytes;
    private int pages;

    @Override
    public HttpRequest request() {
      return request;
    }

    @Override
    public boolean advance(ResponseHead head, BodyBuffer body, long bodyBytes) throws Failed {
      if (head.status() != 200) throw Failed.status(head);
      bytes += bodyBytes;
      pages++;
      String next = head.header("Stream-Next-Offset");
      boolean upToDate = "true".equalsIgnoreCase(head.header("Stream-Up-To-Date"));
      if (upToDate || next == null || bodyBytes == 0) return false;
      if (pages > 10_000_000) throw new Failed("catch-up: more than 10 million pages");
      request = read(next);
      return true;
    }

    @Override
    public long payloadBytes() {
      return bytes;
    }
  }
}
