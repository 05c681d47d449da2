package io.streamcert.reference.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link CrashServerMain} as a child process of the test JVM (same java binary, same class
 * path), on a fixed port and data dir, and kills it with SIGKILL. Every wait has a deadline; the
 * child's output (stdout and stderr merged) is kept for the report.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("READY (\\d+) recoveryMillis=(\\d+) streams=(\\d+).*");
  private static final long START_DEADLINE_MILLIS = 15_000;
  private static final int KEPT_LINES = 400;

  private final int port;
  private final Path dataDir;
  private final boolean lossy;
  private final String mainClass;
  private final List<String> extraArgs;
  private final List<String> output = new ArrayList<>();
  private final List<Long> recoveryMillis = new ArrayList<>();
  private final List<Integer> recoveredStreams = new ArrayList<>();
  private Process process;
  private int starts;

  ServerProcess(int port, Path dataDir, boolean lossy) {
    this(port, dataDir, lossy, CrashServerMain.class.getName(), List.of());
  }

  /** Runs {@code mainClass <port> <data-dir> extraArgs...} instead (such as {@link TieredServerMain}). */
  ServerProcess(int port, Path dataDir, boolean lossy, String mainClass, List<String> extraArgs) {
    this.port = port;
    this.dataDir = dataDir;
    this.lossy = lossy;
    this.mainClass = mainClass;
    this.extraArgs = List.copyOf(extraArgs);
  }

  static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** Starts the server and waits (bounded) for its READY line. */
  void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) throw new IllegalStateException("already running");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), mainClass,
        Integer.toString(port), dataDir.toString()));
    if (lossy && extraArgs.isEmpty()) cmd.add("--lossy");
    cmd.addAll(extraArgs);
    int run = ++starts;
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    process = p;
    Object ready = new Object();
    String[] readyLine = {null};
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          keep("[server#" + run + "] " + line);
          if (line.startsWith("READY ")) {
            synchronized (ready) {
              readyLine[0] = line;
              ready.notifyAll();
            }
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      }
      synchronized (ready) {
        ready.notifyAll();
      }
    }, "server-output-" + run);
    pump.setDaemon(true);
    pump.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MILLIS);
    synchronized (ready) {
      while (readyLine[0] == null && p.isAlive()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) break;
        ready.wait(Math.min(left, 100));
      }
    }
    if (readyLine[0] == null) {
      kill();
      throw new IllegalStateException("the server (start #" + run + ") did not print READY within "
          + START_DEADLINE_MILLIS + "ms; its output:\n" + String.join("\n", output()));
    }
    Matcher m = READY.matcher(readyLine[0]);
    if (m.matches()) {
      synchronized (this) {
        recoveryMillis.add(Long.parseLong(m.group(2)));
        recoveredStreams.add(Integer.parseInt(m.group(3)));
      }
    }
  }

  /** SIGKILLs the server (destroyForcibly is SIGKILL on Linux) and waits, bounded, until it is gone. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p == null) return;
    p.destroyForcibly();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server process " + p.pid() + " survived SIGKILL for 10 s");
    }
  }

  int starts() {
    return starts;
  }

  /** Recovery time the server printed at each start, in order. */
  synchronized List<Long> recoveryMillis() {
    return List.copyOf(recoveryMillis);
  }

  synchronized List<Integer> recoveredStreams() {
    return List.copyOf(recoveredStreams);
  }

  private synchronized void keep(String line) {
    output.add(line);
    if (output.size() > KEPT_LINES) output.remove(0);
  }

  synchronized List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
