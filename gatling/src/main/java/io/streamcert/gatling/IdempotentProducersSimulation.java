package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idempotent-producer appends (workload {@code idempotent-producers}): one virtual user per
 * producer, each sending {@code Producer-Id}, {@code Producer-Epoch: 0} and a {@code Producer-Seq}
 * counting from 0, paced so that all producers together append at the workload's rate; each does
 * its share of {@code rate x duration} appends (rounded up), so the count is exact.
 *
 * <p>Not an open injection: sequence numbers must arrive in order, so each producer has one append
 * in flight (as the driver's lanes do). {@code pace} keeps each producer's schedule; an answer
 * slower than the pace delays that producer's next append.
 */
public class IdempotentProducersSimulation extends StreamSimulation {

  private final AtomicInteger nextProducer = new AtomicInteger();
  private final byte[] body;

  public IdempotentProducersSimulation() {
    super(WorkloadType.IDEMPOTENT_APPEND);
    body = payload(p.workload.contentType(), Math.toIntExact(p.workload.payloadSize()));
    int producers = p.workload.producers();
    Duration pace = Duration.ofNanos(Math.max(1, Math.round(producers * 1e9 / p.workload.rate())));
    ChainBuilder chain = CoreDsl.exec(session -> {
          int k = nextProducer.getAndIncrement();
          return session.set("producer", "gatling-" + p.runId + "-p" + k)
              .set("stream", p.streamName(k % p.workload.streams()))
              .set("seq", 0L);
        });
    long warmUps = perProducer(p.workload.warmup());
    if (warmUps > 0) chain = chain.exec(repeat((int) warmUps).on(pace(pace).exec(append(WARM_UP))));
    chain = chain.exec(repeat((int) perProducer(p.workload.duration())).on(pace(pace).exec(append(measured()))));
    run(scenario("producers").exec(chain).injectOpen(atOnceUsers(producers)));
  }

  /** Each producer's share of {@code rate x window} appends, rounded up: the run's count is exact. */
  private long perProducer(Duration window) {
    long total = (long) Math.ceil(p.workload.rate() * (window.toNanos() / 1e9));
    long each = (total + p.workload.producers() - 1) / p.workload.producers();
    if (each > Integer.MAX_VALUE) throw new IllegalArgumentException("rate x duration is too large for one run");
    return each;
  }

  @Override
  String measured() {
    return "append";
  }

  private ChainBuilder append(String name) {
    return CoreDsl.exec(http(name).post(session -> p.streamUrlPath(session.getString("stream")))
            .header("Content-Type", p.workload.contentType())
            .header("Producer-Id", "#{producer}")
            .header("Producer-Epoch", "0")
            .header("Producer-Seq", session -> Long.toString(session.getLong("seq")))
            .body(ByteArrayBody(body)))
        .exec(session -> session.set("seq", session.getLong("seq") + 1));
  }

  @Override
  public void before() {
    createStreams(p.workload.streams());
  }
}
