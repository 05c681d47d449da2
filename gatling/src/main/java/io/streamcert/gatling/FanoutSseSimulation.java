package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;

/**
 * Fan-out to SSE readers (workload {@code fanout-sse}): each reader opens one {@code live=sse}
 * connection and waits for the control event that says {@code streamClosed}; a reader whose
 * connection fails or that does not see the close within the run counts as an error. Gatling's
 * SSE support checks messages one at a time on one connection, so it holds the readers and checks
 * the close, but does not time each event. See {@link FanoutSimulation}.
 */
public class FanoutSseSimulation extends FanoutSimulation {

  public FanoutSseSimulation() {
    super(WorkloadType.FANOUT_SSE);
  }

  @Override
  ChainBuilder reader() {
    return CoreDsl.exec(sse("sse connect").get(session -> readUrl(session, "sse"))
            .await(readerBound()).on(sse.checkMessage("sse until closed").matching(substring("streamClosed"))))
        .exec(sse("sse close").close());
  }
}
