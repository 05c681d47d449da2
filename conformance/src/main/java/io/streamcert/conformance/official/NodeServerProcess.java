package io.streamcert.conformance.official;

import io.streamcert.conformance.official.OfficialNodeServerException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one long-lived server process whose output goes to a log file, waits until it prints {@code
 * READY <port>} and accepts a TCP connection on that loopback port, and stops it with its whole
 * process tree.
 *
 * <p>A thread copies the output to the log line by line; reading the pipe (rather than redirecting
 * it to the file) is what lets the READY line be awaited without polling, and keeps the pipe
 * drained for as long as the server lives.
 */
final class NodeServerProcess {

  private static final Pattern READY = Pattern.compile("^READY (\\d{1,5})$");
  private static final int TAIL_LINES = 20;
  private static final Duration LOG_DRAIN = Duration.ofSeconds(5);

  private final Process process;
  private final String name;
  private final Path log;
  private final Thread reaper;
  private final boolean reaperAdded;
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();
  private volatile int port = -1;
  private boolean stopped;

  private NodeServerProcess(Process process, String name, Path log) {
    this.process = process;
    this.name = name;
    this.log = log;
    // A JVM that exits without close() (Ctrl-C, a Surefire fork timeout) must not leave the server
    // running; a JVM killed outright is covered by the launcher, which stops when stdin ends.
    this.reaper =
        new Thread(() -> BoundedProcess.killTree(process), "streamcert-node-server-reaper");
    this.reaperAdded = addShutdownHook(reaper);
  }

  /**
   * Starts {@code command} in {@code workDir}, the command line and then its stdout and stderr
   * written to {@code log} (replaced), and blocks until it is ready, at most {@code readyTimeout}.
   * Messages call the process {@code name}.
   *
   * @throws OfficialNodeServerException of kind {@link Kind#EXITED} when the process ends before it
   *     is ready, or {@link Kind#NOT_READY} when the time runs out; either way the message holds
   *     the log's last lines and no process is left behind
   * @throws InterruptedIOException when interrupted while waiting; the process tree is killed first
   */
  static NodeServerProcess start(
      String name, List<String> command, Path workDir, Path log, Duration readyTimeout)
      throws IOException {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    Writer out =
        Files.newBufferedWriter(
            log,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    Process process;
    try {
      out.write("$ " + String.join(" ", command) + System.lineSeparator());
      out.flush();
    } catch (IOException e) {
      out.close();
      throw e;
    }
    try {
      process =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      out.close();
      throw new IOException(
          "could not start "
              + name
              + " with '"
              + String.join(" ", command)
              + "' in "
              + workDir
              + ": "
              + e.getMessage(),
          e);
    }
    // stdin stays open on purpose: its end tells the launcher that the JVM is gone.
    NodeServerProcess server = new NodeServerProcess(process, name, log);
    Thread pump =
        new Thread(() -> server.copyOutput(process.getInputStream(), out), "streamcert-node-log");
    pump.setDaemon(true);
    pump.start();
    try {
      server.awaitReady(deadline, readyTimeout);
      return server;
    } catch (IOException | RuntimeException | Error e) {
      server.kill();
      throw e;
    }
  }

  /** Returns the port from the READY line. */
  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /**
   * Sends SIGTERM (on Windows, terminates), waits up to {@code grace} for the process to exit, then
   * kills whatever is left of its tree. Blocks until the process is gone and its log is complete.
   * Does nothing the second time.
   */
  synchronized void stop(Duration grace) {
    if (stopped) return;
    stopped = true;
    // Listed before the parent goes: its orphans would no longer be found through it.
    List<ProcessHandle> tree = descendants();
    // Through the handle, because Process.destroy() also closes the output pipe and so loses what
    // the server prints while it stops.
    process.toHandle().destroy();
    try {
      process.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // still killed below; the caller sees the flag
    }
    kill(tree);
  }

  private void kill() {
    kill(List.of());
  }

  /**
   * Kills the process, {@code known} descendants and any it still has, then waits for the exit and
   * for the copier to reach the end of the output, so the log is complete.
   */
  private void kill(List<ProcessHandle> known) {
    List<ProcessHandle> current = descendants();
    // Handles again rather than Process.destroyForcibly(), which would close the pipe before the
    // copier has read the last lines.
    process.toHandle().destroyForcibly();
    known.forEach(ProcessHandle::destroyForcibly);
    current.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    awaitOutputEnd();
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // The process is gone; the pipe has nothing left to flush.
    }
    if (reaperAdded) removeShutdownHook(reaper);
  }

