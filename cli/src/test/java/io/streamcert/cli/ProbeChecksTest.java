package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeChecksTest {

  @TempDir Path dir;

  enum Metrics { COUNTING, STATIC, MALFORMED }

  /** A tiny stream server on 127.0.0.1 whose health, metrics and error bodies each can break their rule. */
  static final class Fake implements AutoCloseable {
    final HttpServer server;
    final Set<String> streams = ConcurrentHashMap.newKeySet();
    final AtomicLong requests = new AtomicLong();

    Fake(boolean health, Metrics metrics, boolean errorBodies) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      if (health) server.createContext("/health", ex -> answer(ex, 200, "ok\n"));
      server.createContext("/metrics", ex -> answer(ex, 200, switch (metrics) {
        case COUNTING -> "# TYPE fake_requests_total counter\nfake_requests_total{kind=\"any\"} " + requests.get() + "\nfake_up 1\n";
        case STATIC -> "# TYPE fake_up gauge\nfake_up 1\nfake_ratio{a=\"b\"} 0.5\n";
        case MALFORMED -> "fake_up 1\nthis is not a metric\n";
      }));
      server.createContext("/v1/stream/", ex -> {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        ex.getRequestBody().readAllBytes();
        switch (ex.getRequestMethod()) {
          case "PUT" -> {
            streams.add(path);
            answer(ex, 201, "");
          }
          case "POST" -> {
            if (streams.contains(path)) answer(ex, 204, "");
            else answer(ex, 404, errorBodies ? "no stream at " + path + "\n" : "");
          }
          case "GET" -> {
            if (!streams.contains(path)) answer(ex, 404, errorBodies ? "no stream\n" : "");
            else if (query != null && !query.matches("offset=(-1|\\d+)")) answer(ex, 400, errorBodies ? "bad offset\n" : "");
            else answer(ex, 200, "data");
          }
          case "DELETE" -> {
            streams.remove(path);
            answer(ex, 204, "");
          }
          default -> answer(ex, 405, errorBodies ? "no\n" : "");
        }
      });
      server.start();
    }

    URI origin() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      if (b.length > 0) ex.getResponseBody().write(b);
      ex.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static Check find(List<Check> checks, String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id + " in " + checks));
  }

  private static List<Check> observe(Fake fake) {
    List<Check> checks = ProbeChecks.observability(fake.origin(), "/health", "/v1/stream/");
    assertThat(checks).extracting(Check::category).containsOnly(Category.OBSERVABILITY);
    return checks;
  }

  @Test
  void aServerThatFollowsEveryRulePassesTheObservabilityChecks() throws Exception {
    try (Fake fake = new Fake(true, Metrics.COUNTING, true)) {
      List<Check> checks = observe(fake);
      assertThat(checks).extracting(Check::status).as(checks.toString()).containsOnly(Status.PASS);
      assertThat(find(checks, "observability.metrics-endpoint").message()).contains("fake_requests_total");
      assertThat(find(checks, "observability.errors-explained").message()).contains("404").contains("400");
      assertThat(fake.streams).as("the probe deletes its stream").isEmpty();
    }
  }

  @Test
  void noHealthEndpointFailsHealth() throws Exception {
    try (Fake fake = new Fake(false, Metrics.COUNTING, true)) {
      Check c = find(observe(fake), "observability.health-endpoint");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains(fake.origin() + "/health").contains("404");
    }
  }

  @Test
  void aStaticMetricsPageFailsMetrics() throws Exception {
    try (Fake fake = new Fake(true, Metrics.STATIC, true)) {
      Check c = find(observe(fake), "observability.metrics-endpoint");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("none changed");
    }
  }

  @Test
  void aMalformedMetricsLineFailsMetrics() throws Exception {
    try (Fake fake = new Fake(true, Metrics.MALFORMED, true)) {
      Check c = find(observe(fake), "observability.metrics-endpoint");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("line 2").contains("this is not a metric");
    }
  }

  @Test
  void errorAnswersWithEmptyBodiesFailErrorsExplained() throws Exception {
    try (Fake fake = new Fake(true, Metrics.COUNTING, false)) {
      Check c = find(observe(fake), "observability.errors-explained");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("404 with an empty body").contains("400 with an empty body");
    }
  }

  @Test
  void aTargetThatAnswersNothingFailsEveryObservabilityCheckWithoutHanging() throws Exception {
    // Accepts connections (the backlog) and never answers: the probes give up after one timeout.
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Check> checks = ProbeChecks.observability(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "/health", "/v1/stream/");
      assertThat(checks).hasSize(3).extracting(Check::status).containsOnly(Status.FAIL);
      assertThat(checks.get(1).message()).contains("not probed").contains("/health");
    }
  }

  @Test
  void prometheusLinesParseOnlyWhenWellFormed() {
    ProbeChecks.Scrape ok = ProbeChecks.parse("# HELP a b\n\na_total 1\nb:c{x=\"1\",y=\"q\\\"z\"} 2.5e3 1700000000\nc NaN\nd +Inf\ne{} -0.5\n");
    assertThat(ok.problem()).isNull();
    assertThat(ok.samples()).containsKeys("a_total", "b:c{x=\"1\",y=\"q\\\"z\"}", "c", "d", "e{}");
    assertThat(ProbeChecks.parse("1abc 2\n").problem()).contains("line 1");
    assertThat(ProbeChecks.parse("a{x=1} 2\n").problem()).contains("line 1");
    assertThat(ProbeChecks.parse("a two\n").problem()).contains("line 1");
    assertThat(ProbeChecks.parse("# only comments\n").problem()).contains("no samples");
  }

  @Test
  void theReferenceServerPassesAllFive() throws Exception {
    long t0 = System.nanoTime();
    try (LaunchedTarget target = LaunchedTarget.builder(TargetDescriptor.referenceServer()).runDir(dir).start()) {
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      List<Check> checks = ProbeChecks.observability(target.baseUri(), "/health", target.descriptor().streamPath());
      checks = new java.util.ArrayList<>(checks);
      checks.addAll(ProbeChecks.operability(target, startup, dir));
      assertThat(checks).hasSize(5);
      assertThat(checks).extracting(Check::status).as(checks.toString()).containsOnly(Status.PASS);
      assertThat(find(checks, "operability.graceful-stop").message()).contains("SIGTERM");
      assertThat(find(checks, "operability.graceful-stop").evidence()).containsExactly(dir.relativize(target.logFile()).toString());
      assertThat(target.isAlive()).isFalse();
    }
  }

  private LaunchedTarget stubborn(String mode) throws IOException {
    String yaml = """
        name: stubborn %s
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.cli.StubbornServer, "${port}", %s ]
          ready: { http-get: /health, status: 200, within: 30s }
          stop: SIGTERM
          stop-timeout: 2s
        features: [core]
        """.formatted(mode, mode);
    return LaunchedTarget.builder(TargetDescriptor.parse(yaml, "test stubborn server")).runDir(dir).start();
  }

  @Test
  void aTargetThatIgnoresSigtermFailsGracefulStop() throws Exception {
    try (LaunchedTarget target = stubborn("hang")) {
      Check c = find(ProbeChecks.operability(target, Duration.ofSeconds(1), dir), "operability.graceful-stop");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("killed with SIGKILL").contains("2s");
      assertThat(target.isAlive()).isFalse();
    }
  }

  @Test
  void aTargetThatExitsWithAFailureCodeOnSigtermFailsGracefulStop() throws Exception {
    try (LaunchedTarget target = stubborn("fail")) {
      Check c = find(ProbeChecks.operability(target, Duration.ofSeconds(1), dir), "operability.graceful-stop");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("code 3");
    }
  }

  @Test
  void aSlowStartFailsStartupTimeAndATargetNotLaunchedIsNotApplicable() throws Exception {
    try (LaunchedTarget target = stubborn("fail")) {
      Check c = find(ProbeChecks.operability(target, Duration.ofSeconds(45), dir), "operability.startup-time");
      assertThat(c.status()).isEqualTo(Status.FAIL);
      assertThat(c.message()).contains("45.0 s");
      assertThat(c.measurement().threshold()).isEqualTo(ProbeChecks.MAX_STARTUP_SECONDS);
    }
    assertThat(ProbeChecks.operabilityNotApplicable()).extracting(Check::status).containsOnly(Status.NOT_APPLICABLE);
    assertThat(ProbeChecks.operabilityNotApplicable().get(0).message()).contains("--target-descriptor");
  }
}
