package io.streamcert.client.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RawExchangeTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration BRIEF = Duration.ofMillis(100);
  private static final RawRequest SSE = RawRequest.builder("GET", "/v1/stream/s?offset=-1&live=sse").build();

  private static String chunk(String data) {
    return Integer.toHexString(data.getBytes(StandardCharsets.ISO_8859_1).length) + "\r\n" + data + "\r\n";
  }

  @Test
  void returnsTheHeadBeforeTheBodyArrivesAndThenReadsLinesAsTheyCome() throws Exception {
    CountDownLatch more = new CountDownLatch(1);
    try (CannedServer server = CannedServer.start(c -> {
      c.readHead();
      c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
      c.write(chunk("event: data\ndata: o") + chunk("ne\n\ndata: tw"));
      more.await(10, TimeUnit.SECONDS);
      c.write(chunk("o\r\n") + "0\r\n\r\n");
    });
        RawExchange exchange = server.client().open(SSE)) {
      assertThat(exchange.status()).isEqualTo(200);
      assertThat(exchange.header("content-type")).contains("text/event-stream");
      assertThat(exchange.readLine(WAIT)).contains("event: data");
      assertThat(exchange.readLine(WAIT)).contains("data: one");
      assertThat(exchange.readLine(WAIT)).contains("");

      assertThatThrownBy(() -> exchange.readLine(BRIEF))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.TIMED_OUT));
      more.countDown();

      // The half line from before the timeout is still there.
      assertThat(exchange.readLine(WAIT)).contains("data: two");
      assertThat(exchange.readLine(WAIT)).isEmpty();
    }
  }

  @Test
  void splitsLinesOnLfCrlfAndLoneCrEvenWhenCrlfIsSplitAcrossReads() throws Exception {
    CountDownLatch more = new CountDownLatch(1);
    try (CannedServer server = CannedServer.start(c -> {
      c.readHead();
      c.write("HTTP/1.1 200 OK\r\n\r\n");
      c.write("a\nb\r\nc\rd\r");
      more.await(10, TimeUnit.SECONDS);
      c.write("\ne");
      c.endOutput();
    });
        RawExchange exchange = server.client().open(SSE)) {
      assertThat(exchange.readLine(WAIT)).contains("a");
      assertThat(exchange.readLine(WAIT)).contains("b");
      assertThat(exchange.readLine(WAIT)).contains("c");
      assertThat(exchange.readLine(WAIT)).contains("d");
      more.countDown();
      assertThat(exchange.readLine(WAIT)).contains("e");
      assertThat(exchange.readLine(WAIT)).isEmpty();
    }
  }

  @Test
  void readsBodyBytesInPiecesUpToTheLimitAndReportsTheEnd() throws Exception {
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef");
        RawExchange exchange = server.client().open(SSE)) {
      assertThat(new String(exchange.read(4, WAIT), StandardCharsets.US_ASCII)).isEqualTo("abcd");
      assertThat(new String(exchange.readToEnd(WAIT), StandardCharsets.US_ASCII)).isEqualTo("ef");
      assertThat(exchange.read(4, WAIT)).isEmpty();
      assertThat(exchange.readLine(WAIT)).isEmpty();
    }
  }

  @Test
  void readingAfterCloseIsReportedAsClosed() throws Exception {
    try (CannedServer server = CannedServer.replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) {
      RawExchange exchange = server.client().open(SSE);
      exchange.close();

      assertThatThrownBy(() -> exchange.readLine(WAIT))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.CLOSED));
    }
  }

  @Test
  void aSilentServerTimesOutBeforeTheHead() throws Exception {
    try (CannedServer server = CannedServer.start(CannedServer.Connection::readHead)) {
      RawHttp client = server.client().withReadTimeout(BRIEF);

      assertThatThrownBy(() -> client.open(SSE))
          .isInstanceOfSatisfying(RawHttpException.class,
              e -> assertThat(e.kind()).isEqualTo(RawHttpException.Kind.TIMED_OUT))
          .hasMessageContaining("response head");
    }
  }
}
