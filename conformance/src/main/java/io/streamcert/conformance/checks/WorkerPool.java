package io.streamcert.conformance.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of daemon threads for one concurrency check, joined by one deadline counted from
 * creation, so a server that stalls fails the check instead of hanging it. Failures of tasks are
 * rethrown with the check's context (its seed) in front.
 */
final class WorkerPool implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService executor;
  private final long deadlineNanos;
  private final Duration deadline;
  private final String context;

  WorkerPool(int threads, Duration deadline, String context) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "streamcert-concurrency-" + pool + "-" + n.incrementAndGet());
      th.setDaemon(true);
      return th;
    });
    this.deadline = deadline;
    this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    this.context = context;
  }

  <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }

  /** Tells whether the deadline has passed; loops of tasks check it to stay bounded. */
  boolean expired() {
    return System.nanoTime() - deadlineNanos >= 0;
  }

  /** Waits for a task until the deadline; rethrows its failure. */
  <T> T join(Future<T> f) {
    try {
      return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(context + "the concurrent requests did not finish within " + deadline.toSeconds()
          + " s; the server stalled under concurrent load");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(context + "interrupted while waiting for concurrent requests", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      if (cause instanceof AssertionError && message.startsWith(context)) throw (AssertionError) cause;
      throw new AssertionError(context + message, cause);
    }
  }

  <T> List<T> joinAll(List<Future<T>> futures) {
    List<T> out = new ArrayList<>(futures.size());
    for (Future<T> f : futures) out.add(join(f));
    return out;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
