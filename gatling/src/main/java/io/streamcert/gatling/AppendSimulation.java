package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends of a constant payload to {@code streams} streams in turn (workloads
 * {@code append-100b-1-stream}, {@code append-100b-1000-streams}, {@code append-1mb}): one POST per
 * virtual user, users arriving at the workload's rate (open model). Gatling's default check counts
 * any 2xx as success.
 */
public class AppendSimulation extends StreamSimulation {

  private final AtomicLong next = new AtomicLong();
  private final byte[] body;

  public AppendSimulation() {
    super(WorkloadType.APPEND);
    body = payload(p.workload.contentType(), Math.toIntExact(p.workload.payloadSize()));
    run(warmUpThenMeasured(scenario(WARM_UP).exec(append(WARM_UP)), scenario("appenders").exec(append(measured()))));
  }

  @Override
  String measured() {
    return "append";
  }

  private ChainBuilder append(String name) {
    int streams = p.workload.streams();
    return CoreDsl.exec(session -> session.set("stream", p.streamName((int) (next.getAndIncrement() % streams))))
        .exec(http(name).post(session -> p.streamUrlPath(session.getString("stream")))
            .header("Content-Type", p.workload.contentType())
            .body(ByteArrayBody(body)));
  }

  @Override
  public void before() {
    createStreams(p.workload.streams());
  }
}
