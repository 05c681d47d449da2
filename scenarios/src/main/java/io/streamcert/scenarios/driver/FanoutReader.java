package io.streamcert.scenarios.driver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live reader of one stream for fan-out workloads: follows the stream from the offset it was
 * given, decodes the stamped messages it receives and reports each delivery, reconnecting after
 * failures. Its requests run on its own connection, so readers never compete with the writer's
 * pool.
 */
abstract class FanoutReader implements Exchange, StampDecoder.Sink {

  static final long RETRY_MILLIS = 100;

  final FanoutScenario fanout;
  final int stream;
  final String path;
  final StampDecoder decoder;
  final AtomicLong delivered = new AtomicLong();
  volatile boolean armed;
  volatile boolean stopped;
  HttpConnection connection;
  String offset;
  String cursor;
  HttpRequest request;
  long arrivedNanos;

  FanoutReader(FanoutScenario fanout, int stream, String path, String offset) {
    this.fanout = fanout;
    this.stream = stream;
    this.path = path;
    this.offset = offset;
    this.decoder = new StampDecoder(fanout.workload.contentType(), fanout.workload.payloadSize(), this);
  }

  /** Connects and starts reading. */
  final void start() {
    connection = fanout.engine.connection();
    send();
  }

  /** Builds the next request and sends it on the reader's connection. */
  abstract void send();

  /** Measured deliveries so far. */
  final long delivered() {
    return delivered.get();
  }

  final void stop() {
    stopped = true;
    HttpConnection c = connection;
    if (c != null) c.close();
  }

  @Override
  public final HttpRequest request() {
    return request;
  }

  @Override
  public final void message(long seq, long sentNanos) {
    if (fanout.deliver(seq, sentNanos, arrivedNanos)) delivered.incrementAndGet();
  }

  @Override
  public final void malformed(String what) {
    fanout.readerError(what, arrivedNanos);
  }

  @Override
  public void onFailure(String kind, Throwable cause, long sentNanos, long nowNanos) {
    if (stopped) return;
    fanout.readerError("reader: " + kind, nowNanos);
    retryLater();
  }

  /** Reconnects after {@value #RETRY_MILLIS} ms. */
  final void retryLater() {
    if (stopped) return;
    fanout.later(() -> {
      if (stopped) return;
      if (connection == null || connection.isClosed()) connection = fanout.engine.connection();
      send();
    }, RETRY_MILLIS);
  }

  final String query(String live) {
    StringBuilder sb = new StringBuilder(path).append("?offset=").append(URLEncoder.encode(offset, StandardCharsets.UTF_8));
    if (live != null) sb.append("&live=").append(live);
    if (cursor != null && live != null) sb.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    return sb.toString();
  }

  /** Long-poll: a catch-up read to arm, then {@code live=long-poll} requests back to back. */
  static final class LongPoll extends FanoutReader {
    private static final long TIMEOUT_NANOS = 120_000_000_000L;
    private final BodyBuffer body = new BodyBuffer();
    private boolean live;

    LongPoll(FanoutScenario fanout, int stream, String path, String offset) {
      super(fanout, stream, path, offset);
    }

    @Override
    void send() {
      if (stopped) return;
      body.clear();
      request = fanout.engine.request("GET", query(live ? "long-poll" : null), java.util.Map.of(), (byte[]) null);
      connection.send(this);
    }

    @Override
    public long timeoutNanos() {
      return TIMEOUT_NANOS;
    }

    @Override
    public void onBody(byte[] data, int off, int len) {
      body.append(data, off, len);
    }

    @Override
    public void onComplete(ResponseHead head, long sentNanos, long doneNanos) {
      if (stopped) return;
      arrivedNanos = doneNanos;
      int status = head.status();
      if (status != 200 && status != 204) {
        fanout.readerError("reader: status " + status, doneNanos);
        retryLater();
        return;
      }
      armed = true;
      if (status == 200) {
        if (decoder.json()) decoder.json(body.array(), 0, body.length());
        else decoder.text(body.array(), 0, body.length());
      }
      String next = head.header("Stream-Next-Offset");
      if (next != null) offset = next;
      String c = head.header("Stream-Cursor");
      if (c != null) cursor = c;
      if ("true".equalsIgnoreCase(head.header("Stream-Closed"))) {
        stopped = true;
        return;
      }
      live = true;
      if (connection.isClosed()) connection = fanout.engine.connection();
      send();
    }
  }

  /** SSE: one long response of events; reconnects from the last control event's offset. */
  static final class Sse extends FanoutReader implements SseParser.Listener {
    private SseParser parser;
    private boolean base64;
    private int status;

    Sse(FanoutScenario fanout, int stream, String path, String offset) {
      super(fanout, stream, path, offset);
    }

    @Override
    void send() {
      if (stopped) return;
      parser = new SseParser(this);
      status = 0;
      request = fanout.engine.request("GET", query("sse"), java.util.Map.of("Accept", "text/event-stream"), (byte[]) null);
      connection.send(this);
    }

    @Override
    public long timeoutNanos() {
      return 0;
    }

    @Override
    public void onHead(ResponseHead head) {
      status = head.status();
      if (status == 200) {
        armed = true;
        base64 = "base64".equalsIgnoreCase(head.header("stream-sse-data-encoding"));
      }
    }

    @Override
    public void onBody(byte[] data, int off, int len) {
      if (status != 200 || stopped) return;
      arrivedNanos = System.nanoTime();
      parser.feed(data, off, len);
    }

    @Override
    public void event(String type, String data) {
      if (type.equals("data")) {
        byte[] bytes;
        try {
          bytes = base64 ? java.util.Base64.getMimeDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          malformed("reader: data event is not base64");
          return;
        }
        if (decoder.json()) {
          decoder.json(bytes, 0, bytes.length);
        } else {
          decoder.text(bytes, 0, bytes.length);
          decoder.boundary();
        }
      } else if (type.equals("control")) {
        control(data);
      }
    }

    private void control(String data) {
      try {
        com.fasterxml.jackson.databind.JsonNode n = CONTROL.readTree(data);
        if (n.hasNonNull("streamNextOffset")) offset = n.get("streamNextOffset").asText();
        if (n.hasNonNull("streamCursor")) cursor = n.get("streamCursor").asText();
        if (n.path("streamClosed").asBoolean(false)) stopped = true;
      } catch (java.io.IOException e) {
        malformed("reader: control event is not JSON");
      }
    }

    @Override
    public void onComplete(ResponseHead head, long sentNanos, long doneNanos) {
      if (stopped) return;
      if (head.status() != 200) {
        fanout.readerError("reader: status " + head.status(), doneNanos);
        retryLater();
        return;
      }
      // The server ended the stream (its reconnect interval): resume from the last offset.
      if (connection.isClosed()) connection = fanout.engine.connection();
      send();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper CONTROL =
        new com.fasterxml.jackson.databind.ObjectMapper();
  }
}
