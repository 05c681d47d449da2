package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.conformance.official.OfficialNodeServerException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the pinned official Node server for real (installing it into the default cache on first
 * use) and talks to it over HTTP. Skipped, naming what to install, when Node is missing.
 */
@EnabledOnOs(
    value = {OS.LINUX, OS.MAC},
    disabledReason = "checks the process table with ps")
class OfficialNodeServerTest {

  private static final Duration LONG_POLL = Duration.ofMillis(500);

  /** Scheduling slack on top of the long-poll timeout; generous for a loaded CI machine. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  @AfterEach
  void leavesNoNodeProcessBehind() throws Exception {
    for (ProcessHandle child : nodeChildren()) {
      assertThat(Ps.awaitGone(child.pid(), Duration.ofSeconds(10)))
          .as("node child process %d still runs after the test", child.pid())
          .isTrue();
    }
  }

  @Test
  void aStreamRoundTripsThroughTheOfficialServer() throws Exception {
    try (OfficialNodeServer server = start(builder())) {
      URI stream = server.baseUri().resolve("/v1/stream/round-trip");

      HttpResponse<String> created = send(put(stream));
      HttpResponse<String> appended = send(post(stream, "hello"));
      HttpResponse<String> read = send(get(stream, "offset=-1"));

      assertThat(created.statusCode()).as("PUT creates the stream").isEqualTo(201);
      assertThat(appended.statusCode()).as("POST appends").isEqualTo(204);
      assertThat(read.statusCode()).as("GET from the start").isEqualTo(200);
      assertThat(read.body()).as("GET returns what was appended").isEqualTo("hello");
      assertThat(read.headers().firstValue("Stream-Next-Offset"))
          .isEqualTo(appended.headers().firstValue("Stream-Next-Offset"));
    }
  }

  @Test
  void aLongPollAtTheTailAnswers204AfterTheConfiguredTimeout() throws Exception {
    try (OfficialNodeServer server = start(builder().longPollTimeout(LONG_POLL))) {
      URI stream = server.baseUri().resolve("/v1/stream/long-poll");
      String tail = send(put(stream)).headers().firstValue("Stream-Next-Offset").orElseThrow();

      long started = System.nanoTime();
      HttpResponse<String> idle = send(get(stream, "offset=" + tail + "&live=long-poll"));
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      assertThat(idle.statusCode()).as("long-poll with no new data").isEqualTo(204);
      assertThat(waited)
          .as(
              "the long-poll waits the configured %dms, not the server's 30s default",
              LONG_POLL.toMillis())
          .isBetween(LONG_POLL.minusMillis(100), LONG_POLL.plus(MARGIN));
    }
  }

  @Test
  void closeEndsTheProcessAndFreesThePort() throws Exception {
    OfficialNodeServer server = start(builder());
    long pid = server.pid();
    int port = server.port();
    assertThat(Ps.state(pid)).as("ps -p %d while running", pid).isPresent();

    server.close();

    assertThat(server.isAlive()).isFalse();
    assertThat(Ps.state(pid)).as("ps -p %d after close", pid).isEmpty();
    assertThat(Files.readString(server.logFile()))
        .as("the server stopped on SIGTERM rather than being killed")
        .contains("STOPPED (SIGTERM)");
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).as("port %d is free again", port).isEqualTo(port);
    }
  }

  @Test
  void aTakenPortFailsTheStartNamingThePortAndTheFix() throws Exception {
    assumeNode();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      OfficialNodeServer.Builder builder = builder().port(port);
      assertThatThrownBy(builder::start)
          .isInstanceOfSatisfying(
              OfficialNodeServerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.EXITED))
          .hasMessageContaining("@durable-streams/server@0.3.7")
          .hasMessageContaining("exited with code 2 before it was ready")
          .hasMessageContaining("EADDRINUSE")
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("use port(0) to let the system pick one");
    }
  }

  @Test
  void theFileBackedStoreKeepsStreamsAcrossARestart() throws Exception {
    Path data = tmp.resolve("data");
    URI stream;
    try (OfficialNodeServer first = start(builder().dataDir(data))) {
      stream = URI.create("/v1/stream/durable");
      send(put(first.baseUri().resolve(stream)));
      send(post(first.baseUri().resolve(stream), "kept"));
    }

    try (OfficialNodeServer second = start(builder().dataDir(data))) {
      HttpResponse<String> read = send(get(second.baseUri().resolve(stream), "offset=-1"));

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).as("data written before the restart").isEqualTo("kept");
    }
  }

  @Test
  void startReportsEveryInvalidSettingAtOnce() {
    assertThatThrownBy(
            () ->
                OfficialNodeServer.builder()
                    .longPollTimeout(Duration.ZERO)
                    .port(70000)
                    .startTimeout(Duration.ofSeconds(-1))
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longPollTimeout was 0ms but must be at least 1ms")
        .hasMessageContaining("port was 70000 but must be between 1 and 65535, or 0")
        .hasMessageContaining("outputDirectory is required")
        .hasMessageContaining("startTimeout was -1000ms but must be positive");
  }

  private OfficialNodeServer.Builder builder() {
    return OfficialNodeServer.builder().outputDirectory(tmp.resolve("out"));
  }

  private static OfficialNodeServer start(OfficialNodeServer.Builder builder) throws IOException {
    assumeNode();
    return builder.start();
  }

  private static void assumeNode() {
    Optional<String> toolchain = OfficialNodeServer.toolchainProblem();
    assumeTrue(
        toolchain.isEmpty(),
        () -> "official Node server not started, Node is needed: " + toolchain.orElse(""));
  }

  private static HttpRequest put(URI stream) {
    return HttpRequest.newBuilder(stream)
        .header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private static HttpRequest post(URI stream, String body) {
    return HttpRequest.newBuilder(stream)
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpRequest get(URI stream, String query) {
    return HttpRequest.newBuilder(URI.create(stream + "?" + query))
        .timeout(LONG_POLL.plus(MARGIN).plus(MARGIN))
        .GET()
        .build();
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static List<ProcessHandle> nodeChildren() {
    try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
      return children
          .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false))
          .toList();
    }
  }
}
