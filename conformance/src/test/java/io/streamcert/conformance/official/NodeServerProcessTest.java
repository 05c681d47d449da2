package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.conformance.official.OfficialNodeServerException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Drives the process lifecycle with {@code sh} standing in for the Node launcher. */
@EnabledOnOs(
    value = {OS.LINUX, OS.MAC},
    disabledReason = "the stand-in server is a sh command")
class NodeServerProcessTest {

  private static final Duration GONE_WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void startReturnsOnceTheReadyPortAcceptsConnections() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = listening.getLocalPort();
      NodeServerProcess server = start("echo booting; echo READY " + port + "; exec sleep 600");
      try {
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.isAlive()).isTrue();
        assertThat(Files.readString(server.log())).contains("booting", "READY " + port);
      } finally {
        server.stop(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void stopKillsTheWholeProcessTree() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = listening.getLocalPort();
      // The shell ignores SIGTERM, so only the forced kill of the tree ends it and its child.
      NodeServerProcess server =
          start(
              "trap '' TERM; sleep 600 & echo $! > " + pidFile + "; echo READY " + port + "; wait");
      long grandchild = Long.parseLong(Files.readString(pidFile).strip());

      server.stop(Duration.ofMillis(200));

      assertThat(server.isAlive()).isFalse();
      assertThat(Ps.state(server.pid())).as("ps -p %d after stop", server.pid()).isEmpty();
      assertThat(Ps.awaitGone(grandchild, GONE_WITHIN))
          .as("the grandchild sleep (pid %d) was killed with its parent", grandchild)
          .isTrue();
    }
  }

  @Test
  void anExitBeforeReadyNamesTheExitCodeAndShowsTheLogTail() {
    String failure =
        "echo 'FAILED to start: Error: listen EADDRINUSE: address already in use"
            + " 127.0.0.1:4437' >&2; exit 2";
    assertThatThrownBy(() -> start(failure))
        .isInstanceOfSatisfying(
            OfficialNodeServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.EXITED))
        .hasMessageContaining("the stand-in server (pid ")
        .hasMessageContaining("exited with code 2 before it was ready")
        .hasMessageContaining("last lines of " + dir.resolve("server.log"))
        .hasMessageContaining("listen EADDRINUSE: address already in use 127.0.0.1:4437")
        .hasMessageContaining("use port(0) to let the system pick one");
  }

  @Test
  void aServerThatNeverPrintsReadyIsKilledAfterTheStartTimeout() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    String hanging = "echo still booting; sleep 600 & echo $! > " + pidFile + "; wait";
    assertThatThrownBy(() -> start(hanging, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            OfficialNodeServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
        .hasMessageContaining("did not print READY within 1000ms and was killed")
        .hasMessageContaining("still booting")
        .hasMessageContaining("OfficialNodeServer.Builder.startTimeout");
    long grandchild = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(Ps.awaitGone(grandchild, GONE_WITHIN))
        .as("the grandchild sleep (pid %d) was killed with the server", grandchild)
        .isTrue();
  }

  @Test
  void readyWithoutAListeningPortIsNotReady() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    assertThatThrownBy(
            () -> start("echo READY " + closedPort + "; exec sleep 600", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            OfficialNodeServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
        .hasMessageContaining("printed READY " + closedPort)
        .hasMessageContaining("refused connections");
  }

  private NodeServerProcess start(String script) throws IOException {
    return start(script, Duration.ofSeconds(30));
  }

  private NodeServerProcess start(String script, Duration readyTimeout) throws IOException {
    return NodeServerProcess.start(
        "the stand-in server",
        List.of("sh", "-c", script),
        dir,
        dir.resolve("server.log"),
        readyTimeout);
  }
}
