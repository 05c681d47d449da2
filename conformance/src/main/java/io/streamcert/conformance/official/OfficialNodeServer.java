package io.streamcert.conformance.official;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcert.conformance.official.OfficialNodeServerException.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the official Node reference server, {@code @durable-streams/server} pinned at {@value
 * #VERSION}, as a child process on a loopback port, for cross-validation and side-by-side
 * measurements.
 *
 * <p>The package is installed with npm on first use into {@code
 * <cacheDirectory>/official-server-0.3.7/} and reused afterwards, like {@link OfficialSuite}'s
 * suite. The server's output goes to {@value #LOG_FILE} in the output directory (and npm's, when it
 * installs, to {@value #INSTALL_LOG_FILE}); give each running server its own output directory.
 * Needs {@code node} 18+, {@code npm} and {@code npx} on PATH; {@link #toolchainProblem()} says
 * what is missing.
 *
 * <pre>{@code
 * try (OfficialNodeServer server = OfficialNodeServer.builder()
 *     .outputDirectory(Path.of("target/official-server"))
 *     .start()) {
 *   URI base = server.baseUri(); // http://127.0.0.1:<port>, streams under /v1/stream/
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the server with SIGTERM, then kills whatever is left of its process
 * tree; a JVM that exits without closing it kills it from a shutdown hook, and one killed outright
 * closes the server's stdin, which stops it too.
 */
public final class OfficialNodeServer implements AutoCloseable {

  /** The npm package of the server. */
  public static final String PACKAGE = "@durable-streams/server";

  /** The exact npm version of the server this fixture installs and runs. */
  public static final String VERSION = "0.3.7";

  /** The long-poll timeout unless the builder says otherwise; the server's own default is 30 s. */
  public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofMillis(500);

  /** How long {@link Builder#start()} waits for the server to be ready, install excluded. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  /** How long a first {@code npm install} may take. */
  public static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofMinutes(10);

  public static final String LOG_FILE = "official-node-server.log";
  public static final String INSTALL_LOG_FILE = "official-node-server-npm-install.log";

  /** The ESM script, copied next to the installed package, that starts the server. */
  static final String LAUNCHER = "streamcert-official-server.mjs";

  static final String HOST = "127.0.0.1";

  /** How long the server may take to stop after SIGTERM before its tree is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeServerProcess process;
  private final URI baseUri;
  private final Duration longPollTimeout;
  private final Path dataDir;
  private final boolean webhooks;
  private final Path installDirectory;

  private OfficialNodeServer(Builder b, NodeServerProcess process, Path installDirectory) {
    this.process = process;
    this.baseUri = URI.create("http://" + HOST + ":" + process.port());
    this.longPollTimeout = b.longPollTimeout;
    this.dataDir = b.dataDir;
    this.webhooks = b.webhooks;
    this.installDirectory = installDirectory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells what to install when {@code node}, {@code npm} or {@code npx} is missing from PATH or
   * Node is older than 18; empty when the server can run. Blocks while {@code node --version} runs.
   */
  public static Optional<String> toolchainProblem() {
    return OfficialSuite.toolchainProblem();
  }

  /** Returns {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  public int port() {
    return process.port();
  }

  /** Returns the process id of {@code node}, the root of the server's process tree. */
  public long pid() {
    return process.pid();
  }

  /** Tells whether the server process is still running; false after {@link #close()}. */
  public boolean isAlive() {
    return process.isAlive();
  }

  public Duration longPollTimeout() {
    return longPollTimeout;
  }

  /** Returns the folder of the file-backed store; empty when the server keeps streams in memory. */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  public boolean webhooks() {
    return webhooks;
  }

  /** Returns the log holding the launch command and everything the server printed. */
  public Path logFile() {
    return process.log();
  }

  /** Returns the folder the pinned server is installed in, inside the cache directory. */
  public Path installDirectory() {
    return installDirectory;
  }

  /**
   * Stops the server: SIGTERM, up to 5 s for it to close its streams and exit, then a forced kill
   * of every process left in its tree. Blocks until the process is gone, so its port is free when
   * this returns. Idempotent.
   */
  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  @Override
  public String toString() {
    return "OfficialNodeServer{" + PACKAGE + "@" + VERSION + " at " + baseUri + "}";
  }

  private static Kind kindOf(OfficialSuiteException e) {
    return e.kind() == OfficialSuiteException.Kind.TOOLCHAIN_MISSING
        ? Kind.TOOLCHAIN_MISSING
        : Kind.INSTALL_FAILED;
  }

  /** Collects settings; {@link #start()} reports every invalid one at once. */
  public static final class Builder {
    private Duration longPollTimeout = DEFAULT_LONG_POLL_TIMEOUT;
    private Path dataDir;
    private int port = 0;
    private boolean webhooks = false;
    private Path outputDirectory;
    private Path cacheDirectory;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration installTimeout = DEFAULT_INSTALL_TIMEOUT;

    private Builder() {}

    /** Sets how long a long-poll read waits for data before answering 204; 500 ms by default. */
    public Builder longPollTimeout(Duration longPollTimeout) {
      this.longPollTimeout = longPollTimeout;
      return this;
    }

    /**
     * Keeps streams in files (LMDB plus append-only logs) under {@code dataDir}, created when
     * missing, so they survive a restart; {@code null}, the default, keeps them in memory.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Sets the loopback port; 0, the default, lets the system pick a free one, which {@link
     * OfficialNodeServer#port()} then reports.
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Accepts {@code type=webhook} subscriptions; off by default, as in the server. */
    public Builder webhooks(boolean webhooks) {
      this.webhooks = webhooks;
      return this;
    }

    /** Sets the folder for the server log and the npm log; required. Created when missing. */
    public Builder outputDirectory(Path outputDirectory) {
      this.outputDirectory = outputDirectory;
      return this;
    }

    /**
     * Sets the cache folder that holds the installed server; by default {@code $STREAMCERT_CACHE},
     * else {@code ~/.cache/streamcert}, shared with {@link OfficialSuite}.
     */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = cacheDirectory;
      return this;
    }

    /** Bounds the wait for the started server to be ready, install excluded; 30 s by default. */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** Bounds a first {@code npm install} of the server; 10 minutes by default. */
    public Builder installTimeout(Duration installTimeout) {
      this.installTimeout = installTimeout;
      return this;
    }

    /**
     * Validates the settings, installs the server if needed, starts it and blocks until it prints
     * READY and accepts a TCP connection, at most the start timeout (plus the install timeout when
     * it installs).
     *
     * @throws IllegalArgumentException listing every invalid setting with its value and the fix
     * @throws OfficialNodeServerException when Node is missing, the install fails, or the server
     *     exits early or is not ready in time; the message holds the log's last lines and no
     *     process is left behind
     * @throws java.io.InterruptedIOException when interrupted; the server is killed first
     */
    public OfficialNodeServer start() throws IOException {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      Path output = outputDirectory.toAbsolutePath();
      Path cache =
          (cacheDirectory != null
                  ? cacheDirectory
                  : OfficialSuite.defaultCacheDirectory(
                      System.getenv(), System.getProperty("user.home")))
              .toAbsolutePath();
      Files.createDirectories(output);
      Path log = output.resolve(LOG_FILE);
      Path installLog = output.resolve(INSTALL_LOG_FILE);
      // Old files must never pass for this start's evidence.
      Files.deleteIfExists(log);
      Files.deleteIfExists(installLog);

      SuiteInstallation installation =
          SuiteInstallation.ofPackage(
              cache,
              PACKAGE,
              "official-server",
              VERSION,
              List.of(LAUNCHER),
              "OfficialNodeServer.Builder.installTimeout");
      NodeToolchain tools;
      Path installDir;
      try {
        tools = NodeToolchain.locate(System.getenv());
        installDir = installation.ensureInstalled(tools, installLog, installTimeout);
      } catch (OfficialSuiteException e) {
        throw new OfficialNodeServerException(kindOf(e), e.getMessage(), e);
      }
      if (dataDir != null) Files.createDirectories(dataDir);

      List<String> command =
          List.of(tools.node().toString(), installDir.resolve(LAUNCHER).toString(), options());
      NodeServerProcess process =
          NodeServerProcess.start(
              "the official Node server " + PACKAGE + "@" + VERSION,
              command,
              output,
              log,
              startTimeout);
      return new OfficialNodeServer(this, process, installDir);
    }

    /** Returns the server's constructor options as one JSON argument for the launcher. */
    private String options() {
      ObjectNode options = JSON.createObjectNode();
      options.put("host", HOST);
      options.put("port", port);
      options.put("longPollTimeout", longPollTimeout.toMillis());
      if (dataDir != null) options.put("dataDir", dataDir.toAbsolutePath().toString());
      options.put("webhooks", webhooks);
      return options.toString();
    }

    private List<String> problems() {
      List<String> p = new ArrayList<>();
      if (longPollTimeout == null || longPollTimeout.toMillis() < 1) {
        p.add(
            "longPollTimeout was "
                + (longPollTimeout == null ? "null" : longPollTimeout.toMillis() + "ms")
                + " but must be at least 1ms, such as 500ms (the default)");
      }
      if (port < 0 || port > 65535) {
        p.add(
            "port was "
                + port
                + " but must be between 1 and 65535, or 0 to let the system pick a free one");
      }
      if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
        p.add(
            "dataDir was '"
                + dataDir
                + "' but that is a file; name a folder (created when missing), or null to keep"
                + " streams in memory");
      }
      if (outputDirectory == null) {
        p.add(
            "outputDirectory is required: a folder for the server log, such as"
                + " target/official-server");
      }
      if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
        p.add(
            "startTimeout was "
                + (startTimeout == null ? "null" : startTimeout.toMillis() + "ms")
                + " but must be positive, such as 30s (the default)");
      }
      if (installTimeout == null || installTimeout.isNegative() || installTimeout.isZero()) {
        p.add(
            "installTimeout was "
                + (installTimeout == null ? "null" : installTimeout.toMillis() + "ms")
                + " but must be positive, such as 10m (the default)");
      }
      return p;
    }
  }
}
