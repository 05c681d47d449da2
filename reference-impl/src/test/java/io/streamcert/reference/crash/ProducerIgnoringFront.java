package io.streamcert.reference.crash;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A mutant front for the chaos tests: forwards every request to a real server but strips the
 * idempotent-producer headers (so retries are not deduplicated), and drops the connection instead
 * of answering one append in ten after the server committed it (so clients see unknown outcomes
 * and retry). A workload with retrying producers must then show duplicates.
 */
final class ProducerIgnoringFront {

  private static final Set<String> NOT_FORWARDED = Set.of(
      "host", "content-length", "connection", "transfer-encoding", "expect", "upgrade",
      "producer-id", "producer-epoch", "producer-seq");
  private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection");

  private ProducerIgnoringFront() {}

  static HttpServer start(int port, URI upstream, long seed) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Random random = new Random(seed);
    HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    front.setExecutor(Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "producer-ignoring-front");
      t.setDaemon(true);
      return t;
    }));
    front.createContext("/", exchange -> forward(exchange, client, upstream, random));
    front.start();
    return front;
  }

  private static void forward(HttpExchange exchange, HttpClient client, URI upstream, Random random) {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofSeconds(40))
          .method(exchange.getRequestMethod(), body.length == 0
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        if (NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
        for (String v : h.getValue()) b.header(h.getKey(), v);
      }
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      boolean drop;
      synchronized (random) {
        drop = exchange.getRequestMethod().equals("POST") && r.statusCode() / 100 == 2 && random.nextInt(10) == 0;
      }
      if (drop) return; // the append is committed; the client never hears so
      r.headers().map().forEach((k, vs) -> {
        if (!NOT_RETURNED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
          vs.forEach(v -> exchange.getResponseHeaders().add(k, v));
        }
      });
      byte[] out = r.body();
      boolean noBody = r.statusCode() == 204 || r.statusCode() == 304 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(r.statusCode(), noBody ? -1 : (out.length == 0 ? -1 : out.length));
      if (!noBody && out.length > 0) exchange.getResponseBody().write(out);
    } catch (IOException e) {
      // the client or the server went away; the exchange closes either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
