package io.streamcert.cli;

import io.streamcert.reference.DataSize;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.ServerConfig.Storage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the reference server in the foreground until Ctrl-C or SIGTERM, then stops it and exits 0.
 *
 * <p>Options arrive as text and are converted here rather than by picocli, which stops at the
 * first value it cannot convert; this way one run reports every invalid option. An interrupt of
 * the thread running the command stops the server the same way a signal does, which is how tests
 * and embedders end it.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    showDefaultValues = true,
    defaultValueProvider = ServeCommand.Defaults.class,
    description = {
      "Runs the reference Durable Streams server until Ctrl-C or SIGTERM.",
      "Streams live under " + ReferenceServer.STREAM_ROOT + " on the chosen port."
    })
final class ServeCommand implements Callable<Integer> {

  private static final String HOST = "--host";
  private static final String PORT = "--port";
  private static final String STORAGE = "--storage";
  private static final String LONG_POLL_TIMEOUT = "--long-poll-timeout";
  private static final String SSE_RECONNECT_INTERVAL = "--sse-reconnect-interval";
  private static final String MAX_BODY = "--max-body";
  private static final String MAX_CHUNK = "--max-chunk";
  private static final String DATA_DIR = "--data-dir";
  private static final String FSYNC = "--fsync";

  @Spec CommandSpec spec;

  @Option(
      names = HOST,
      paramLabel = "ADDRESS",
      description = "Address to listen on; 0.0.0.0 listens on every interface.")
  String host;

  @Option(names = PORT, paramLabel = "PORT", description = "Port to listen on; 0 picks a free one.")
  String port;

  @Option(names = STORAGE, paramLabel = "KIND", description = "Where streams are kept: memory, or file (needs --data-dir).")
  String storage;

  @Option(names = DATA_DIR, paramLabel = "DIR", description = "Directory of file storage (created if missing; locked while the server runs).")
  String dataDir;

  @Option(names = FSYNC, paramLabel = "POLICY",
      description = "File storage durability: always (ack after fsync, group commit), interval:<duration> (fsync on a timer; a machine crash can lose up to that much), never (the OS decides). Default: ${DEFAULT-VALUE}.")
  String fsync;

  @Option(
      names = LONG_POLL_TIMEOUT,
      paramLabel = "DURATION",
      description = "How long a long-poll read waits for data before answering 204, like 500ms.")
  String longPollTimeout;

  @Option(
      names = SSE_RECONNECT_INTERVAL,
      paramLabel = "DURATION",
      description = "How long an SSE connection stays open; closing it makes clients reconnect,"
          + " which lets CDNs collapse their requests.")
  String sseReconnectInterval;

  @Option(
      names = MAX_BODY,
      paramLabel = "SIZE",
      description = "Largest request body accepted, like 10MB, 512KB or 1048576 (bytes).")
  String maxBody;

  @Option(
      names = MAX_CHUNK,
      paramLabel = "SIZE",
      description = "Largest catch-up response; longer reads are paginated.")
  String maxChunk;

  @Option(
      names = "--allow-loopback-webhooks",
      description = "Accept webhook subscriptions aimed at loopback (http://127.0.0.1:PORT, http://localhost:PORT);"
          + " for development and conformance runs only. Private and link-local targets stay refused.")
  boolean allowLoopbackWebhooks;

  private volatile ReferenceServer server;
  private boolean stopped;

