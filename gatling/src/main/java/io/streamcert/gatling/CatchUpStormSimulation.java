package io.streamcert.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.streamcert.scenarios.driver.WorkloadType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Catch-up readers (workload {@code catch-up-storm}): before the run one stream is filled with
 * {@code stream-bytes} in appends of {@code payload-size}; then readers arrive at the workload's
 * rate, each reading from offset {@code -1} and following {@code Stream-Next-Offset} until a page
 * says {@code Stream-Up-To-Date: true}. The group {@code catch-up} times one reader's whole read.
 */
public class CatchUpStormSimulation extends StreamSimulation {

  /** A bound on pages per reader, so that a target that never says up-to-date cannot loop forever. */
  static final int MAX_PAGES = 1_000_000;

  public CatchUpStormSimulation() {
    super(WorkloadType.CATCH_UP);
    run(warmUpThenMeasured(scenario(WARM_UP).exec(catchUp(WARM_UP)), scenario("readers").exec(catchUp(measured()))));
  }

  @Override
  String measured() {
    return "catch-up";
  }

  private ChainBuilder catchUp(String name) {
    String path = p.streamUrlPath(p.streamName(0));
    return CoreDsl.exec(session -> session.set("offset", "-1").set("done", false).set("pages", 0))
        .group(name).on(
            asLongAs(session -> !session.getBoolean("done")).on(
                CoreDsl.exec(session -> session.remove("upToDate"))
                    .exec(http(name + " page")
                        .get(session -> path + "?offset=" + URLEncoder.encode(session.getString("offset"), StandardCharsets.UTF_8))
                        .check(status().is(200),
                            header("Stream-Next-Offset").saveAs("next"),
                            header("Stream-Up-To-Date").optional().saveAs("upToDate")))
                    .exitHereIfFailed()
                    .exec(session -> {
                      int pages = session.getInt("pages") + 1;
                      boolean upToDate = "true".equalsIgnoreCase(session.getString("upToDate"));
                      boolean stuck = session.getString("next").equals(session.getString("offset"));
                      return session.set("offset", session.getString("next")).set("pages", pages)
                          .set("done", upToDate || stuck || pages >= MAX_PAGES);
                    })));
  }

  @Override
  public void before() {
    createStreams(1);
    long size = p.workload.payloadSize();
    long appends = (p.workload.streamBytes() + size - 1) / size;
    fill(0, payload(p.workload.contentType(), Math.toIntExact(size)), appends);
  }
}
