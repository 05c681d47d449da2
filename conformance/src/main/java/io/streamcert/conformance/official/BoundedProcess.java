package io.streamcert.conformance.official;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one child process with its output in a log file and kills it, with every process it started,
 * when a time budget runs out, so a stuck server or suite never hangs the caller.
 */
final class BoundedProcess {

  private BoundedProcess() {}

  /**
   * Runs {@code command} in {@code workDir} with the inherited environment plus {@code extraEnv} (a
   * {@code null} value removes a variable), stdout and stderr appended to {@code log}. Blocks until
   * the process exits or {@code budget} is spent.
   *
   * @return the exit code
   * @throws TimeoutException when the budget ran out; the whole process tree has been killed
   * @throws InterruptedIOException when the calling thread was interrupted; the tree has been
   *     killed and the interrupt flag is set again
   */
  static int run(
      List<String> command, Path workDir, Map<String, String> extraEnv, Path log, Duration budget)
      throws IOException, TimeoutException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    extraEnv.forEach(
        (name, value) -> {
          if (value == null) builder.environment().remove(name);
          else builder.environment().put(name, value);
        });
    Process process = builder.start();
    // A JVM that exits mid-run (Ctrl-C, a Surefire fork timeout) must not leave vitest and its
    // workers running against the target.
    Thread reaper = new Thread(() -> killTree(process), "streamcert-official-suite-reaper");
    boolean hookAdded = addShutdownHook(reaper);
    try {
      process.getOutputStream().close(); // nothing reads stdin; EOF stops any prompt at once
      if (!process.waitFor(Math.max(0, budget.toMillis()), TimeUnit.MILLISECONDS)) {
        killTree(process);
        throw new TimeoutException(
            String.join(" ", command) + " did not finish within " + budget.toMillis() + "ms");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while running " + String.join(" ", command));
      interrupted.initCause(e);
      throw interrupted;
    } finally {
      if (hookAdded) removeShutdownHook(reaper);
    }
  }

  /**
   * Kills {@code process} and all its descendants, then waits a little for the direct child so the
   * log file is complete. Descendants are listed first because once their parent is gone they are
   * re-parented and no longer found through it.
   */
  static void killTree(Process process) {
    List<ProcessHandle> tree;
    try (Stream<ProcessHandle> descendants = process.descendants()) {
      tree = descendants.toList();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns the last {@code lines} lines of {@code log}, or a note when it cannot be read. */
  static String tail(Path log, int lines) {
    if (!Files.isRegularFile(log)) return "(no output: " + log + " does not exist)";
    Deque<String> last = new ArrayDeque<>(lines);
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      all.forEach(
          line -> {
            if (last.size() == lines) last.removeFirst();
            last.addLast(line);
          });
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + log + ": " + e.getMessage() + ")";
    }
    return last.isEmpty() ? "(no output)" : String.join(System.lineSeparator(), last);
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false; // the JVM is already exiting; the timeout still bounds the wait
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; it only kills a process that has already ended.
    }
  }
}
