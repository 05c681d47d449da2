package io.streamcert.conformance.checks;

import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Setup and waiting helpers shared by the live-read checks (long-poll, SSE and cursors): live
 * requests, closing a stream, long-polls that run in the background while the check appends, and
 * bounded waits for them.
 */
final class LiveWire {

  /** How long a check waits for a response or event that a conforming server sends at once. */
  static final Duration PROMPT = Duration.ofSeconds(5);

  /** The official suite's budget for an idle long-poll to answer 204 (DS-5.7-17). */
  static final Duration OFFICIAL_IDLE_BUDGET = Duration.ofSeconds(5);

  private static final AtomicInteger THREADS = new AtomicInteger();

  // Long-polls block their thread until the server answers; a private pool keeps them off the
  // JUnit and common pools, and daemon threads never hold the JVM open after a failed check.
  private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
    Thread th = new Thread(r, "streamcert-live-" + THREADS.incrementAndGet());
    th.setDaemon(true);
    return th;
  });

  private LiveWire() {}

  /** Encodes an offset for a query string, as clients must (sentinels pass unchanged). */
  static String encode(String offset) {
    return URLEncoder.encode(offset, StandardCharsets.UTF_8);
  }

  /** A long-poll read of {@code path} from {@code offset}. */
  static Target.Call longPoll(Target t, String path, String offset) {
    return t.get(path).query("offset", encode(offset)).query("live", "long-poll");
  }

  /** An SSE read of {@code path} from {@code offset}. */
  static Target.Call sse(Target t, String path, String offset) {
    return t.get(path).query("offset", encode(offset)).query("live", "sse");
  }

  /** The stream's tail offset, from HEAD. */
  static String tail(Target t, String path) {
    Exchange ex = t.head(path).send();
    if (ex.status() != 200) {
      throw new AssertionError("setup: HEAD " + path + " must answer 200 but answered " + ex.status() + "\n" + ex);
    }
    return ex.nextOffset();
  }

  /** Closes the stream without data (POST with {@code Stream-Closed: true}), asserting success. */
  static Exchange close(Target t, String path) {
    Exchange ex = t.post(path).header("Stream-Closed", "true").send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: closing " + path + " must succeed but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Appends a final body and closes the stream in one request, asserting success. */
  static Exchange appendAndClose(Target t, String path, String contentType, byte[] body) {
    Exchange ex = t.post(path).contentType(contentType).header("Stream-Closed", "true").body(body).send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: appending and closing " + path + " must succeed but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Appends bytes, asserting success. */
  static Exchange append(Target t, String path, String contentType, byte[] body) {
    Exchange ex = t.post(path).contentType(contentType).body(body).send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: appending to " + path + " must succeed but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Sends the request on a background thread, so the check can act while the server waits. */
  static Pending inBackground(Target.Call call, String what) {
    long started = System.nanoTime();
    Future<Timed> f = BACKGROUND.submit(() -> {
      Exchange ex = call.send();
      return new Timed(ex, System.nanoTime());
    });
    return new Pending(f, what, started);
  }

  /**
   * Gives a request just sent time to reach the server and start waiting: a quarter of the
   * target's long-poll timeout, at most 200 ms. A request that arrives later still conforms (the
   * data is then there at once), so this only makes the wait more likely to be exercised.
   */
  static void headStart(Target t) {
    long millis = Math.min(200, Math.max(20, t.longPollTimeout().toMillis() / 4));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while letting a live request reach the server", e);
    }
  }

  /** How long to wait for a long-poll that may legitimately run out the target's timeout. */
  static Duration longPollBudget(Target t) {
    return t.longPollTimeout().plus(PROMPT);
  }

  /** Fails unless the exchange was answered sooner than {@code bound}. */
  static void answeredWithin(Exchange ex, Duration bound, String rule) {
    if (ex.elapsed().compareTo(bound) >= 0) {
      throw new AssertionError("[" + rule + "] expected an answer within " + bound.toMillis() + " ms but it took "
          + ex.elapsed().toMillis() + " ms\n--- exchange ---\n" + ex);
    }
  }

  /** Milliseconds between two {@link System#nanoTime()} readings, for measurements that are reported, never asserted. */
  static long millisBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  /** A response and the moment (on the {@link System#nanoTime()} clock) it was complete. */
  record Timed(Exchange exchange, long doneNanos) {}

  /** A request running in the background. */
  static final class Pending {
    private final Future<Timed> future;
    private final String what;
    private final long startedNanos;

    Pending(Future<Timed> future, String what, long startedNanos) {
      this.future = future;
      this.what = what;
      this.startedNanos = startedNanos;
    }

    long startedNanos() {
      return startedNanos;
    }

    /** Waits up to {@code timeout} for the response; fails naming the request when none came. */
    Timed await(Duration timeout) {
      try {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        throw new AssertionError("no response to " + what + " within " + timeout.toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof AssertionError a) throw a;
        if (cause instanceof RuntimeException r) throw r;
        throw new AssertionError("request " + what + " failed: " + cause, cause);
      }
    }
  }
}
