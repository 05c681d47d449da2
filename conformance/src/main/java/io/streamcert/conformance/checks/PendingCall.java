package io.streamcert.conformance.checks;

import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request sent on its own thread, such as a long-poll that must be waiting while the check appends
 * elsewhere. A dedicated daemon thread keeps concurrent checks from queueing behind each other in a
 * shared pool.
 */
final class PendingCall {

  /**
   * How long a request is given to reach the server and start waiting before the check acts on the
   * stream; a long-poll can only be woken (or left alone) once it waits.
   */
  static final Duration SETTLE = Duration.ofMillis(150);

  private final CompletableFuture<Exchange> result = new CompletableFuture<>();
  private final String description;

  private PendingCall(String description) {
    this.description = description;
  }

  /** Sends {@code call} in the background and returns once it had {@link #SETTLE} to reach the server. */
  static PendingCall start(Target.Call call) {
    PendingCall p = new PendingCall(call.build().toString());
    Thread thread = new Thread(() -> {
      try {
        p.result.complete(call.send());
      } catch (Throwable e) {
        p.result.completeExceptionally(e);
      }
    }, "streamcert-pending-call");
    thread.setDaemon(true);
    thread.start();
    try {
      Thread.sleep(SETTLE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while a request was starting", e);
    }
    return p;
  }

  /** Waits up to {@code timeout} for the response; fails naming the request when none came. */
  Exchange await(Duration timeout) {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no response within " + timeout.toMillis() + " ms to " + description, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AssertionError a) throw a;
      throw new AssertionError("the request failed: " + description + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + description, e);
    }
  }
}
