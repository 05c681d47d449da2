package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code serve} in this JVM against the real reference server.
 *
 * <p>The timeout is a guard against a hung server, not a speed requirement.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeCommandTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+) ");

  @Test
  void servesOnThePrintedUrlUntilInterrupted() throws Exception {
    PipedReader pipe = new PipedReader();
    PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
    StringWriter err = new StringWriter();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread serve =
        new Thread(
            () -> {
              // Closing the pipe ends the reader's wait even when serve fails before printing.
              try (out) {
                exitCode.set(
                    Main.run(
                        out,
                        new PrintWriter(err, true),
                        "serve", "--port", "0", "--long-poll-timeout", "500ms"));
              }
            },
            "streamcert-serve-under-test");
    serve.start();
    BufferedReader lines = new BufferedReader(pipe);
    StringBuilder rest = new StringBuilder();
    try {
      String first = lines.readLine();
      assertThat(first).as("first line of serve (stderr: %s)", err).isNotNull();
      Matcher url = LISTENING.matcher(first);
      assertThat(url.find()).as("'%s' names the URL it listens on", first).isTrue();
      URI base = URI.create(url.group(1));
      assertThat(first).contains("streams under /v1/stream/");
      assertThat(base.getPort()).as("the real port, not 0").isPositive();
      try (Socket client = new Socket(base.getHost(), base.getPort())) {
        assertThat(client.isConnected()).isTrue();
      }
    } finally {
      serve.interrupt();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        rest.append(line).append('\n');
      }
      serve.join();
    }

    assertThat(exitCode.get()).as("exit code (stderr: %s)", err).isZero();
    assertThat(rest.toString())
        .contains("long-poll timeout 500ms")
        .contains("streamcert reference server stopped");
  }

  @Test
  void portInUseIsAOneLineUsageError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      CliRun run = CliRun.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(port));

      assertThat(run.exitCode()).as("exit code (stderr: %s)", run.err()).isEqualTo(2);
      assertThat(run.err().strip())
          .doesNotContain("\n")
          .contains("port " + port)
          .contains("--port 0");
      assertThat(run.out()).doesNotContain("listening");
    }
  }
}
