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
  // Tiered storage (--storage tiered).
  private static final String S3_ENDPOINT = "--s3-endpoint";
  private static final String S3_BUCKET = "--s3-bucket";
  private static final String S3_REGION = "--s3-region";
  private static final String S3_ACCESS_KEY = "--s3-access-key";
  private static final String S3_SECRET_KEY = "--s3-secret-key";
  private static final String S3_PREFIX_COUNT = "--s3-prefix-count";
  private static final String PG_URL = "--pg-url";
  private static final String PG_USER = "--pg-user";
  private static final String PG_PASSWORD = "--pg-password";
  private static final String SEGMENT_SIZE = "--segment-size";
  private static final String SEAL_AFTER = "--seal-after";
  private static final String SEGMENT_CACHE = "--segment-cache";
  private static final String MAX_UPLOAD_BACKLOG = "--max-upload-backlog";
  private static final String MAX_LOCAL_LOG = "--max-local-log";
  private static final String TIERED_PROTECTION = "--tiered-protection";
  private static final String S3_RATE_LIMITS = "--s3-rate-limits";
  private static final String S3_MAX_ATTEMPTS = "--s3-max-attempts";
  private static final String BREAKER_FAILURES = "--breaker-failures";
  private static final String BREAKER_OPEN = "--breaker-open";
  private static final String PG_HEARTBEAT = "--pg-heartbeat";
  private static final String WEBHOOK_KEY_OVERLAP = "--webhook-key-overlap";

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

  @Option(names = S3_ENDPOINT, paramLabel = "URL", description = "Tiered storage: the S3 endpoint (path-style), like http://127.0.0.1:9000.")
  String s3Endpoint;

  @Option(names = S3_BUCKET, paramLabel = "NAME", description = "Tiered storage: the bucket of the segments (created when missing).")
  String s3Bucket;

  @Option(names = S3_REGION, paramLabel = "REGION", description = "Tiered storage: the S3 signing region.")
  String s3Region;

  @Option(names = S3_ACCESS_KEY, paramLabel = "KEY", description = "Tiered storage: the S3 access key (default: $AWS_ACCESS_KEY_ID).")
  String s3AccessKey;

  @Option(names = S3_SECRET_KEY, paramLabel = "SECRET", description = "Tiered storage: the S3 secret key (default: $AWS_SECRET_ACCESS_KEY).")
  String s3SecretKey;

  @Option(names = S3_PREFIX_COUNT, paramLabel = "N", description = "Tiered storage: how many key prefixes the segments are spread over (S3 limits requests per prefix).")
  String s3PrefixCount;

  @Option(names = PG_URL, paramLabel = "JDBC-URL", description = "Tiered storage: PostgreSQL for metadata, like jdbc:postgresql://h1:5432,h2:5432/db (targetServerType=primary is added).")
  String pgUrl;

  @Option(names = PG_USER, paramLabel = "USER", description = "Tiered storage: the PostgreSQL user.")
  String pgUser;

  @Option(names = PG_PASSWORD, paramLabel = "PASSWORD", description = "Tiered storage: the PostgreSQL password (default: $PGPASSWORD, or none).")
  String pgPassword;

  @Option(names = SEGMENT_SIZE, paramLabel = "SIZE", description = "Tiered storage: a local segment is sealed and uploaded once it holds this much data.")
  String segmentSize;

  @Option(names = SEAL_AFTER, paramLabel = "DURATION", description = "Tiered storage: ... or once its first record is this old.")
  String sealAfter;

  @Option(names = SEGMENT_CACHE, paramLabel = "SIZE", description = "Tiered storage: memory for segments fetched from S3, kept for later reads (0: none; every read of an uploaded segment fetches and verifies its object).")
  String segmentCache;

  @Option(names = MAX_UPLOAD_BACKLOG, paramLabel = "SIZE", description = "Tiered storage: appends get 503 + Retry-After while more sealed data than this waits for upload.")
  String maxUploadBacklog;

  @Option(names = MAX_LOCAL_LOG, paramLabel = "SIZE", description = "Tiered storage: appends get 503 + Retry-After while the local log holds more than this.")
  String maxLocalLog;

  @Option(names = TIERED_PROTECTION, paramLabel = "on|off", description = "Tiered storage: rate limits, circuit breakers and backpressure (off only to measure their cost).")
  String tieredProtection;

  @Option(names = S3_RATE_LIMITS, paramLabel = "put=N,get=N,delete=N", description = "Tiered storage: token-bucket rates per S3 operation, in calls a second.")
  String s3RateLimits;

  @Option(names = S3_MAX_ATTEMPTS, paramLabel = "N", description = "Tiered storage: attempts per S3 or PostgreSQL call (exponential backoff with jitter, longer after SlowDown).")
  String s3MaxAttempts;

  @Option(names = BREAKER_FAILURES, paramLabel = "N", description = "Tiered storage: failures in a row that open a dependency's circuit breaker.")
  String breakerFailures;

  @Option(names = BREAKER_OPEN, paramLabel = "DURATION", description = "Tiered storage: how long an open breaker waits before a half-open trial.")
  String breakerOpen;

  @Option(names = PG_HEARTBEAT, paramLabel = "DURATION", description = "Tiered storage: how often PostgreSQL is probed; appends get 503 while it fails.")
  String pgHeartbeat;

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

  @Option(
      names = "--rotate-webhook-key",
      description = "Make a new webhook signing key at start; the old key's private half is deleted and its public key"
          + " stays in the JWKS, retired, for " + WEBHOOK_KEY_OVERLAP + ". Give it for one start only: every start with it rotates again.")
  boolean rotateWebhookKey;

  @Option(names = WEBHOOK_KEY_OVERLAP, paramLabel = "DURATION",
      description = "How long a retired webhook key stays in the JWKS after --rotate-webhook-key; at least 5m (the JWKS max-age).")
  String webhookKeyOverlap;

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
    builder.rotateWebhookKey(rotateWebhookKey);
    if (webhookKeyOverlap != null) {
      convert(problems, WEBHOOK_KEY_OVERLAP, webhookKeyOverlap, DurationText::parse,
          "a duration of at least 5m, like 1h", builder::webhookKeyOverlap);
    }
    builder.tiered(tiered(problems));
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

  /** The tiered-storage options as settings; unconvertible values are reported and left at their defaults. */
  private io.streamcert.reference.storage.tiered.TieredSettings tiered(List<String> problems) {
    var t = io.streamcert.reference.storage.tiered.TieredSettings.builder();
    if (s3Endpoint != null) convert(problems, S3_ENDPOINT, s3Endpoint, java.net.URI::create, "a URL like http://127.0.0.1:9000", t::s3Endpoint);
    if (s3Bucket != null) t.s3Bucket(s3Bucket);
    if (s3Region != null) t.s3Region(s3Region);
    if (s3AccessKey != null) t.s3AccessKey(s3AccessKey);
    if (s3SecretKey != null) t.s3SecretKey(s3SecretKey);
    if (s3PrefixCount != null) convert(problems, S3_PREFIX_COUNT, s3PrefixCount, Integer::parseInt, "a whole number from 1 to 256", t::s3PrefixCount);
    if (pgUrl != null) t.pgUrl(pgUrl);
    if (pgUser != null) t.pgUser(pgUser);
    if (pgPassword != null) t.pgPassword(pgPassword);
    if (segmentSize != null) convert(problems, SEGMENT_SIZE, segmentSize, DataSize::parse, "a size like 4MB or 65536", v -> t.segmentBytes(v.bytes()));
    if (sealAfter != null) convert(problems, SEAL_AFTER, sealAfter, DurationText::parse, "a duration like 500ms or 5s", t::sealAfter);
    if (segmentCache != null) convert(problems, SEGMENT_CACHE, segmentCache, DataSize::parse, "a size like 64MB, or 0 for no cache", v -> t.segmentCacheBytes(v.bytes()));
    if (maxUploadBacklog != null) convert(problems, MAX_UPLOAD_BACKLOG, maxUploadBacklog, DataSize::parse, "a size like 256MB", v -> t.maxBacklogBytes(v.bytes()));
    if (maxLocalLog != null) convert(problems, MAX_LOCAL_LOG, maxLocalLog, DataSize::parse, "a size like 1GB", v -> t.maxLocalBytes(v.bytes()));
    if (tieredProtection != null) convert(problems, TIERED_PROTECTION, tieredProtection, ServeCommand::parseOnOff, "on or off", t::protection);
    if (s3RateLimits != null) {
      try {
        for (String part : s3RateLimits.split(",")) {
          String[] kv = part.split("=", 2);
          double rate = Double.parseDouble(kv[1].trim());
          switch (kv[0].trim()) {
            case "put" -> t.s3PutRate(rate);
            case "get" -> t.s3GetRate(rate);
            case "delete" -> t.s3DeleteRate(rate);
            default -> throw new IllegalArgumentException(kv[0]);
          }
        }
      } catch (RuntimeException e) {
        problems.add(S3_RATE_LIMITS + " was '" + s3RateLimits + "' but must be like put=500,get=1000,delete=200 (calls a second)");
      }
    }
    if (s3MaxAttempts != null) convert(problems, S3_MAX_ATTEMPTS, s3MaxAttempts, Integer::parseInt, "a whole number from 1 to 100", t::maxAttempts);
    if (breakerFailures != null) convert(problems, BREAKER_FAILURES, breakerFailures, Integer::parseInt, "a whole number from 1 to 1000", t::breakerFailures);
    if (breakerOpen != null) convert(problems, BREAKER_OPEN, breakerOpen, DurationText::parse, "a duration like 2s", t::breakerOpen);
    if (pgHeartbeat != null) convert(problems, PG_HEARTBEAT, pgHeartbeat, DurationText::parse, "a duration like 250ms", t::heartbeat);
    return t.build();
  }

  private static boolean parseOnOff(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException(text);
    };
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
    if (server.recoveryMillis() > 0 || c.storage() != ServerConfig.Storage.MEMORY) {
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

    private static String rate(double r) {
      return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

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
        case S3_REGION -> d.tiered().s3Region();
        case S3_PREFIX_COUNT -> Integer.toString(d.tiered().s3PrefixCount());
        case PG_USER -> d.tiered().pgUser();
        case SEGMENT_SIZE -> DataSize.ofBytes(d.tiered().segmentBytes()).toString();
        case SEAL_AFTER -> DurationText.format(d.tiered().sealAfter());
        case SEGMENT_CACHE -> DataSize.ofBytes(d.tiered().segmentCacheBytes()).toString();
        case MAX_UPLOAD_BACKLOG -> DataSize.ofBytes(d.tiered().maxBacklogBytes()).toString();
        case MAX_LOCAL_LOG -> DataSize.ofBytes(d.tiered().maxLocalBytes()).toString();
        case TIERED_PROTECTION -> d.tiered().protection() ? "on" : "off";
        case S3_RATE_LIMITS -> "put=" + rate(d.tiered().s3PutRate()) + ",get=" + rate(d.tiered().s3GetRate())
            + ",delete=" + rate(d.tiered().s3DeleteRate());
        case S3_MAX_ATTEMPTS -> Integer.toString(d.tiered().maxAttempts());
        case BREAKER_FAILURES -> Integer.toString(d.tiered().breakerFailures());
        case BREAKER_OPEN -> DurationText.format(d.tiered().breakerOpen());
        case PG_HEARTBEAT -> DurationText.format(d.tiered().heartbeat());
        case WEBHOOK_KEY_OVERLAP -> DurationText.format(d.webhookKeyOverlap());
        default -> null;
      };
    }
  }
}
