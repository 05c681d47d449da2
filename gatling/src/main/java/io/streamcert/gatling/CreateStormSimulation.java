package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;
import java.util.concurrent.atomic.AtomicLong;

/** Stream creation (workload {@code create-storm}): each virtual user creates one new stream (PUT). */
public class CreateStormSimulation extends StreamSimulation {

  private final AtomicLong next = new AtomicLong();

  public CreateStormSimulation() {
    super(WorkloadType.CREATE);
    run(warmUpThenMeasured(scenario(WARM_UP).exec(create(WARM_UP)), scenario("creators").exec(create(measured()))));
  }

  @Override
  String measured() {
    return "create";
  }

  private ChainBuilder create(String name) {
    return CoreDsl.exec(session -> session.set("stream", "gatling-" + p.runId + "-c" + next.getAndIncrement()))
        .exec(http(name).put(session -> p.streamUrlPath(session.getString("stream")))
            .header("Content-Type", p.workload.contentType()));
  }
}
