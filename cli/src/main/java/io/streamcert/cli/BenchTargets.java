package io.streamcert.cli;

import io.streamcert.conformance.official.OfficialNodeServer;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The servers load compares and the performance report measures, each launched as its own process
 * on a free loopback port: the reference server with memory or file storage (fsync always), the
 * official Node reference server {@value OfficialNodeServer#VERSION} in memory or with its file
 * store, and a no-op endpoint on the reference server's HTTP stack. A running server given by URL
 * works too (without resident-memory figures).
 */
final class BenchTargets {

  static final List<String> NAMES = List.of("ref-memory", "ref-file", "node-memory", "node-file", "no-op");

  /** The long-poll timeout of both servers in measurements. */
  static final java.time.Duration LONG_POLL = java.time.Duration.ofSeconds(20);

  private BenchTargets() {}

  /** A server under measurement. */
  interface Server extends AutoCloseable {
    /** The short name, like {@code ref-memory}, or the URL. */
    String key();

    /** What it is, for reports. */
    String label();

    /** The stream base URL, like {@code http://127.0.0.1:4321/v1/stream/}. */
    URI streams();

    /** The server's process id, or -1 when it was not launched here. */
    long pid();

    @Override
    void close();
  }

  /** Explains what {@code text} must be when it names no target; null when it is fine. */
  static String problem(String text) {
    if (NAMES.contains(text)) return null;
    if (text.startsWith("http://")) {
      List<String> p = new ArrayList<>();
      LoadCommand.streamBase(text, p);
      return p.isEmpty() ? null : p.get(0);
    }
    return "'" + text + "' is not a target; use one of " + String.join(", ", NAMES) + " or an http:// URL";
  }

  /** Launches (or, for a URL, reaches) the target, with its logs and data under {@code dir}. */
  static Server start(String key, Path dir) throws IOException {
    Files.createDirectories(dir);
    switch (key) {
      case "ref-memory", "ref-file", "no-op" -> {
        TargetDescriptor d = key.equals("no-op") ? noOpDescriptor() : referenceDescriptor(key.equals("ref-file"));
        LaunchedTarget t = LaunchedTarget.builder(d).runDir(dir).start();
        String label = switch (key) {
          case "ref-memory" -> "reference server, memory";
          case "ref-file" -> "reference server, file (fsync always)";
          default -> "no-op endpoint on the reference server's Netty HTTP stack";
        };
        return new Server() {
          public String key() {
            return key;
          }

          public String label() {
            return label;
          }

          public URI streams() {
            return t.streamsUri();
          }

          public long pid() {
            return t.pid();
          }

          public void close() {
            t.close();
          }
        };
      }
      case "node-memory", "node-file" -> {
        Optional<String> missing = OfficialNodeServer.toolchainProblem();
        if (missing.isPresent()) throw new IOException("the official Node server cannot run here: " + missing.get());
        OfficialNodeServer.Builder b = OfficialNodeServer.builder().outputDirectory(dir).longPollTimeout(LONG_POLL);
        if (key.equals("node-file")) b.dataDir(dir.resolve("data"));
        OfficialNodeServer node = b.start();
        String label = "official Node server " + OfficialNodeServer.VERSION + (key.equals("node-file") ? ", file store" : ", memory");
        return new Server() {
          public String key() {
            return key;
          }

          public String label() {
            return label;
          }

          public URI streams() {
            return URI.create(node.baseUri() + "/v1/stream/");
          }

          public long pid() {
            return node.pid();
          }

          public void close() {
            node.close();
          }
        };
      }
      default -> {
        List<String> p = new ArrayList<>();
        URI streams = LoadCommand.streamBase(key, p);
        if (!p.isEmpty()) throw new IllegalArgumentException(p.get(0));
        String problem = TargetProbe.problem(LoadCommand.origin(streams));
        if (problem != null) throw new IOException("the target " + key + " " + problem);
        return new Server() {
          public String key() {
            return key;
          }

          public String label() {
            return "server at " + key;
          }

          public URI streams() {
            return streams;
          }

          public long pid() {
            return -1;
          }

          public void close() {}
        };
      }
    }
  }

  /**
   * The reference server for measurements: its own process, the long-poll timeout both servers
   * get here, and SSE connections that stay open through a run (certify's descriptors end them
   * every 5 s to test reconnection).
   */
  static TargetDescriptor referenceDescriptor(boolean file) {
    String yaml = """
        name: streamcert reference server (%s)
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.cli.Main, serve,
                     --host, 127.0.0.1, --port, "${port}", --long-poll-timeout, %ds, --sse-reconnect-interval, 120s%s ]
          ready: { http-get: /health, status: 200, within: 30s }
          stop: SIGTERM
          stop-timeout: 10s
        features: [core, json, long-poll, sse, idempotent-producer, closure, fork, ttl, caching, security-headers]
        storage: %s
        """.formatted(file ? "file" : "memory", LONG_POLL.toSeconds(),
        file ? ", --storage, file, --data-dir, \"${data-dir}\", --fsync, always" : "", file ? "file\nfsync: always" : "memory");
    return TargetDescriptor.parse(yaml, "built-in reference server for measurements");
  }

  /** The no-op endpoint as a launchable target (the same JVM and class path as the reference server). */
  static TargetDescriptor noOpDescriptor() {
    String yaml = """
        name: no-op endpoint (reference HTTP stack)
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.reference.NoOpServerMain, --host, 127.0.0.1, --port, "${port}" ]
          ready: { http-get: /health, status: 200, within: 30s }
          stop: SIGTERM
          stop-timeout: 10s
        features: [core]
        storage: memory
        """;
    return TargetDescriptor.parse(yaml, "built-in no-op endpoint");
  }

  /**
   * Resident memory of a process and its descendants in kilobytes (VmRSS from /proc), or -1 when
   * it cannot be read (not Linux, not launched here, gone).
   */
  static long residentKb(long pid) {
    if (pid <= 0) return -1;
    Optional<ProcessHandle> root = ProcessHandle.of(pid);
    if (root.isEmpty()) return -1;
    long total = vmRss(pid);
    if (total < 0) return -1;
    for (ProcessHandle h : root.get().descendants().toList()) {
      long kb = vmRss(h.pid());
      if (kb > 0) total += kb;
    }
    return total;
  }

  /**
   * Resident memory after asking a JVM for a full GC ({@code jcmd PID GC.run}; G1 then returns
   * unused heap to the OS), in kilobytes: what the live data holds, where the plain figure also
   * counts heap grown for garbage. -1 for a process that is not a JVM or when jcmd is missing.
   */
  static long residentAfterGcKb(long pid) {
    if (pid <= 0) return -1;
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) return -1;
    boolean jvm = ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> c.endsWith("java")).orElse(false);
    if (!jvm) return -1;
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      if (p.exitValue() != 0) return -1;
      Thread.sleep(500);
      return residentKb(pid);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long vmRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** CPU time (user + system) of a process and its descendants in nanoseconds, or -1 when unknown. */
  static long cpuNanos(long pid) {
    if (pid <= 0) return -1;
    Optional<ProcessHandle> root = ProcessHandle.of(pid);
    if (root.isEmpty()) return -1;
    long total = root.get().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    if (total < 0) return -1;
    for (ProcessHandle h : root.get().descendants().toList()) {
      total += h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
    return total;
  }

  static String megabytes(long kb) {
    return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }
}
