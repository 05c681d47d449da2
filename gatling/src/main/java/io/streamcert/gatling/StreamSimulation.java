package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.streamcert.scenarios.driver.WorkloadType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every streamcert simulation shares: its settings ({@link Params}), an HTTP protocol with a
 * shared connection pool and no outbound warm-up, stream setup before the run, an open injection
 * at the workload's rate, and the gates as Gatling assertions.
 *
 * <p>Each simulation names its measured request ({@link #measured}): the warm-up runs the same
 * chain under another name ({@value #WARM_UP}) first, and the gates apply to the measured request
 * only (p99) and to all requests (failed share).
 */
public abstract class StreamSimulation extends Simulation {

  static final String WARM_UP = "warm-up";

  final Params p;
  final HttpProtocolBuilder protocol;

  StreamSimulation(WorkloadType type) {
    this.p = Params.fromSystemProperties(type, Params.defaultWorkload(type));
    this.protocol = http.baseUrl(p.origin)
        .shareConnections()
        .disableCaching()
        .disableWarmUp()
        .userAgentHeader("streamcert-gatling");
  }

  /** The name of the request (or group) the p99 gate applies to. */
  abstract String measured();

  /**
   * The open injection for one phase: {@code rate} users per second for {@code duration}, each
   * user doing one operation.
   */
  OpenInjectionStep[] openAtRate(Duration duration) {
    return new OpenInjectionStep[] {constantUsersPerSec(p.workload.rate()).during(duration)};
  }

  /**
   * The warm-up (when the workload has one) and then the measured phase, both open at the
   * workload's rate.
   */
  PopulationBuilder warmUpThenMeasured(ScenarioBuilder warmUp, ScenarioBuilder measured) {
    PopulationBuilder run = measured.injectOpen(openAtRate(p.workload.duration()));
    if (p.workload.warmup().isZero()) return run;
    return warmUp.injectOpen(openAtRate(p.workload.warmup())).andThen(run);
  }

  /** The gates: p99 of the measured request and the failed share of all requests. */
  Assertion[] gates() {
    return new Assertion[] {
      details(measured()).responseTime().percentile(99.0).lte((int) Math.min(Integer.MAX_VALUE, p.p99Millis)),
      global().failedRequests().percent().lte(p.maxErrorPercent),
      details(measured()).successfulRequests().count().gt(0L)
    };
  }

  /** Runs the assembled populations with the protocol and the gates. */
  void run(PopulationBuilder... populations) {
    setUp(populations).protocols(protocol).assertions(gates());
  }

  // ---- unmeasured setup over plain java.net.http ----

  private final HttpClient setupClient = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** Creates streams {@code 0 .. count-1}; returns each creation's {@code Stream-Next-Offset}, or "-1". */
  List<String> createStreams(int count) {
    List<HttpRequest> requests = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      requests.add(HttpRequest.newBuilder(URI.create(p.origin + p.streamUrlPath(p.streamName(k))))
          .timeout(setupTimeout())
          .header("Content-Type", p.workload.contentType())
          .PUT(HttpRequest.BodyPublishers.noBody())
          .build());
    }
    List<HttpResponse<String>> answers = sendAll(requests, 8);
    List<String> offsets = new ArrayList<>(count);
    for (HttpResponse<String> r : answers) offsets.add(r.headers().firstValue("Stream-Next-Offset").orElse("-1"));
    return offsets;
  }

  /** Appends {@code body} {@code times} times to stream {@code k}, a few at once. */
  void fill(int k, byte[] body, long times) {
    List<HttpRequest> requests = new ArrayList<>();
    for (long i = 0; i < times; i++) {
      requests.add(HttpRequest.newBuilder(URI.create(p.origin + p.streamUrlPath(p.streamName(k))))
          .timeout(setupTimeout())
          .header("Content-Type", p.workload.contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build());
    }
    sendAll(requests, 4);
  }

  private Duration setupTimeout() {
    Duration t = p.workload.timeout();
    return t.compareTo(Duration.ofSeconds(30)) > 0 ? t : Duration.ofSeconds(30);
  }

  private List<HttpResponse<String>> sendAll(List<HttpRequest> requests, int concurrency) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, requests.size())));
    try {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (HttpRequest r : requests) futures.add(pool.submit(() -> send(r)));
      List<HttpResponse<String>> out = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          throw c instanceof RuntimeException re ? re : new IllegalStateException(c.getMessage(), c);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the streams", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private HttpResponse<String> send(HttpRequest r) throws InterruptedException {
    HttpResponse<String> answer;
    try {
      answer = setupClient.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("setup: " + r.method() + " " + r.uri() + " failed (" + e
          + "); is the target running and reachable?", e);
    }
    if (answer.statusCode() / 100 != 2) {
      String body = answer.body() == null ? "" : answer.body().replaceAll("\\s+", " ").trim();
      if (body.length() > 200) body = body.substring(0, 200);
      throw new IllegalStateException("setup: " + r.method() + " " + r.uri() + " answered " + answer.statusCode()
          + (body.isEmpty() ? "" : " (" + body + ")")
          + "; is the stream path right? Streams are created under the path of -Dtarget, such as "
          + Params.DEFAULT_TARGET);
    }
    return answer;
  }

  /** A payload of {@code size} bytes that is valid for the content type (JSON streams get a JSON string). */
  static byte[] payload(String contentType, int size) {
    boolean json = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'x');
    if (json && size >= 2) {
      b[0] = '"';
      b[size - 1] = '"';
    }
    return b;
  }
}
