package io.streamcert.reference.subs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends webhook POSTs without blocking the caller. */
public interface WebhookTransport {

  /** A receiver's answer. */
  record Response(int status, byte[] body) {}

  /** POSTs {@code body}; completes exceptionally on connection failures and timeouts. */
  CompletableFuture<Response> post(URI url, Map<String, String> headers, byte[] body);

  /**
   * The JDK HTTP client: 5 s to connect, 10 s for the whole answer, redirects never followed (a
   * redirect could lead past the URL policy).
   */
  static WebhookTransport httpClient() {
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    return (url, headers, body) -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(b::header);
      return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(r -> new Response(r.statusCode(), r.body()));
    };
  }
}
