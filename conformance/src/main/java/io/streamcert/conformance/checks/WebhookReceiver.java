package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The webhook end of a subscription check (PROTOCOL.md §7.1): a small HTTP server on a free
 * loopback port that records every delivery with its arrival time and answers as the check tells
 * it (acknowledge with {@code {"done":true}}, accept without done, or fail to provoke retries).
 *
 * <p>One receiver belongs to one check; close it when the check ends.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** What the receiver answers to one delivery. */
  record Reply(int status, String body) {
    /** 200 with {@code {"done":true}}: the server must ack the wake snapshot and release the lease. */
    static Reply done() {
      return new Reply(200, "{\"done\":true}");
    }

    /** 200 with {@code {}}: accepted, the work goes on and the handler will call back later. */
    static Reply accepted() {
      return new Reply(200, "{}");
    }

    /** A server error: the delivery failed and must be retried. */
    static Reply fail() {
      return new Reply(500, "{\"error\":\"receiver failing on purpose\"}");
    }
  }

  /** One webhook request as it arrived. */
  record Delivery(int index, long arrivedNanos, String method, String path, Map<String, String> headers, byte[] body) {

    /** The header value (case-insensitive name), if present. */
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a body that does not parse fails the check with the body shown. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("a webhook delivery must carry a JSON body (PROTOCOL.md §7.1) but it does not parse: "
            + e.getMessage() + "\n" + this, e);
      }
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("webhook delivery #").append(index).append(": ").append(method).append(' ').append(path).append('\n');
      headers.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
      String text = text();
      b.append('\n').append(text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
      return b.toString();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final LinkedBlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();
  private final List<Delivery> all = new ArrayList<>();
  private volatile Function<Delivery, Reply> behaviour;

  private WebhookReceiver(Function<Delivery, Reply> behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "streamcert-webhook-receiver-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a receiver on a free loopback port that answers every delivery with {@code behaviour}. */
  static WebhookReceiver start(Function<Delivery, Reply> behaviour) {
    try {
      return new WebhookReceiver(behaviour);
    } catch (IOException e) {
      throw new AssertionError("setup: cannot start a webhook receiver on a loopback port: " + e.getMessage(), e);
    }
  }

  /** Starts a receiver that answers every delivery with the same reply. */
  static WebhookReceiver answering(Reply reply) {
    return start(d -> reply);
  }

  /** Changes how later deliveries are answered. */
  void behave(Function<Delivery, Reply> next) {
    this.behaviour = next;
  }

  /** The URL to register as {@code webhook.url}: {@code http://127.0.0.1:<port>/hook}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The next delivery not yet taken, waiting up to {@code timeout}; fails the check naming {@code what}. */
  Delivery next(Duration timeout, String what) {
    try {
      Delivery d = pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (d == null) {
        throw new AssertionError(what + ": no webhook delivery arrived within " + timeout.toMillis() + " ms"
            + (count() == 0 ? " (the receiver at " + url() + " saw no request at all)" : " (earlier deliveries: " + count() + ")"));
      }
      return d;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(what + ": interrupted while waiting for a webhook delivery", e);
    }
  }

  /** The next delivery if one arrives within {@code timeout}. */
  Optional<Delivery> poll(Duration timeout) {
    try {
      return Optional.ofNullable(pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** How many deliveries arrived so far. */
  int count() {
    synchronized (all) {
      return all.size();
    }
  }

  /** Every delivery so far, in arrival order. */
  List<Delivery> deliveries() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
      Delivery d;
      synchronized (all) {
        d = new Delivery(all.size() + 1, System.nanoTime(), ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body);
        all.add(d);
      }
      Reply reply;
      try {
        reply = behaviour.apply(d);
      } catch (RuntimeException | AssertionError e) {
        reply = new Reply(500, "{\"error\":\"receiver behaviour failed: " + e.getClass().getSimpleName() + "\"}");
      }
      pending.add(d);
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