  @Override
  public Integer call() {
    ServerConfig config = config();
    Thread hook = new Thread(this::stopOnSignal, "streamcert-serve-shutdown");
    try {
      // Registered before the server starts: scripts signal as soon as they have read the URL,
      // and that signal must find a hook that closes the server.
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return spec.exitCodeOnExecutionException();
    }
    try {
      try {
        server = ReferenceServer.start(config);
      } catch (IOException | UnresolvedAddressException e) {
        StartFailure failure = StartFailure.of(config, e);
        err().println(spec.qualifiedName() + ": " + failure.message());
        err().flush();
        return failure.usageError()
            ? spec.exitCodeOnInvalidInput()
            : spec.exitCodeOnExecutionException();
      }
      announce();
      awaitInterrupt();
      stop();
      // Restored only now: with the flag set, a close() that waits for its threads would give up.
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running and ends the process itself.
      }
    }
  }

  /**
   * Converts the options into a config, or throws one {@link ParameterException} that lists every
   * invalid option, one per line.
   */
  ServerConfig config() {
    List<String> problems = new ArrayList<>();
    ServerConfig.Builder builder = ServerConfig.builder();
    // Only values that convert reach the builder, and the defaults stand in for the rest, so
    // build() still checks the ranges of the good ones: one run reports both kinds of mistake.
    convert(problems, HOST, host, ServeCommand::parseHost,
        "a host name or IP address like 127.0.0.1 or 0.0.0.0", builder::host);
    convert(problems, PORT, port, Integer::parseInt,
        "a whole number from 0 (any free port) to 65535", builder::port);
    convert(problems, STORAGE, storage, Storage::parse,
        "one of: " + Arrays.stream(Storage.values()).map(Storage::toString)
            .collect(Collectors.joining(", ")),
        builder::storage);
    convert(problems, LONG_POLL_TIMEOUT, longPollTimeout, DurationText::parse,
        "a duration like 500ms or 30s", builder::longPollTimeout);
    convert(problems, SSE_RECONNECT_INTERVAL, sseReconnectInterval, DurationText::parse,
        "a duration like 30s or 2m", builder::sseReconnectInterval);
    convert(problems, MAX_BODY, maxBody, DataSize::parse,
        "a size like 10MB, 512KB or 1048576", builder::maxBody);
    convert(problems, MAX_CHUNK, maxChunk, DataSize::parse,
        "a size like 1MB, 64KB or 65536", builder::maxChunk);
    if (dataDir != null) {
      convert(problems, DATA_DIR, dataDir, java.nio.file.Path::of, "a directory path", builder::dataDir);
    }
    if (fsync != null) {
      try {
        builder.fsync(io.streamcert.reference.storage.FsyncPolicy.parse(fsync));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    builder.allowLoopbackWebhooks(allowLoopbackWebhooks);
    ServerConfig config = null;
    try {
      config = builder.build();
    } catch (IllegalArgumentException e) {
      // ServerConfig joins its problems with "; "; one per line matches the conversion errors.
      problems.addAll(List.of(e.getMessage().split("; ")));
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join("\n", problems));
    }
    return config;
  }

  private static <T> void convert(
      List<String> problems,
      String option,
      String text,
      Function<String, T> parser,
      String expected,
      Consumer<T> setter) {
    T value;
    try {
      value = parser.apply(text);
    } catch (IllegalArgumentException e) {
      problems.add(option + " was '" + text + "' but must be " + expected);
      return;
    }
    setter.accept(value);
  }

  private static String parseHost(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a host cannot be blank");
    }
    return text.trim();
  }

  private void announce() {
    PrintWriter out = spec.commandLine().getOut();
    ServerConfig c = server.config();
    out.println("streamcert reference server listening on " + server.baseUri()
        + " (streams under " + ReferenceServer.STREAM_ROOT + ", storage " + c.storage() + ")");
    out.println("  long-poll timeout " + DurationText.format(c.longPollTimeout())
        + ", SSE reconnect interval " + DurationText.format(c.sseReconnectInterval())
        + ", max body " + c.maxBody() + ", max chunk " + c.maxChunk());
    out.println("  durability: " + server.durability());
    if (server.recoveryMillis() > 0 || c.storage() == ServerConfig.Storage.FILE) {
      out.println("  recovered " + server.streamCount() + " streams in " + server.recoveryMillis() + " ms");
    }
    out.println("  stop with Ctrl-C");
    out.flush();
  }

  /** Blocks until the calling thread is interrupted; returns with the interrupt flag cleared. */
  private static void awaitInterrupt() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException expected) {
      // The only way out: signals end the process through the shutdown hook instead.
    }
  }

  private void stopOnSignal() {
    if (server == null) {
      // Nothing is listening yet; let the JVM exit with the code the signal implies.
      return;
    }
    int code = 0;
    try {
      stop();
    } catch (RuntimeException e) {
      err().println(spec.qualifiedName() + ": the server did not stop cleanly: " + e);
      err().flush();
      code = 1;
    }
    // Left alone, the JVM exits with 130 or 143 (128 + signal) although the server stopped as
    // asked, and scripts that kill the server and wait for it would see a failure. Halting skips
    // hooks still running; the server is the only thing this process has to close.
    Runtime.getRuntime().halt(code);
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.close();
    PrintWriter out = spec.commandLine().getOut();
    out.println("streamcert reference server stopped");
    out.flush();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Supplies the defaults of {@link ServerConfig#builder()} to help and to omitted options. */
  static final class Defaults implements IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!arg.isOption()) {
        return null;
      }
      ServerConfig d = ServerConfig.defaults();
      return switch (((OptionSpec) arg).longestName()) {
        case HOST -> d.host();
        case PORT -> Integer.toString(d.port());
        case STORAGE -> d.storage().toString();
        case LONG_POLL_TIMEOUT -> DurationText.format(d.longPollTimeout());
        case SSE_RECONNECT_INTERVAL -> DurationText.format(d.sseReconnectInterval());
        case MAX_BODY -> d.maxBody().toString();
        case MAX_CHUNK -> d.maxChunk().toString();
        case FSYNC -> d.fsync().toString();
        default -> null;
      };
    }
  }
}
