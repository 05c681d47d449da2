package io.streamcert.scenarios.driver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one driver run measured, as written to {@code result.json}.
 *
 * <p>Latencies are nanoseconds. {@code latency} runs from each operation's intended send time to
 * its completion (coordinated omission corrected); {@code serviceTime} from the actual send;
 * {@code sendLag} is how late the driver sent (actual minus intended). Rates are per second over
 * the measured window (warm-up excluded).
 *
 * @param schema the format's name and version, {@value #SCHEMA}
 * @param workload the workload's name
 * @param type the workload's type, like {@code append}
 * @param settings every workload field as run (rate, duration, ...), with the YAML names
 * @param target the stream base URL the streams were created under
 * @param startedAt when the run started (ISO-8601 UTC)
 * @param environment JVM, OS, cores and driver threads of the machine that ran the driver
 * @param requestedRate the schedule's rate, operations per second
 * @param sentRate measured operations sent per second of the window
 * @param achievedRate successful measured operations per second of {@code windowSeconds}
 * @param windowSeconds the span the achieved rate divides by: the measured window, extended to
 *     the last measured completion when that came later
 * @param scheduled operations the schedule intended in the measured window (exact)
 * @param sent measured operations sent
 * @param ok measured operations that succeeded
 * @param errors measured operations that failed, including not sent and unfinished ones
 * @param notSent measured operations never sent because the driver fell too far behind
 * @param unfinished measured operations still running when the drain timeout ended the run
 * @param errorRate errors divided by scheduled
 * @param delayedByMaxInFlight measured operations sent late because max-in-flight was reached
 * @param megabytesPerSecond payload throughput (10^6 bytes per second) of the primary metric
 * @param primaryMetric the name of the metric that headlines the run, a key of {@code metrics}
 * @param metrics each measured kind of operation by name ({@code append}, {@code delivery}, ...)
 * @param notes caveats a reader of the numbers should know
 */
public record RunResult(
    String schema,
    String workload,
    String type,
    Map<String, Object> settings,
    String target,
    String startedAt,
    Map<String, Object> environment,
    long requestedRate,
    double sentRate,
    double achievedRate,
    double windowSeconds,
    long scheduled,
    long sent,
    long ok,
    long errors,
    long notSent,
    long unfinished,
    double errorRate,
    long delayedByMaxInFlight,
    double megabytesPerSecond,
    String primaryMetric,
    Map<String, Metric> metrics,
    List<String> notes) {

  public static final String SCHEMA = "streamcert.driver.run/1";

  public RunResult {
    settings = ordered(settings);
    environment = ordered(environment);
    metrics = ordered(metrics);
    notes = List.copyOf(notes);
  }

  /** The headline metric. */
  public Metric primary() {
    return metrics.get(primaryMetric);
  }

  /** Reads a {@code result.json} written by the driver. */
  public static RunResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunResult.class);
  }

  /** Decodes one of the histograms a {@link Metric} carries, to redraw or merge it. */
  public static Histogram decodeHistogram(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a histogram encoded by the driver: " + e.getMessage(), e);
    }
  }

  private static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One kind of measured operation.
   *
   * @param description what an operation is and where its latency starts and ends
   * @param ok operations that succeeded (their latencies are in the histograms)
   * @param errors operations that failed
   * @param errorKinds failures by kind, like {@code status 503: 12}
   * @param latency intended send time to completion
   * @param serviceTime actual send time to completion
   * @param sendLag actual send time minus intended send time
   * @param latencyHistogram {@code latency} as an HdrHistogram, compressed and base64-encoded
   * @param serviceTimeHistogram {@code serviceTime}, encoded the same way
   * @param seconds per-second series by completion time, second 0 starting the measured window
   */
  public record Metric(
      String description,
      long ok,
      long errors,
      Map<String, Long> errorKinds,
      Spectrum latency,
      Spectrum serviceTime,
      Spectrum sendLag,
      String latencyHistogram,
      String serviceTimeHistogram,
      List<Second> seconds) {

    public Metric {
      errorKinds = ordered(errorKinds);
      seconds = List.copyOf(seconds);
    }
  }

  /**
   * A latency distribution in nanoseconds: count, min, mean, the percentiles and the max.
   * Percentiles are HdrHistogram values at 3 significant digits (within 0.1%).
   */
  public record Spectrum(
      long count,
      long min,
      double mean,
      long p50,
      long p75,
      long p90,
      long p99,
      long p999,
      long p9999,
      long max) {}

  /**
   * One second of the measured window, by completion time.
   *
   * @param second seconds since the window's start
   * @param ok successful completions in that second (throughput)
   * @param errors failed completions in that second
   * @param p50 median latency of that second's successes, ns (0 when none)
   * @param p99 99th percentile, ns
   * @param max maximum, ns
   */
  public record Second(int second, long ok, long errors, long p50, long p99, long max) {}
}
