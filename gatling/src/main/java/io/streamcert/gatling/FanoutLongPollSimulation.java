package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;
import java.time.Duration;

/**
 * Fan-out to long-poll readers (workload {@code fanout-long-poll}): each reader sends
 * {@code live=long-poll} reads back to back, following {@code Stream-Next-Offset} and
 * {@code Stream-Cursor}, until a response says {@code Stream-Closed: true}. See {@link
 * FanoutSimulation} for what is measured.
 */
public class FanoutLongPollSimulation extends FanoutSimulation {

  public FanoutLongPollSimulation() {
    super(WorkloadType.FANOUT_LONG_POLL);
  }

  @Override
  boolean closesStreams() {
    return true;
  }

  @Override
  ChainBuilder reader() {
    // A long poll may be held for the server's long-poll timeout, longer than an append's timeout.
    Duration pollTimeout = p.workload.timeout().compareTo(Duration.ofSeconds(90)) > 0
        ? p.workload.timeout() : Duration.ofSeconds(90);
    return asLongAs(this::reading).on(
        CoreDsl.exec(session -> session.remove("closedHeader"))
            .exec(http("long-poll").get(session -> readUrl(session, "long-poll"))
                .requestTimeout(pollTimeout)
                .check(status().in(200, 204),
                    header("Stream-Next-Offset").optional().saveAs("offset"),
                    header("Stream-Cursor").optional().saveAs("cursor"),
                    header("Stream-Closed").optional().saveAs("closedHeader")))
            .exitHereIfFailed()
            .exec(session -> session.set("closed", "true".equalsIgnoreCase(session.getString("closedHeader")))));
  }
}
