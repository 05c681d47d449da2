package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.util.List;

/** Each operation creates a new stream with a PUT. */
final class CreateScenario extends Scenario {

  CreateScenario(Workload workload, HttpEngine engine, StreamRoot root, String runId) {
    super(workload, engine, root, runId);
  }

  @Override
  void prepare() throws IOException {
    // One create before the run, so that a wrong target fails here with an explanation.
    Setup.all(engine, List.of(createRequest("driver-" + runId + "-probe")), 1, setupTimeout());
  }

  @Override
  Operation operation(long op) {
    return Operation.single(createRequest("driver-" + runId + "-c" + op), 0);
  }

  @Override
  String operationName() {
    return "create";
  }

  @Override
  String operationDescription() {
    return "create of a new stream (PUT, any 2xx); latency from the intended send time to the response's last byte";
  }
}