  private void awaitReady(long deadline, Duration readyTimeout) throws IOException {
    try {
      CompletableFuture.anyOf(ready, outputEnded)
          .get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      kill();
      throw new OfficialNodeServerException(
          Kind.NOT_READY,
          describe()
              + " did not print READY within "
              + readyTimeout.toMillis()
              + "ms and was killed; "
              + tailOfLog()
              + "\nA slow machine or a first start of the native storage module can need more time:"
              + " raise the start timeout (OfficialNodeServer.Builder.startTimeout)",
          e);
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting for " + describe() + " to start");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the log copier never fails its futures", e);
    }
    if (!ready.isDone()) throw exitedEarly(deadline);
    port = ready.join();
    awaitConnectable(deadline, readyTimeout);
  }

  /** The output ended without READY: the process is exiting, or closed its output and hangs. */
  private OfficialNodeServerException exitedEarly(long deadline) throws InterruptedIOException {
    boolean exited;
    try {
      exited = process.waitFor(remainingNanos(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting for " + describe() + " to exit");
      interrupted.initCause(e);
      throw interrupted;
    }
    kill();
    String tail = tailOfLog();
    if (!exited) {
      return new OfficialNodeServerException(
          Kind.NOT_READY,
          describe() + " closed its output without printing READY and was killed; " + tail);
    }
    String message =
        describe() + " exited with code " + process.exitValue() + " before it was ready; " + tail;
    if (tail.contains("EADDRINUSE")) {
      message +=
          "\nAnother process already listens on that port: stop it, choose a free port, or use"
              + " port(0) to let the system pick one";
    } else {
      message += "\nCheck the settings named in the error above; the whole output is in " + log;
    }
    return new OfficialNodeServerException(Kind.EXITED, message);
  }

  /** Connects once more after READY, so that a caller never races the listening socket. */
  private void awaitConnectable(long deadline, Duration readyTimeout) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    IOException last = null;
    while (true) {
      if (!process.isAlive()) {
        kill();
        throw new OfficialNodeServerException(
            Kind.EXITED,
            describe()
                + " printed READY "
                + port
                + " but exited with code "
                + process.exitValue()
                + "; "
                + tailOfLog());
      }
      try (Socket socket = new Socket()) {
        socket.connect(address, 1000);
        return;
      } catch (IOException e) {
        last = e;
      }
      if (System.nanoTime() >= deadline) {
        kill();
        throw new OfficialNodeServerException(
            Kind.NOT_READY,
            describe()
                + " printed READY "
                + port
                + " but "
                + address
                + " refused connections until the start timeout of "
                + readyTimeout.toMillis()
                + "ms ran out; it was killed; "
                + tailOfLog(),
            last);
      }
      try {
        Thread.sleep(20); // retry interval of a bounded await, not a wait for an outcome
      } catch (InterruptedException e) {
        kill();
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("interrupted while connecting to " + address);
        interrupted.initCause(e);
        throw interrupted;
      }
    }
  }

  private void copyOutput(InputStream in, Writer out) {
    try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Writer log = out) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.write(line);
        log.write(System.lineSeparator());
        log.flush(); // the log is evidence; a crash must not lose its last lines
        if (!ready.isDone()) {
          Matcher m = READY.matcher(line.strip());
          if (m.matches()) ready.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the process is killed; there is nothing more to copy.
    } finally {
      outputEnded.complete(null);
    }
  }

  private void awaitOutputEnd() {
    try {
      outputEnded.get(LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // A grandchild holding the pipe open; the log may miss its last lines, nothing worse.
    }
  }

  private List<ProcessHandle> descendants() {
    try (Stream<ProcessHandle> all = process.descendants()) {
      return all.toList();
    }
  }

  private String tailOfLog() {
    return "last lines of " + log + ":\n" + BoundedProcess.tail(log, TAIL_LINES);
  }

  private String describe() {
    return name + " (pid " + process.pid() + ")";
  }

  private static long remainingNanos(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false; // the JVM is already exiting; the launcher stops when stdin ends
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
