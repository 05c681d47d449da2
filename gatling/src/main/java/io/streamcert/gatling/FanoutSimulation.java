package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import static io.gatling.javaapi.core.CoreDsl.details;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.streamcert.scenarios.driver.WorkloadType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer, many live readers (workloads {@code fanout-long-poll} and {@code fanout-sse}): the
 * readers ({@code readers} per stream) connect at the start and read live; the writer appends at
 * the workload's rate (open model, warm-up first), then ends the readers: long-poll readers by
 * closing every stream, SSE readers through a flag and a few last appends (see {@link
 * FanoutSseSimulation}).
 *
 * <p>The gates apply to the appends. Gatling times each request of one virtual user; it cannot
 * time an append's delivery to other users, so the readers' timings are how long they waited for
 * data, and their errors (a failed read, a reader that never saw the close) count in the failed
 * share. Append-to-delivery latency is the driver engine's measurement.
 */
abstract class FanoutSimulation extends StreamSimulation {

  private final AtomicLong nextAppend = new AtomicLong();
  private final AtomicInteger nextReader = new AtomicInteger();
  private final byte[] body;
  private volatile List<String> initialOffsets;

  FanoutSimulation(WorkloadType type) {
    super(type);
    body = payload(p.workload.contentType(), Math.toIntExact(p.workload.payloadSize()));
    PopulationBuilder readers = scenario("readers")
        .exec(session -> {
          int k = nextReader.getAndIncrement() % p.workload.streams();
          return session.set("stream", p.streamName(k)).set("offset", initialOffsets.get(k))
              .set("closed", false).set("since", System.nanoTime());
        })
        .exec(reader())
        .injectOpen(atOnceUsers(p.workload.streams() * p.workload.readers()))
        // Each reader on its own connection, as a real reader is, and apart from the writer's pool.
        .protocols(http.baseUrl(p.origin).disableCaching().disableWarmUp().userAgentHeader("streamcert-gatling"));
    PopulationBuilder writer = warmUpThenMeasured(scenario(WARM_UP).exec(append(WARM_UP)),
        scenario("writer").exec(append(measured())))
        .andThen(scenario("closer").exec(closesStreams() ? closeAll() : wakeReaders()).injectOpen(atOnceUsers(1)));
    run(readers, writer);
  }

  /** One reader's chain, from its session's {@code stream} and {@code offset} until the end. */
  abstract ChainBuilder reader();

  /**
   * Whether the run ends by closing the streams (readers stop at {@code Stream-Closed}); otherwise
   * the writer sets {@link #writerDone} and wakes the readers with a few last appends.
   */
  abstract boolean closesStreams();

  /**
   * Whether the failed-share gate counts the readers' failures; when not, it applies to the
   * writer's requests ({@code details("append")}) and the readers' failures are only reported.
   */
  boolean gatesReaderErrors() {
    return true;
  }

  @Override
  Assertion[] gates() {
    if (gatesReaderErrors()) return super.gates();
    return new Assertion[] {
      details(measured()).responseTime().percentile(99.0).lte((int) Math.min(Integer.MAX_VALUE, p.p99Millis)),
      details(measured()).failedRequests().percent().lte(p.maxErrorPercent),
      details(measured()).successfulRequests().count().gt(0L)
    };
  }

  /** Set when the writer has sent its last measured append (for readers that do not see a close). */
  final AtomicBoolean writerDone = new AtomicBoolean();

  @Override
  String measured() {
    return "append";
  }

  /** How long a reader may read before it gives up: the whole run plus one timeout and a margin. */
  Duration readerBound() {
    return p.workload.warmup().plus(p.workload.duration()).plus(p.workload.timeout()).plusSeconds(30);
  }

  boolean reading(Session session) {
    return !session.getBoolean("closed")
        && System.nanoTime() - session.getLong("since") < readerBound().toNanos();
  }

  String readUrl(Session session, String live) {
    StringBuilder sb = new StringBuilder(p.streamUrlPath(session.getString("stream")))
        .append("?offset=").append(URLEncoder.encode(session.getString("offset"), StandardCharsets.UTF_8))
        .append("&live=").append(live);
    if (session.contains("cursor")) {
      sb.append("&cursor=").append(URLEncoder.encode(session.getString("cursor"), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private ChainBuilder append(String name) {
    int streams = p.workload.streams();
    return CoreDsl.exec(session -> session.set("stream", p.streamName((int) (nextAppend.getAndIncrement() % streams))))
        .exec(http(name).post(session -> p.streamUrlPath(session.getString("stream")))
            .header("Content-Type", p.workload.contentType())
            .body(ByteArrayBody(body)));
  }

  private ChainBuilder closeAll() {
    return repeat(p.workload.streams(), "k").on(
        CoreDsl.exec(http("close").post(session -> p.streamUrlPath(p.streamName(session.getInt("k"))))
            .header("Content-Type", p.workload.contentType())
            .header("Stream-Closed", "true")));
  }

  /**
   * Tells the readers the writer is done, then appends to every stream three times, 200 ms apart
   * ({@code wake}), so that a reader waiting for its next event gets one and sees the flag.
   */
  private ChainBuilder wakeReaders() {
    return CoreDsl.exec(session -> {
          writerDone.set(true);
          return session;
        })
        .repeat(3).on(
            repeat(p.workload.streams(), "k").on(
                CoreDsl.exec(http("wake").post(session -> p.streamUrlPath(p.streamName(session.getInt("k"))))
                    .header("Content-Type", p.workload.contentType())
                    .body(ByteArrayBody(body))))
            .pause(Duration.ofMillis(200)));
  }

  @Override
  public void before() {
    initialOffsets = createStreams(p.workload.streams());
  }
}
