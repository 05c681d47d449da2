package io.streamcert.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.DataSize;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handler rules over real HTTP, with a small chunk size and short live timeouts. */
class HandlersTest {

  private static ReferenceServer server;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger NAMES = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    server = ReferenceServer.start(ServerConfig.builder()
        .port(0)
        .maxChunk(DataSize.ofBytes(4))
        .maxBody(DataSize.ofKilobytes(64))
        .longPollTimeout(Duration.ofMillis(300))
        .sseReconnectInterval(Duration.ofMillis(700))
        .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String path) {
    return server.baseUri() + ReferenceServer.STREAM_ROOT + path;
  }

  private static String fresh() {
    return "h-" + NAMES.incrementAndGet();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> put(String name, String type, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url(name))).header("Content-Type", type)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> post(String name, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(name))).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b);
  }

  private static HttpResponse<String> get(String nameAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(nameAndQuery))).GET();
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b);
  }

  @Test
  void paginationMarksOnlyTheChunkThatReachesTheTailUpToDate() throws Exception {
    String s = fresh();
    put(s, "text/plain", "abcdefghij");
    StringBuilder all = new StringBuilder();
    String offset = "-1";
    int pages = 0;
    while (true) {
      HttpResponse<String> r = get(s + "?offset=" + offset);
      assertThat(r.statusCode()).isEqualTo(200);
      all.append(r.body());
      pages++;
      offset = r.headers().firstValue("Stream-Next-Offset").orElseThrow();
      boolean upToDate = r.headers().firstValue("Stream-Up-To-Date").isPresent();
      if (upToDate) break;
      assertThat(r.body()).hasSize(4);
      assertThat(pages).isLessThan(10);
    }
    assertThat(all.toString()).isEqualTo("abcdefghij");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void catchUpIsPubliclyCacheableWhileHeadAndNowAreNot() throws Exception {
    String s = fresh();
    put(s, "text/plain", "x");
    assertThat(get(s + "?offset=-1").headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=60, stale-while-revalidate=300");
    assertThat(get(s + "?offset=now").headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(url(s))).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void etagChangesOnClosureAndMatchesGiveNotModified() throws Exception {
    String s = fresh();
    put(s, "text/plain", "ab");
    String open = get(s + "?offset=-1").headers().firstValue("ETag").orElseThrow();
    assertThat(get(s + "?offset=-1", "If-None-Match", open).statusCode()).isEqualTo(304);
    post(s, "", "Stream-Closed", "TRUE");
    HttpResponse<String> closed = get(s + "?offset=-1");
    assertThat(closed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(open).endsWith(":c\"");
    assertThat(closed.headers().firstValue("Stream-Closed")).hasValue("true");
    assertThat(get(s + "?offset=-1", "If-None-Match", open).statusCode()).isEqualTo(200);
  }

  @Test
  void streamClosedIsCaseInsensitiveAndOtherValuesMeanAbsent() throws Exception {
    String s = fresh();
    put(s, "text/plain", "");
    assertThat(post(s, "a", "Stream-Closed", "false").headers().firstValue("Stream-Closed")).isEmpty();
    assertThat(post(s, "b", "Stream-Closed", "yes").statusCode()).isEqualTo(204);
    assertThat(post(s, "c", "Stream-Closed", "True").headers().firstValue("Stream-Closed")).hasValue("true");
  }

  @Test
  void bodiesAboveMaxBodyGet413() throws Exception {
    String s = fresh();
    put(s, "text/plain", "");
    HttpResponse<String> r = post(s, "x".repeat(65 * 1024));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void preflightAllowsIfNoneMatch() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("any")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://example.test")
        .header("Access-Control-Request-Method", "GET"));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("if-none-match");
  }

  @Test
  void longPollTimesOutWith204AndTheRequiredHeaders() throws Exception {
    String s = fresh();
    HttpResponse<String> created = put(s, "text/plain", "a");
    String tail = created.headers().firstValue("Stream-Next-Offset").orElseThrow();
    HttpResponse<String> r = get(s + "?offset=" + tail + "&live=long-poll");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Stream-Next-Offset")).hasValue(tail);
    assertThat(r.headers().firstValue("Stream-Up-To-Date")).hasValue("true");
    assertThat(r.headers().firstValue("Stream-Cursor").orElseThrow()).matches("\\d+");
  }

  @Test
  void sseConnectionEndsAfterTheReconnectInterval() throws Exception {
    String s = fresh();
    put(s, "application/octet-stream", "");
    HttpResponse<InputStream> r = CLIENT.send(
        HttpRequest.newBuilder(URI.create(url(s + "?offset=-1&live=sse"))).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Stream-SSE-Data-Encoding")).hasValue("base64");
    // readAllBytes returns only once the server ends the response; the request timeout bounds it.
    String events = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(events).startsWith("event: control\n").contains("\"upToDate\":true");
  }

  @Test
  void sseSendsAControlEventAfterEveryDataEventAndEndsWhenClosed() throws Exception {
    String s = fresh();
    put(s, "text/plain", "one\r\ntwo");
    post(s, "", "Stream-Closed", "true");
    HttpResponse<String> r = get(s + "?offset=-1&live=sse");
    // The 8-byte record exceeds the 4-byte chunk size but is never split: events decode one by one.
    assertThat(r.body()).isEqualTo(
        "event: data\ndata:one\ndata:two\n\n"
            + "event: control\ndata:{\"streamNextOffset\":\"0000000000000000_0000000000000008\",\"streamClosed\":true,\"upToDate\":true}\n\n");
  }

  @Test
  void sseCatchUpPairsEachDataEventWithAControlEvent() throws Exception {
    String s = fresh();
    put(s, "text/plain", "abcd");
    post(s, "efgh");
    HttpResponse<InputStream> r = CLIENT.send(
        HttpRequest.newBuilder(URI.create(url(s + "?offset=-1&live=sse"))).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    String events = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(events).startsWith("event: data\ndata:abcd\n\nevent: control\ndata:{\"streamNextOffset\":\"0000000000000000_0000000000000004\"");
    assertThat(events).contains("event: data\ndata:efgh\n\nevent: control\ndata:{\"streamNextOffset\":\"0000000000000000_0000000000000008\"");
  }

  @Test
  void unknownMethodsGet405WithAllow() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url(fresh())))
        .method("PATCH", HttpRequest.BodyPublishers.ofString("x")));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).isPresent();
    assertThat(r.body()).contains("PATCH");
  }
}
