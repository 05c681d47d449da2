package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the driver reports when the target misbehaves: counted errors by kind, never a hang. */
class DriverFailuresTest {

  /**
   * A server that answers the first {@code answered} requests with 201 (the stream creates), then
   * reads requests and never answers them.
   */
  private static final class SilentServer implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> held = new ArrayList<>();
    final Thread acceptor;

    SilentServer(int answered) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        int left = answered;
        try {
          while (true) {
            Socket s = socket.accept();
            synchronized (held) {
              held.add(s);
            }
            if (left-- > 0) answerOne(s);
          }
        } catch (IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void answerOne(Socket s) throws IOException {
      InputStream in = s.getInputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) return;
        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      }
      OutputStream out = s.getOutputStream();
      out.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.close();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/stream/");
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (held) {
        for (Socket s : held) s.close();
      }
    }
  }

  @Test
  void requestsThatGetNoAnswerAreCountedAsTimeoutsAndTheRunEnds() throws Exception {
    Workload w = Workload.builder("silent", WorkloadType.APPEND)
        .rate(20).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).timeout(Duration.ofMillis(300)).build();
    try (SilentServer server = new SilentServer(1)) {
      RunResult r = Driver.run(server.uri(), w, null);

      assertThat(r.scheduled()).isEqualTo(20);
      assertThat(r.ok()).isZero();
      assertThat(r.errors()).isEqualTo(20);
      assertThat(r.errorRate()).isEqualTo(1.0);
      assertThat(r.primary().errorKinds()).containsEntry("timeout", 20L);
      assertThat(r.primary().latency().count()).isZero();
    }
  }

  @Test
  void aTargetThatIsNotListeningFailsBeforeTheRun() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Workload w = Workload.builder("nobody", WorkloadType.APPEND).rate(10).duration(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> Driver.run(URI.create("http://127.0.0.1:" + port + "/v1/stream/"), w, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("connect: ConnectException")
        .hasMessageContaining("is the target running and reachable?");
  }

  @Test
  void aTargetThatIsNotHttpIsNamed() {
    assertThatThrownBy(() -> Driver.run(URI.create("https://127.0.0.1:1/v1/stream/"),
            Workload.builder("tls", WorkloadType.APPEND).rate(10).build(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the driver speaks plain HTTP/1.1");
  }
}
