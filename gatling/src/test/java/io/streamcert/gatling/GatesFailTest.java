package io.streamcert.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.Workloads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gates are shown to fail: against a tiny local server that creates streams but answers every
 * append with 500, the failed-share gate fails; against one that holds every append for 40 ms, a
 * 5 ms p99 gate fails (the sleep makes the p99 at least 40 ms on any machine). Gatling then exits
 * with 2 and the result says which assertion failed and what it measured.
 */
class GatesFailTest {

  /** A stand-in target: PUT creates (201), POST sleeps {@code appendDelayMillis} then answers {@code appendStatus}. */
  private static HttpServer target(int appendStatus, long appendDelayMillis, AtomicInteger appends) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setExecutor(Executors.newFixedThreadPool(16));
    s.createContext("/", (HttpExchange ex) -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        if (ex.getRequestMethod().equals("PUT")) {
          ex.getResponseHeaders().add("Stream-Next-Offset", "0");
          ex.sendResponseHeaders(201, -1);
          return;
        }
        appends.incrementAndGet();
        if (appendDelayMillis > 0) Thread.sleep(appendDelayMillis);
        ex.sendResponseHeaders(appendStatus, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    s.start();
    return s;
  }

  private static URI uri(HttpServer s) {
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/v1/stream/");
  }

  private static Workload shortAppends() {
    return Workloads.builtIn("append-100b-1-stream").toBuilder()
        .rate(20).duration(Duration.ofSeconds(1)).warmup(Duration.ZERO).timeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void theErrorGateFailsAgainstATargetAnswering500(@TempDir Path out) throws Exception {
    AtomicInteger appends = new AtomicInteger();
    HttpServer s = target(500, 0, appends);
    try {
      GatlingResult r = GatlingLoad.run(new GatlingLoad.Request(uri(s), shortAppends(), out,
          new GatlingLoad.Gates(Duration.ofSeconds(10), 1.0)));

      assertThat(appends.get()).as("appends the target saw").isEqualTo(20);
      assertThat(r.exitCode()).as("Gatling's exit status for failed assertions").isEqualTo(2);
      assertThat(r.passed()).isFalse();
      assertThat(r.stats().ko()).isEqualTo(20);
      assertThat(r.stats().koPercent()).isEqualTo(100.0);
      assertThat(r.assertions()).anySatisfy(a -> {
        assertThat(a.description()).contains("percentage of failed events");
        assertThat(a.passed()).isFalse();
        assertThat(a.actual()).isEqualTo("100.0");
      });
      assertThat(r.reportIndex()).isRegularFile();
    } finally {
      s.stop(0);
    }
  }

  @Test
  void theP99GateFailsAgainstASlowTarget(@TempDir Path out) throws Exception {
    AtomicInteger appends = new AtomicInteger();
    HttpServer s = target(204, 40, appends);
    try {
      GatlingResult r = GatlingLoad.run(new GatlingLoad.Request(uri(s), shortAppends(), out,
          new GatlingLoad.Gates(Duration.ofMillis(5), 1.0)));

      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.passed()).isFalse();
      assertThat(r.stats().ok()).isEqualTo(20);
      assertThat(r.stats().p99Ms()).as("every append slept 40 ms").isGreaterThanOrEqualTo(40);
      assertThat(r.assertions()).anySatisfy(a -> {
        assertThat(a.description()).contains("99th percentile");
        assertThat(a.passed()).isFalse();
      });
      assertThat(r.assertions()).anySatisfy(a -> {
        assertThat(a.description()).contains("percentage of failed events");
        assertThat(a.passed()).isTrue();
      });
    } finally {
      s.stop(0);
    }
  }
}
