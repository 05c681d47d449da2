package io.streamcert.reference.crash;

import io.streamcert.reference.DataSize;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.storage.FsyncPolicy;
import io.streamcert.reference.storage.StreamStore;
import io.streamcert.reference.storage.tiered.TieredSettings;
import io.streamcert.reference.storage.tiered.TieredStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A tiered reference server for chaos runs, with the two mutants the tiered scenarios must catch:
 * {@code TieredServerMain <port> <data-dir> [--mutant ack-before-log | --mutant failed-upload-is-done]
 * --s3-endpoint URL --s3-bucket NAME --pg-url JDBC-URL [options]}.
 *
 * <p>Options (the {@code serve} spellings): {@code --s3-region}, {@code --s3-access-key}, {@code
 * --s3-secret-key} (or {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}), {@code
 * --s3-prefix-count}, {@code --pg-user}, {@code --pg-password}, {@code --segment-size}, {@code
 * --seal-after} (like {@code 500ms} or {@code 2s}), {@code --max-upload-backlog}, {@code
 * --max-local-log}, {@code --segment-cache}, {@code --tiered-protection on|off}, {@code --s3-max-attempts}, {@code
 * --breaker-failures}, {@code --breaker-open}, {@code --pg-heartbeat}.
 *
 * <p>{@code ack-before-log} runs {@link LossyStore} over the tiered store: appends are acknowledged
 * {@value CrashServerMain#LOSSY_DELAY_MILLIS} ms before they reach the local log, and a late write
 * that meets backpressure is dropped. {@code failed-upload-is-done} wraps the S3 segment store in
 * {@link FailedUploadIsDone}. Prints {@code READY <port> recoveryMillis=<ms> streams=<n>
 * store=<kind>} once listening, and ends when its standard input closes.
 */
public final class TieredServerMain {

  private TieredServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) usage("missing <port> <data-dir>");
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    String mutant = null;
    TieredSettings.Builder t = TieredSettings.builder();
    for (int i = 2; i < args.length; i += 2) {
      if (i + 1 >= args.length) usage(args[i] + " needs a value");
      String v = args[i + 1];
      switch (args[i]) {
        case "--mutant" -> {
          if (!v.equals("ack-before-log") && !v.equals("failed-upload-is-done")) usage("unknown mutant " + v);
          mutant = v;
        }
        case "--s3-endpoint" -> t.s3Endpoint(URI.create(v));
        case "--s3-bucket" -> t.s3Bucket(v);
        case "--s3-region" -> t.s3Region(v);
        case "--s3-access-key" -> t.s3AccessKey(v);
        case "--s3-secret-key" -> t.s3SecretKey(v);
        case "--s3-prefix-count" -> t.s3PrefixCount(Integer.parseInt(v));
        case "--pg-url" -> t.pgUrl(v);
        case "--pg-user" -> t.pgUser(v);
        case "--pg-password" -> t.pgPassword(v);
        case "--segment-size" -> t.segmentBytes(DataSize.parse(v).bytes());
        case "--seal-after" -> t.sealAfter(duration(v));
        case "--max-upload-backlog" -> t.maxBacklogBytes(DataSize.parse(v).bytes());
        case "--max-local-log" -> t.maxLocalBytes(DataSize.parse(v).bytes());
        case "--segment-cache" -> t.segmentCacheBytes(DataSize.parse(v).bytes());
        case "--tiered-protection" -> t.protection(v.equals("on"));
        case "--s3-max-attempts" -> t.maxAttempts(Integer.parseInt(v));
        case "--breaker-failures" -> t.breakerFailures(Integer.parseInt(v));
        case "--breaker-open" -> t.breakerOpen(duration(v));
        case "--pg-heartbeat" -> t.heartbeat(duration(v));
        default -> usage("unknown option " + args[i]);
      }
    }
    TieredSettings settings = t.build();
    ServerConfig config = ServerConfig.builder().port(port).storage(ServerConfig.Storage.TIERED).dataDir(dir)
        .fsync(FsyncPolicy.ALWAYS).tiered(settings).build();
    UnaryOperator<io.streamcert.reference.storage.tiered.SegmentBlobs> blobs =
        "failed-upload-is-done".equals(mutant) ? FailedUploadIsDone::new : UnaryOperator.identity();
    TieredStore tiered = TieredStore.open(dir, FsyncPolicy.ALWAYS, settings, blobs);
    StreamStore store = "ack-before-log".equals(mutant) ? new LossyStore(tiered, CrashServerMain.LOSSY_DELAY_MILLIS) : tiered;
    ReferenceServer server = ReferenceServer.start(config, store);
    System.out.println("READY " + server.port() + " recoveryMillis=" + tiered.recoveryMillis()
        + " streams=" + server.streamCount() + " store=" + server.storageKind());
    System.out.flush();
    exitWhenStdinCloses();
    Thread.currentThread().join();
  }

  /** Parses {@code 500ms}, {@code 2s} or {@code 1m}. */
  static Duration duration(String text) {
    String s = text.trim();
    if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    if (s.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
    if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 2s or 1m");
  }

  private static void usage(String problem) {
    System.err.println("TieredServerMain: " + problem + "\nusage: TieredServerMain <port> <data-dir>"
        + " [--mutant ack-before-log|failed-upload-is-done] --s3-endpoint URL --s3-bucket NAME --pg-url JDBC-URL [options]");
    System.exit(2);
  }

  private static void exitWhenStdinCloses() {
    Thread watchdog = new Thread(() -> {
      try {
        InputStream in = System.in;
        while (in.read() >= 0) {
          // ignored
        }
      } catch (IOException ignored) {
        // treated as closed
      }
      Runtime.getRuntime().halt(3);
    }, "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
