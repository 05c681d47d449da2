package io.streamcert.cli;

import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetLaunchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tiered storage's protection (rate limits, circuit breakers, backpressure) costs in normal
 * conditions: the reference server is launched twice on the same S3 and PostgreSQL, with
 * protection on and off, and each gets the same closed-loop append load (4 writers, 512-byte
 * bodies, keep-alive) for a fixed time after a warm-up. The figure is the relative throughput
 * loss; it is a measurement for the report, never a pass/fail threshold inside a test.
 *
 * @param onPerSecond acknowledged appends per second with protection on
 * @param offPerSecond the same with protection off
 */
record ProtectionOverhead(double onPerSecond, double offPerSecond) {

  static final int WRITERS = 4;

  /** The throughput lost to protection, in percent of the unprotected throughput (negative: none seen). */
  double percent() {
    return offPerSecond <= 0 ? 0 : (offPerSecond - onPerSecond) / offPerSecond * 100;
  }

  String describe() {
    return String.format(Locale.ROOT, "protection overhead: %.0f appends/s with protection on, %.0f off: %.1f%%",
        onPerSecond, offPerSecond, percent());
  }

  /** Launches the server with protection on, then off, and measures each for {@code measure}. */
  static ProtectionOverhead measure(TieredReference env, Path runDir, Duration measure, PrintWriter out)
      throws IOException, InterruptedException {
    double on = launchAndMeasure(env, true, runDir.resolve("overhead-on"), measure, out);
    double off = launchAndMeasure(env, false, runDir.resolve("overhead-off"), measure, out);
    return new ProtectionOverhead(on, off);
  }

  private static double launchAndMeasure(TieredReference env, boolean protection, Path dir, Duration measure,
      PrintWriter out) throws IOException, InterruptedException {
    try (LaunchedTarget t = env.provide(LaunchedTarget.builder(TieredReference.descriptor(protection)).runDir(dir)).start()) {
      double rate = appendsPerSecond(t.streamsUri(), measure);
      out.println(String.format(Locale.ROOT, "  overhead: protection %s: %.0f appends/s", protection ? "on" : "off", rate));
      out.flush();
      return rate;
    } catch (TargetLaunchException e) {
      throw new IOException("the server with protection " + (protection ? "on" : "off") + " did not start: " + e.getMessage(), e);
    }
  }

  /** Closed-loop appends by {@link #WRITERS} writers on one new stream; acknowledged appends per second. */
  static double appendsPerSecond(URI streams, Duration measure) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI stream = streams.resolve("overhead-" + Long.toString(System.nanoTime(), 36));
    HttpResponse<Void> created = http.send(HttpRequest.newBuilder(stream).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    if (created.statusCode() / 100 != 2) {
      throw new IOException("creating the overhead stream " + stream + " answered " + created.statusCode());
    }
    byte[] body = new byte[512];
    long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long end = warmUpEnd + measure.toNanos();
    AtomicLong acked = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      Thread w = new Thread(() -> {
        HttpRequest req = HttpRequest.newBuilder(stream).timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        while (System.nanoTime() - end < 0) {
          try {
            int s = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (s / 100 == 2 && System.nanoTime() - warmUpEnd > 0) acked.incrementAndGet();
          } catch (IOException e) {
            // counted as not acknowledged
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "overhead-writer-" + i);
      w.setDaemon(true);
      writers.add(w);
      w.start();
    }
    for (Thread w : writers) w.join(measure.toMillis() + 10_000);
    return acked.get() / (measure.toNanos() / 1e9);
  }
}
