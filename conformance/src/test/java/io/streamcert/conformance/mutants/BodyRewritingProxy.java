package io.streamcert.conformance.mutants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server that breaks a rule in what its bodies say: an HTTP proxy on a free loopback port that
 * buffers each exchange and lets a {@link Rewrite} change the request and the response body. For
 * the request/response checks of the subscription API, which need no streaming (the {@link
 * MutantProxy} streams, but changes heads only).
 */
final class BodyRewritingProxy implements AutoCloseable {

  /** One exchange as it passes; both methods may return their input unchanged. */
  interface Rewrite {
    default Exchange request(Exchange request) {
      return request;
    }

    default String response(Exchange request, int status, String body) {
      return body;
    }
  }

  /** A buffered request: method, path with query, headers (lower-case names) and body. */
  record Exchange(String method, String uri, Map<String, String> headers, String body) {
    Exchange withBody(String b) {
      return new Exchange(method, uri, headers, b);
    }

    Exchange withHeader(String name, String value) {
      Map<String, String> h = new TreeMap<>(headers);
      h.put(name.toLowerCase(Locale.ROOT), value);
      return new Exchange(method, uri, h, body);
    }
  }

  private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade",
      "keep-alive", "date");

  private final URI upstream;
  private final Rewrite rewrite;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "streamcert-body-rewriting-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  BodyRewritingProxy(URI upstream, Rewrite rewrite) throws IOException {
    this.upstream = upstream;
    this.rewrite = rewrite;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] in;
      try (InputStream is = ex.getRequestBody()) {
        in = is.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
      Exchange req = rewrite.request(new Exchange(ex.getRequestMethod(), ex.getRequestURI().toString(), headers,
          new String(in, StandardCharsets.UTF_8)));
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream.toString() + req.uri())).timeout(Duration.ofSeconds(30))
          .method(req.method(), req.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(req.body()));
      req.headers().forEach((k, v) -> {
        if (!HOP.contains(k)) b.header(k, v);
      });
      HttpResponse<byte[]> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      String body = rewrite.response(req, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      r.headers().map().forEach((k, v) -> {
        if (!HOP.contains(k.toLowerCase(Locale.ROOT))) ex.getResponseHeaders().put(k, List.copyOf(v));
      });
      boolean noBody = r.statusCode() == 204 || r.statusCode() == 304 || req.method().equals("HEAD");
      ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : (out.length == 0 ? -1 : out.length));
      if (!noBody && out.length > 0) {
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
