package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exitBlockOnFail;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.Session;
import io.streamcert.scenarios.driver.WorkloadType;

/**
 * Fan-out to SSE readers (workload {@code fanout-sse}): each reader opens a {@code live=sse}
 * connection and, until the writer is done, waits for one control event after another (each wait
 * bounded by the workload's timeout), keeping the event's {@code streamNextOffset}. When the server
 * ends the connection (it does so every SSE reconnect interval, as the protocol asks), the reader
 * reconnects from that offset. At the end it closes its connection.
 *
 * <p>Gatling's SSE support checks messages one at a time on a connection, and drops those that
 * arrive while no check is waiting, so the readers show that events keep coming but do not time
 * each one. Gatling cannot tell a planned end of connection from a failure: each reconnect costs one
 * failed "sse event" ("End of stream"), so this simulation's failed-share gate applies to the
 * writer's requests, and the readers' failures are reported beside it. The streams are not closed
 * at the end: the server closes an SSE connection right after the final {@code streamClosed} event,
 * which Gatling 3.15.1 usually reports as such a failure before it matches the event. See {@link
 * FanoutSimulation}.
 */
public class FanoutSseSimulation extends FanoutSimulation {

  public FanoutSseSimulation() {
    super(WorkloadType.FANOUT_SSE);
  }

  @Override
  boolean closesStreams() {
    return false;
  }

  @Override
  boolean gatesReaderErrors() {
    return false;
  }

  private boolean going(Session session) {
    return !writerDone.get() && reading(session);
  }

  private static String connection(Session session) {
    return "sse-" + session.getInt("connection");
  }

  @Override
  ChainBuilder reader() {
    ChainBuilder events = asLongAs(this::going).on(
        CoreDsl.exec(sse("sse wait").sseName(FanoutSseSimulation::connection).setCheck()
            .await(p.workload.timeout())
            .on(sse.checkMessage("sse event").matching(substring("streamNextOffset"))
                .check(regex("streamNextOffset\\W+([\\w-]+)").saveAs("offset")))));
    return CoreDsl.exec(session -> session.set("connection", 0))
        .exec(asLongAs(this::going).on(
            CoreDsl.exec(session -> session.set("connection", session.getInt("connection") + 1))
                .exec(sse("sse connect").sseName(FanoutSseSimulation::connection).get(session -> readUrl(session, "sse")))
                .exitHereIfFailed()
                // Until the writer is done; then close. A failed wait (the connection ended) leaves the
                // block without closing, and the outer loop reconnects from the last offset.
                .exec(exitBlockOnFail().on(events,
                    CoreDsl.exec(sse("sse close").sseName(FanoutSseSimulation::connection).close())))
                .exec(Session::markAsSucceeded)));
  }
}
