package io.streamcert.client.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  private static final RawRequest GET = RawRequest.builder("GET", "/v1/stream/s").build();

  @Test
  void readsABodyDelimitedByContentLengthAndLeavesWhatFollows() throws Exception {
    try (CannedServer server = CannedServer.replying(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA")) {
      RawResponse response = server.client().send(GET);

      assertThat(response.version()).isEqualTo("HTTP/1.1");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.reason()).isEqualTo("OK");
      assertThat(response.header("content-type")).contains("text/plain");
      assertThat(response.bodyText()).isEqualTo("hello");
    }
  }

  @Test
  void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\nA\r\n, chunked!\r\n0\r\nTrailer-A: x\r\n\r\n")) {
      RawResponse response = server.client().send(GET);

      assertThat(response.bodyText()).isEqualTo("hello, chunked!");
    }
  }

  @Test
  void readsABodyWithoutLengthUntilTheServerCloses() throws Exception {
    try (CannedServer server = CannedServer.replyingThenClosing("HTTP/1.0 200 OK\r\n\r\nuntil\r\nclose")) {
      RawResponse response = server.client().send(GET);

      assertThat(response.version()).isEqualTo("HTTP/1.0");
      assertThat(response.bodyText()).isEqualTo("until\r\nclose");
    }
  }

  @Test
  void keepsDuplicateHeadersInOrderAndLooksThemUpIgnoringCase() throws Exception {
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nX-A: 1\r\nx-b: 2\r\nX-a: 3\r\n"
        + "Folded: one\r\n two\r\nContent-Length: 0\r\n\r\n")) {
      RawResponse response = server.client().send(GET);

      assertThat(response.headers()).containsExactly(new RawHeader("X-A", "1"), new RawHeader("x-b", "2"),
          new RawHeader("X-a", "3"), new RawHeader("Folded", "one two"), new RawHeader("Content-Length", "0"));
      assertThat(response.headers("x-a")).containsExactly("1", "3");
      assertThat(response.header("X-B")).contains("2");
      assertThat(response.header("absent")).isEmpty();
      assertThat(response.headers("absent")).isEmpty();
    }
  }

  @Test
  void aResponseToHeadHasNoBodyWhateverItsContentLength() throws Exception {
    // The server keeps the connection open: reading 5 body bytes would time out.
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")) {
      RawResponse response = server.client().send(RawRequest.builder("HEAD", "/v1/stream/s").build());

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Length")).contains("5");
      assertThat(response.body()).isEmpty();
    }
  }

  @Test
  void responses204And304HaveNoBody() throws Exception {
    for (String status : new String[] {"204 No Content", "304 Not Modified"}) {
      try (CannedServer server = CannedServer.replying("HTTP/1.1 " + status + "\r\nContent-Length: 9\r\n\r\n")) {
        RawResponse response = server.client().send(GET);

        assertThat(response.status()).isEqualTo(Integer.parseInt(status.substring(0, 3)));
        assertThat(response.body()).isEmpty();
      }
    }
  }

  @Test
  void skipsInterimContinueResponses() throws Exception {
    try (CannedServer server = CannedServer.replying(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")) {
      RawResponse response = server.client().send(GET);

      assertThat(response.status()).isEqualTo(201);
      assertThat(response.bodyText()).isEqualTo("ok");
    }
  }

  @Test
  void writesTheRequestBytesExactlyAsEncoded() throws Exception {
    RawRequest request = RawRequest.builder("PUT", "/v1/stream/%2e%2e/a\0b")
        .header("stream-ttl", "1")
        .header("Stream-TTL", "2")
        .chunked("ab", "c")
        .build();
    try (CannedServer server = CannedServer.replying("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
      server.client().send(request);

      assertThat(server.received()).isEqualTo(request.encode("127.0.0.1:" + server.port()));
      assertThat(server.receivedText()).startsWith("PUT /v1/stream/%2e%2e/a\0b HTTP/1.1\r\nHost: 127.0.0.1:");
    }
  }

  @Test
  void aSilentServerTimesOutWithATypedException() throws Exception {
    try (CannedServer server = CannedServer.start(CannedServer.Connection::readHead)) {
      RawHttp client = server.client().withReadTimeout(Duration.ofMillis(200));

      assertThatThrownBy(() -> client.send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.TIMED_OUT))
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageContaining("GET /v1/stream/s")
          .hasMessageContaining("within 200ms");
    }
  }

  @Test
  void aServerThatTricklesItsBodyPastTheDeadlineTimesOut() throws Exception {
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")) {
      RawHttp client = server.client().withReadTimeout(Duration.ofMillis(200));

      assertThatThrownBy(() -> client.send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.TIMED_OUT));
    }
  }

  @Test
  void aConnectionClosedBeforeTheStatusLineIsReportedAsClosed() throws Exception {
    try (CannedServer server = CannedServer.start(c -> {
      c.readHead();
      c.endOutput();
    })) {
      assertThatThrownBy(() -> server.client().send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.CLOSED))
          .hasMessageContaining("before the status line");
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsReportedAsClosed() throws Exception {
    try (CannedServer server = CannedServer.replyingThenClosing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")) {
      assertThatThrownBy(() -> server.client().send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.CLOSED))
          .hasMessageContaining("after 4 of 10 body bytes");
    }
  }

  @Test
  void bytesThatAreNotAStatusLineAreReportedAsMalformed() throws Exception {
    try (CannedServer server = CannedServer.replyingThenClosing("hello, I am not HTTP\r\n\r\n")) {
      assertThatThrownBy(() -> server.client().send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.MALFORMED_RESPONSE))
          .hasMessageContaining("hello, I am not HTTP");
    }
  }

  @Test
  void conflictingContentLengthsAreReportedAsMalformed() throws Exception {
    try (CannedServer server = CannedServer.replying(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")) {
      assertThatThrownBy(() -> server.client().send(GET))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.MALFORMED_RESPONSE))
          .hasMessageContaining("conflicting");
    }
  }

  @Test
  void aRefusedConnectionIsReportedAsConnectFailed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RawHttp client = RawHttp.to("127.0.0.1", port);

    assertThatThrownBy(() -> client.send(GET))
        .isInstanceOfSatisfying(RawHttpException.class,
            e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.CONNECT_FAILED))
        .hasMessageContaining("127.0.0.1:" + port)
        .hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void hearsAnEarlyAnswerToALargeBodyTheServerNeverReads() throws Exception {
    byte[] large = new byte[4 * 1024 * 1024];
    Arrays.fill(large, (byte) 'x');
    try (CannedServer server = CannedServer.start(c -> {
      c.readHead();
      c.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big\n");
      c.abort();
    })) {
      RawResponse response = server.client().send(RawRequest.builder("POST", "/v1/stream/s").body(large).build());

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.firstBodyLine()).isEqualTo("too big");
    }
  }

  @Test
  void aResetEndsACloseDelimitedBodyLikeAClose() throws Exception {
    byte[] unread = new byte[4 * 1024];
    try (CannedServer server = CannedServer.start(c -> {
      c.readHead();
      c.write("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\nheaders too large");
      c.abort();
    })) {
      RawResponse response = server.client().send(RawRequest.builder("POST", "/v1/stream/s").body(unread).build());

      assertThat(response.status()).isEqualTo(431);
      assertThat(response.bodyText()).isEqualTo("headers too large");
    }
  }

  @Test
  void takesHostAndPortFromAnOrigin() {
    RawHttp client = RawHttp.to(URI.create("http://[::1]:4437"));

    assertThat(client.host()).isEqualTo("::1");
    assertThat(client.port()).isEqualTo(4437);
    assertThatThrownBy(() -> RawHttp.to(URI.create("https://example.test")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://example.test");
  }

  @Test
  void rejectsNonPositiveTimeoutsNamingTheValue() {
    assertThatThrownBy(() -> RawHttp.to("127.0.0.1", 80).withReadTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read timeout was PT0S");
  }

  @Test
  void aResponseBodyIsCopiedInAndOut() {
    byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
    RawResponse response = new RawResponse("HTTP/1.1", 200, "OK", java.util.List.of(), body);
    body[0] = 'z';
    response.body()[1] = 'z';

    assertThat(response.bodyText()).isEqualTo("abc");
    assertThat(response).isEqualTo(new RawResponse("HTTP/1.1", 200, "OK", java.util.List.of(), "abc".getBytes()));
  }
}
