package io.streamcert.conformance.mutants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Breaks webhook delivery rules without touching the server: the {@link MutantProxy} in front of
 * the server rewrites each subscription's {@code webhook.url} (the check's loopback receiver) to
 * point here, and this relay forwards every delivery to the receiver, changing what one side sees
 * of the other. To the check it is as if the server itself broke the rule.
 */
final class WebhookInterposer implements AutoCloseable {

  /** One delivery on its way: what the server sent and what the receiver answered. */
  interface Behaviour {
    /** Forwards (or not) and returns what the server gets back. */
    Answer relay(Delivery d, Forwarder forward) throws IOException, InterruptedException;
  }

  record Delivery(String target, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Answer(int status, byte[] body) {}

  @FunctionalInterface
  interface Forwarder {
    Answer send(Delivery d) throws IOException, InterruptedException;
  }

  private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "streamcert-webhook-interposer");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Behaviour behaviour;

  WebhookInterposer(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /**
   * The proxy mutation that sends subscriptions' loopback webhooks through this relay: {@code
   * http://127.0.0.1:<p>/x} becomes {@code http://127.0.0.1:<relay>/fwd/<p>/x}.
   */
  Mutation rewritingWebhookUrls() {
    return new Mutation() {
      @Override
      public void request(FullHttpRequest r) {
        if (r.method() != HttpMethod.PUT || !r.uri().startsWith("/v1/stream/__ds/subscriptions/")) return;
        String body = r.content().toString(StandardCharsets.UTF_8);
        String rewritten = body.replaceAll("http://127\\.0\\.0\\.1:(\\d+)/", "http://127.0.0.1:" + port() + "/fwd/$1/");
        byte[] bytes = rewritten.getBytes(StandardCharsets.UTF_8);
        r.content().clear().writeBytes(bytes);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      }
    };
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String[] parts = path.split("/", 4); // "", "fwd", port, rest
      if (parts.length < 4 || !parts[1].equals("fwd")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> {
        if (!HOP.contains(k.toLowerCase(Locale.ROOT))) headers.put(k, String.join(", ", v));
      });
      Delivery d = new Delivery("http://127.0.0.1:" + parts[2] + "/" + parts[3], headers, body);
      Answer a;
      try {
        a = behaviour.relay(d, this::forward);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        a = new Answer(502, new byte[0]);
      } catch (IOException e) {
        a = new Answer(502, new byte[0]);
      }
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      if (a.body().length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(a.body());
        }
      }
    }
  }

  private Answer forward(Delivery d) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.target())).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
    d.headers().forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.body());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
