package io.streamcert.gatling;

import io.streamcert.scenarios.driver.Workload;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one of the Gatling simulations against a target and reads back its numbers: the API behind
 * {@code streamcert load --engine gatling}.
 *
 * <p>Gatling runs in a child JVM on this process's classpath (the shaded CLI jar, or the module's
 * classpath under Maven), so its global configuration, its logging and its {@code System.exit} stay
 * out of the caller's JVM, and two runs in one process (a comparison) do not share state.
 */
public final class GatlingLoad {

  private GatlingLoad() {}

  /**
   * What to run.
   *
   * @param target the stream base URL, such as {@code http://127.0.0.1:4437/v1/stream/}
   * @param workload the load shape (its type picks the simulation; rate, duration, warm-up, sizes
   *     and counts come from it)
   * @param outDir the folder for Gatling's results (its report lands in a subfolder)
   * @param gates the assertions that decide pass or fail
   */
  public record Request(URI target, Workload workload, Path outDir, Gates gates) {
    public Request {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(gates, "gates");
    }
  }

  /**
   * The assertions Gatling checks at the end of the run (they are its exit status).
   *
   * @param p99 the highest acceptable 99th percentile of response time; Gatling compares whole
   *     milliseconds, so this must be at least 1 ms
   * @param maxErrorPercent the highest acceptable share of failed requests, in percent
   */
  public record Gates(Duration p99, double maxErrorPercent) {
    public Gates {
      Objects.requireNonNull(p99, "p99");
      if (p99.toMillis() < 1) {
        throw new IllegalArgumentException("p99 gate was " + p99.toNanos() + "ns but Gatling measures whole"
            + " milliseconds; give at least 1ms");
      }
      if (!(maxErrorPercent >= 0 && maxErrorPercent <= 100)) {
        throw new IllegalArgumentException("maxErrorPercent was " + maxErrorPercent + " but must be in [0, 100]");
      }
    }

    /** p99 at most 10 ms, fewer than 0.1% failed requests: the driver's default objective. */
    public static Gates defaults() {
      return new Gates(Duration.ofMillis(10), 0.1);
    }
  }

  /**
   * Runs the simulation for {@code request.workload()} and parses its results.
   *
   * @throws IOException when Gatling could not be started or left no report to read
   * @throws IllegalArgumentException when the workload's type has no simulation
   */
  public static GatlingResult run(Request request) throws IOException, InterruptedException {
    throw new UnsupportedOperationException("not finished yet");
  }
}
