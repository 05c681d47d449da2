package io.streamcert.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server that accepts connections and never answers fails every check; the run still ends. */
class HangingTargetTest {

  @Test
  void everyCheckFailsWithinItsBoundAgainstAServerThatNeverAnswers() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(silent.accept());
        } catch (Exception closed) {
          // the socket closed: the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ConformanceReport report = ConformanceRunner.builder()
          .target(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
          .longPollTimeout(Duration.ofMillis(200))
          .readTimeout(Duration.ofMillis(300))
          .checkTimeout(Duration.ofSeconds(5))
          .only("CreateChecks")
          .build()
          .run();
      assertThat(report.checks()).isNotEmpty();
      assertThat(report.count(CheckStatus.PASS)).isZero();
      assertThat(report.failures()).hasSameSizeAs(report.checks());
      assertThat(report.failures()).allSatisfy(f -> assertThat(f.message()).containsIgnoringCase("response"));
    } finally {
      for (Socket s : held) s.close();
    }
  }
}
