package io.streamcert.conformance.official;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the official Node conformance suite, {@code @durable-streams/server-conformance-tests}
 * pinned at {@value #VERSION}, against one Durable Streams server and returns vitest's verdict as
 * typed results.
 *
 * <p>The suite is installed with npm on first use into {@code
 * <cacheDirectory>/official-suite-0.3.6/} and reused afterwards. Each {@link #run()} writes the
 * vitest log ({@value #LOG_FILE}), the JSON report ({@value #REPORT_FILE}) and, when it installs,
 * the npm log ({@value #INSTALL_LOG_FILE}) to the output directory. Needs {@code node} 18+, {@code
 * npm} and {@code npx} on PATH; {@link #toolchainProblem()} says what is missing.
 *
 * <pre>{@code
 * OfficialSuiteResult result = OfficialSuite.builder()
 *     .baseUrl(URI.create("http://127.0.0.1:4437"))
 *     .outputDirectory(Path.of("target/official-suite"))
 *     .build()
 *     .run();
 * System.out.println(result.summary());
 * }</pre>
 */
public final class OfficialSuite {

  /** The exact npm version of the suite this bridge installs and runs. */
  public static final String VERSION = "0.3.6";

  /** The npm package of the suite. */
  public static final String PACKAGE = SuiteInstallation.PACKAGE;

  /** How long {@link #run()} may take, install included, unless the builder says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The variable that overrides the default cache folder, {@code ~/.cache/streamcert}. */
  public static final String CACHE_VARIABLE = "STREAMCERT_CACHE";

  public static final String LOG_FILE = "official-suite.log";
  public static final String REPORT_FILE = "official-suite-report.json";
  public static final String INSTALL_LOG_FILE = "official-suite-npm-install.log";

  private final URI baseUrl;
  private final Duration longPollTimeout; // null: the suite's own default applies
  private final boolean subscriptions;
  private final Duration timeout;
  private final Path outputDirectory;
  private final Path cacheDirectory;

  private OfficialSuite(Builder b) {
    this.baseUrl = origin(b.baseUrl);
    this.longPollTimeout = b.longPollTimeout;
    this.subscriptions = b.subscriptions;
    this.timeout = b.timeout;
    this.outputDirectory = b.outputDirectory.toAbsolutePath();
    this.cacheDirectory =
        (b.cacheDirectory != null
                ? b.cacheDirectory
                : defaultCacheDirectory(System.getenv(), System.getProperty("user.home")))
            .toAbsolutePath();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .baseUrl(baseUrl)
        .longPollTimeout(longPollTimeout)
        .subscriptions(subscriptions)
        .timeout(timeout)
        .outputDirectory(outputDirectory)
        .cacheDirectory(cacheDirectory);
  }

  /**
   * Tells what to install when {@code node}, {@code npm} or {@code npx} is missing from PATH or
   * Node is older than 18; empty when the suite can run. Blocks while {@code node --version} runs.
   */
  public static Optional<String> toolchainProblem() {
    try {
      NodeToolchain.locate(System.getenv());
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Installs the suite if needed, runs it against {@link #baseUrl()} and returns the parsed report.
   * Blocks for the whole run (about half a minute against a fast server, plus about ten seconds for
   * a first install) and never longer than {@link #timeout()}, after which vitest and every process
   * it started are killed. Failing tests are part of the result, not an exception.
   *
   * @throws OfficialSuiteException when Node is missing, the install fails, the run times out or
   *     vitest writes no usable report; the message names the log to read and the fix
   * @throws InterruptedIOException when the calling thread is interrupted; the child processes are
   *     killed first
   */
  public OfficialSuiteResult run() throws IOException {
    long started = System.nanoTime();
    NodeToolchain tools = NodeToolchain.locate(System.getenv());
    Files.createDirectories(outputDirectory);
    // Old files must never pass for this run's evidence.
    Files.deleteIfExists(reportFile());
    Files.deleteIfExists(logFile());
    Files.deleteIfExists(installLogFile());

    Path suiteDir =
        new SuiteInstallation(cacheDirectory, VERSION)
            .ensureInstalled(tools, installLogFile(), remaining(started));
    return new VitestRun(this, tools, suiteDir).run(remaining(started));
  }

  /** Returns the origin of the server under test, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Returns the long-poll timeout told to the suite; empty means the suite's 20 s default. */
  public Optional<Duration> longPollTimeout() {
    return Optional.ofNullable(longPollTimeout);
  }

  public boolean subscriptions() {
    return subscriptions;
  }

  public Duration timeout() {
    return timeout;
  }

  public Path outputDirectory() {
    return outputDirectory;
  }

  public Path cacheDirectory() {
    return cacheDirectory;
  }

  /** Returns the folder the pinned suite is installed in, inside {@link #cacheDirectory()}. */
  public Path installDirectory() {
    return new SuiteInstallation(cacheDirectory, VERSION).directory();
  }

  /** Returns the path of vitest's JSON report of the last run. */
  public Path reportFile() {
    return outputDirectory.resolve(REPORT_FILE);
  }

  /** Returns the path of vitest's human-readable (verbose reporter) output of the last run. */
  public Path logFile() {
    return outputDirectory.resolve(LOG_FILE);
  }

  /** Returns the path of npm's output, present only when the last run installed the suite. */
  public Path installLogFile() {
    return outputDirectory.resolve(INSTALL_LOG_FILE);
  }

  @Override
  public String toString() {
    return "OfficialSuite{" + VERSION + " against " + baseUrl + "}";
  }

  private Duration remaining(long startedNanos) {
    Duration left = timeout.minusNanos(System.nanoTime() - startedNanos);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Returns {@code $STREAMCERT_CACHE/}, or {@code <home>/.cache/streamcert} when it is unset. */
  static Path defaultCacheDirectory(Map<String, String> env, String userHome) {
    String configured = env.get(CACHE_VARIABLE);
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    return Path.of(userHome, ".cache", "streamcert");
  }

  private static URI origin(URI url) {
    return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
  }

  /** Collects settings; {@link #build()} reports every invalid one at once. */
  public static final class Builder {
    private URI baseUrl;
    private Duration longPollTimeout;
    private boolean subscriptions = false;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path outputDirectory;
    private Path cacheDirectory;

    private Builder() {}

    /** Sets the origin of the server under test, such as {@code http://127.0.0.1:4437}. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Tells the suite the server's long-poll timeout, which sizes the long-poll tests' own timeouts
     * (this plus 1 s); {@code null} keeps the suite's default of 20 s.
     */
    public Builder longPollTimeout(Duration longPollTimeout) {
      this.longPollTimeout = longPollTimeout;
      return this;
    }

    /** Includes the 6 opt-in reserved-subscription tests; off by default, so they are skipped. */
    public Builder subscriptions(boolean subscriptions) {
      this.subscriptions = subscriptions;
      return this;
    }

    /** Bounds the whole {@link OfficialSuite#run()}, install included; 10 minutes by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Sets the folder for the logs and the JSON report; required. Created when missing. */
    public Builder outputDirectory(Path outputDirectory) {
      this.outputDirectory = outputDirectory;
      return this;
    }

    /**
     * Sets the cache folder that holds the installed suite; by default {@code $STREAMCERT_CACHE},
     * else {@code ~/.cache/streamcert}.
     */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = cacheDirectory;
      return this;
    }

    /**
     * Validates the settings and returns the suite.
     *
     * @throws IllegalArgumentException listing every invalid setting with its value and the fix
     */
    public OfficialSuite build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new OfficialSuite(this);
    }

    private List<String> problems() {
      List<String> p = new ArrayList<>();
      if (baseUrl == null) {
        p.add(
            "baseUrl is required: the origin of the server under test, such as"
                + " http://127.0.0.1:4437");
      } else {
        String scheme =
            baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
          p.add(
              "baseUrl was '"
                  + baseUrl
                  + "' but must be an http or https origin such as http://127.0.0.1:4437");
        } else if (!(baseUrl.getRawPath() == null
                || baseUrl.getRawPath().isEmpty()
                || baseUrl.getRawPath().equals("/"))
            || baseUrl.getRawQuery() != null
            || baseUrl.getRawFragment() != null) {
          p.add(
              "baseUrl was '"
                  + baseUrl
                  + "' but must be the origin only, such as "
                  + origin(baseUrl)
                  + "; the suite adds /v1/stream/... itself");
        }
      }
      if (longPollTimeout != null && (longPollTimeout.isNegative() || longPollTimeout.isZero())) {
        p.add(
            "longPollTimeout was "
                + longPollTimeout.toMillis()
                + "ms but must be positive, or null for the suite's default of 20s");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        p.add(
            "timeout was "
                + (timeout == null ? "null" : timeout.toMillis() + "ms")
                + " but must be positive, such as 10m (the default)");
      }
      if (outputDirectory == null) {
        p.add(
            "outputDirectory is required: a folder for the vitest log and JSON report,"
                + " such as target/official-suite");
      }
      return p;
    }
  }
}
