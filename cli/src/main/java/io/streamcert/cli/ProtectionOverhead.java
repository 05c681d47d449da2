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
 * bodies, keep-alive) in alternating rounds after a warm-up. The figure is the relative throughput
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

  /** Rounds of alternating measurements; each side keeps its best round. */
  static final int ROUNDS = 3;

  /**
   * Launches the server with protection on and with it off, side by side, then measures them in
   * turn, {@link #ROUNDS} times each for {@code measure} divided by the rounds, and keeps each
   * side's best round, so that a burst of load from elsewhere on the machine hurts neither side
   * alone.
   */
  static ProtectionOverhead measure(TieredReference env, Path runDir, Duration measure, PrintWriter out)
      throws IOException, InterruptedException {
    Duration slice = measure.dividedBy(ROUNDS);
    try (LaunchedTarget on = launch(env, true, runDir.resolve("overhead-on"));
         LaunchedTarget off = launch(env, false, runDir.resolve("overhead-off"))) {
      double bestOn = 0;
      double bestOff = 0;
      for (int i = 0; i < ROUNDS; i++) {
        bestOn = Math.max(bestOn, appendsPerSecond(on.streamsUri(), slice));
        bestOff = Math.max(bestOff, appendsPerSecond(off.streamsUri(), slice));
      }
      out.println(String.format(Locale.ROOT, "  overhead: best of %d rounds: protection on %.0f appends/s, off %.0f",
          ROUNDS, bestOn, bestOff));
      out.flush();
      return new ProtectionOverhead(bestOn, bestOff);
    }
  }

  private static LaunchedTarget launch(TieredReference env, boolean protection, Path dir) throws IOException {
    try {
      return env.provide(LaunchedTarget.builder(TieredReference.descriptor(protection)).runDir(dir)).start();
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
    long warmUpEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
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
