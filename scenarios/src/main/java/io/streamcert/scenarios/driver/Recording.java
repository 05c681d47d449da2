package io.streamcert.scenarios.driver;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Everything measured about one kind of operation (appends, deliveries): latency from the intended
 * time, service time from the actual send, how late the send was, per-second series, and counts
 * of successes and errors by kind. Thread-safe: I/O threads record concurrently.
 *
 * <p>Values are nanoseconds in histograms of 3 significant digits covering 1 ns to 1 h; larger
 * values are recorded as 1 h and counted as clamped. Errors are counted but their latencies are not
 * recorded, so a fast failure never flatters the spectrum; the error rate reports them instead.
 */
final class Recording {

  static final long HIGHEST_TRACKABLE = TimeUnit.HOURS.toNanos(1);
  static final int SIGNIFICANT_DIGITS = 3;
  private static final int MAX_ERROR_KINDS = 32;

  private final String description;
  private final Histogram latency = histogram();
  private final Histogram service = histogram();
  private final Histogram sendLag = histogram();
  private final SecondSeries seconds = new SecondSeries();
  private final Map<String, Long> errorKinds = new TreeMap<>();
  private long measureStart;
  private boolean started;
  private long ok;
  private long errors;
  private long clamped;
  private long bytes;
  private long lastDone;

  Recording(String description) {
    this.description = description;
  }

  static Histogram histogram() {
    return new Histogram(1, HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS);
  }

  /** Sets where second 0 of the per-second series starts (the measured window's start). */
  synchronized void start(long measureStartNanos) {
    this.measureStart = measureStartNanos;
    this.lastDone = measureStartNanos;
    this.started = true;
  }

  /** Records a success of an operation intended at {@code intended}, sent at {@code sent}, done at {@code done}. */
  void ok(long intended, long sent, long done) {
    ok(intended, sent, done, 0);
  }

  /** As {@link #ok(long, long, long)}, counting {@code payloadBytes} moved. */
  synchronized void ok(long intended, long sent, long done, long payloadBytes) {
    long l = clamp(done - intended);
    latency.recordValue(l);
    service.recordValue(clamp(done - sent));
    sendLag.recordValue(clamp(sent - intended));
    ok++;
    bytes += payloadBytes;
    if (done > lastDone) lastDone = done;
    if (started) seconds.record((done - measureStart) / Schedule.NANOS_PER_SECOND, l, true);
  }

  /** Records a failure of kind {@code kind} (such as {@code status 503} or {@code timeout}). */
  synchronized void error(long done, String kind) {
    errors++;
    if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(kind)) errorKinds.merge(kind, 1L, Long::sum);
    else errorKinds.merge("other", 1L, Long::sum);
    if (done > lastDone) lastDone = done;
    if (started) seconds.record((done - measureStart) / Schedule.NANOS_PER_SECOND, 0, false);
  }

  /** Counts {@code n} failures of one kind that have no completion time (never sent, never finished). */
  synchronized void errors(long n, String kind) {
    if (n <= 0) return;
    errors += n;
    errorKinds.merge(kind, n, Long::sum);
  }

  synchronized long okCount() {
    return ok;
  }

  synchronized long errorCount() {
    return errors;
  }

  synchronized long bytes() {
    return bytes;
  }

  /** The latest completion recorded (or the window's start if none). */
  synchronized long lastDoneNanos() {
    return lastDone;
  }

  /** A copy of the latency histogram. */
  synchronized Histogram latencyHistogram() {
    return latency.copy();
  }

  /** A copy of the service-time histogram. */
  synchronized Histogram serviceHistogram() {
    return service.copy();
  }

  /** The result, with the per-second series padded to at least {@code minSeconds} seconds. */
  synchronized RunResult.Metric toMetric(int minSeconds) {
    Map<String, Long> kinds = new LinkedHashMap<>(errorKinds);
    if (clamped > 0) kinds.put("note: latencies above 1h recorded as 1h", clamped);
    return new RunResult.Metric(
        description,
        ok,
        errors,
        kinds,
        spectrum(latency),
        spectrum(service),
        spectrum(sendLag),
        encode(latency),
        encode(service),
        seconds.seconds(minSeconds));
  }

  private long clamp(long v) {
    if (v < 0) return 0; // the clock is monotonic; a negative value can only be a stamp taken a hair early
    if (v > HIGHEST_TRACKABLE) {
      clamped++;
      return HIGHEST_TRACKABLE;
    }
    return v;
  }

  static RunResult.Spectrum spectrum(Histogram h) {
    if (h.getTotalCount() == 0) return new RunResult.Spectrum(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return new RunResult.Spectrum(
        h.getTotalCount(),
        h.getMinValue(),
        h.getMean(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(75),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getValueAtPercentile(99.99),
        h.getMaxValue());
  }

  /** Base64 of the histogram's compressed encoding ({@link Histogram#encodeIntoCompressedByteBuffer}). */
  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), n));
  }
}
