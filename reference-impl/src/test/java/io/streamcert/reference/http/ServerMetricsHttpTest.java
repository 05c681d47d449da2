package io.streamcert.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server-wide samples of {@code /metrics}, which every storage serves, move with traffic. */
class ServerMetricsHttpTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> send(URI uri, String method, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "text/plain");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void memoryStorageCountsRequestsAppendsAndBytes() throws Exception {
    try (ReferenceServer s = ReferenceServer.start(ServerConfig.builder().port(0).storage(ServerConfig.Storage.MEMORY).build())) {
      URI metrics = s.baseUri().resolve("/metrics");
      URI stream = URI.create(s.baseUri() + ReferenceServer.STREAM_ROOT + "m");
      assertThat(send(stream, "PUT", "").statusCode()).isEqualTo(201);
      for (int i = 0; i < 3; i++) assertThat(send(stream, "POST", "abcd").statusCode()).isEqualTo(204);
      HttpResponse<String> page = send(metrics, "GET", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(page.body()).contains("streamcert_append_requests_total 3\n")
          .contains("streamcert_append_request_bytes_total 12\n")
          .contains("streamcert_http_requests_total{method=\"PUT\"} 1\n")
          .contains("streamcert_http_requests_total{method=\"POST\"} 3\n");
      for (String line : page.body().split("\n")) {
        assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [0-9.eE+-]+");
      }
    }
  }
}
