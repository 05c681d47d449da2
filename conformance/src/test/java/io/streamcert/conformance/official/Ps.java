package io.streamcert.conformance.official;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks {@code ps} about a process, so tests see what an operator would. */
final class Ps {

  private Ps() {}

  /**
   * Returns the {@code ps} state of {@code pid} (such as {@code S} or {@code Z}); empty if none.
   */
  static Optional<String> state(long pid) throws IOException, InterruptedException {
    Process ps =
        new ProcessBuilder("ps", "-o", "stat=", "-p", Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    ps.getOutputStream().close();
    if (!ps.waitFor(30, TimeUnit.SECONDS)) {
      ps.destroyForcibly();
      throw new IOException("ps -p " + pid + " did not answer within 30s");
    }
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return ps.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
  }

  /**
   * Waits until {@code ps} no longer lists {@code pid}, or lists it as a zombie (killed, not yet
   * reaped by the process that adopted it); false when it still runs after {@code within}.
   */
  static boolean awaitGone(long pid, Duration within) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<String> state = state(pid);
      if (state.isEmpty() || state.get().startsWith("Z")) return true;
      if (System.nanoTime() >= deadline) return false;
      Thread.sleep(20); // polling interval of the await, not a wait for an outcome
    }
  }
}
