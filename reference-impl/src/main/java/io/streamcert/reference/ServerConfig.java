package io.streamcert.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link ReferenceServer}; every default lives in {@link #defaults()}.
 *
 * <p>Build one with {@link #builder()}; {@link Builder#build()} reports every invalid setting at
 * once, each naming the value and the accepted range.
 */
public record ServerConfig(
    String host,
    int port,
    Storage storage,
    Duration longPollTimeout,
    Duration sseReconnectInterval,
    DataSize maxBody,
    DataSize maxChunk,
    java.nio.file.Path dataDir,
    io.streamcert.reference.storage.FsyncPolicy fsync,
    boolean allowLoopbackWebhooks,
    io.streamcert.reference.storage.tiered.TieredSettings tiered,
    boolean rotateWebhookKey,
    Duration webhookKeyOverlap) {

  /** Where the server keeps streams. Further kinds arrive with their storage engines. */
  public enum Storage {
    MEMORY,
    FILE,
    /** The file store as the local log, sealed segments in S3, metadata in PostgreSQL. */
    TIERED;

    /** Parses the CLI spelling ({@code memory}, {@code file}). */
    public static Storage parse(String text) {
      for (Storage s : values()) {
        if (s.name().equalsIgnoreCase(text)) return s;
      }
      throw new IllegalArgumentException(
          "--storage was '" + text + "' but must be one of: memory, file, tiered");
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final int DEFAULT_PORT = 4437;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(longPollTimeout, "longPollTimeout");
    Objects.requireNonNull(sseReconnectInterval, "sseReconnectInterval");
    Objects.requireNonNull(maxBody, "maxBody");
    Objects.requireNonNull(maxChunk, "maxChunk");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(tiered, "tiered");
    Objects.requireNonNull(webhookKeyOverlap, "webhookKeyOverlap");
    List<String> problems = problems(port, longPollTimeout, sseReconnectInterval, maxBody, maxChunk);
    if (storage == Storage.FILE && dataDir == null) {
      problems.add("--storage file needs --data-dir DIR, the directory that holds the streams");
    }
    if (storage == Storage.TIERED) {
      if (dataDir == null) {
        problems.add("--storage tiered needs --data-dir DIR, the directory of the local log");
      }
      problems.addAll(tiered.problems());
    }
    if (webhookKeyOverlap.compareTo(io.streamcert.reference.subs.Ed25519Signer.JWKS_MAX_AGE) < 0) {
      long ms = webhookKeyOverlap.toMillis();
      String given = ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
      problems.add("--webhook-key-overlap was " + given + " but must be at least 5m, the JWKS"
          + " max-age (receivers may cache the key set that long), so give 5m or more, like 1h");
    }
    if (storage == Storage.MEMORY && dataDir != null) {
      problems.add("--data-dir was given but --storage is memory; add --storage file, or drop --data-dir");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The defaults: 127.0.0.1:4437, memory storage, 30 s long-poll, 60 s SSE, 10 MB body, 1 MB chunk,
   * and for file storage fsync {@code always}.
   */
  public static ServerConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .storage(storage)
        .longPollTimeout(longPollTimeout)
        .sseReconnectInterval(sseReconnectInterval)
        .maxBody(maxBody)
        .maxChunk(maxChunk)
        .dataDir(dataDir)
        .fsync(fsync)
        .allowLoopbackWebhooks(allowLoopbackWebhooks)
        .tiered(tiered)
        .rotateWebhookKey(rotateWebhookKey)
        .webhookKeyOverlap(webhookKeyOverlap);
  }

  private static List<String> problems(
      int port, Duration longPoll, Duration sse, DataSize maxBody, DataSize maxChunk) {
    List<String> p = new ArrayList<>();
    if (port < 0 || port > 65535) {
      p.add("--port was " + port + " but must be between 0 (any free port) and 65535");
    }
    if (longPoll.isNegative() || longPoll.isZero() || longPoll.compareTo(Duration.ofMinutes(10)) > 0) {
      p.add("--long-poll-timeout was " + longPoll.toMillis() + "ms but must be between 1ms and 10m");
    }
    if (sse.isNegative() || sse.isZero() || sse.compareTo(Duration.ofHours(1)) > 0) {
      p.add("--sse-reconnect-interval was " + sse.toMillis() + "ms but must be between 1ms and 1h");
    }
    if (maxBody.bytes() < 1 || maxBody.bytes() > 1024L * 1024 * 1024) {
      p.add("--max-body was " + maxBody + " but must be between 1B and 1GB");
    }
    if (maxChunk.bytes() < 1 || maxChunk.bytes() > 256L * 1024 * 1024) {
      p.add("--max-chunk was " + maxChunk + " but must be between 1B and 256MB");
    }
    return p;
  }

  /** Collects settings; {@link #build()} validates them all at once. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private Storage storage = Storage.MEMORY;
    private Duration longPollTimeout = Duration.ofSeconds(30);
    private Duration sseReconnectInterval = Duration.ofSeconds(60);
    private DataSize maxBody = DataSize.ofMegabytes(10);
    private DataSize maxChunk = DataSize.ofMegabytes(1);
    private java.nio.file.Path dataDir;
    private io.streamcert.reference.storage.FsyncPolicy fsync = io.streamcert.reference.storage.FsyncPolicy.ALWAYS;
    private boolean allowLoopbackWebhooks;
    private io.streamcert.reference.storage.tiered.TieredSettings tiered = io.streamcert.reference.storage.tiered.TieredSettings.defaults();
    private boolean rotateWebhookKey;
    private Duration webhookKeyOverlap = io.streamcert.reference.subs.Ed25519Signer.DEFAULT_OVERLAP;

    private Builder() {}

    public Builder host(String host) { this.host = host; return this; }
    public Builder port(int port) { this.port = port; return this; }
    public Builder storage(Storage storage) { this.storage = storage; return this; }
    public Builder longPollTimeout(Duration d) { this.longPollTimeout = d; return this; }
    public Builder sseReconnectInterval(Duration d) { this.sseReconnectInterval = d; return this; }
    public Builder maxBody(DataSize s) { this.maxBody = s; return this; }
    public Builder maxChunk(DataSize s) { this.maxChunk = s; return this; }
    /** The data directory of file storage. */
    public Builder dataDir(java.nio.file.Path dir) { this.dataDir = dir; return this; }
    /** When file storage forces data to disk (default {@code always}). */
    public Builder fsync(io.streamcert.reference.storage.FsyncPolicy policy) { this.fsync = policy; return this; }

    /**
     * Accepts webhook URLs aimed at loopback (http://127.0.0.1:…, http://localhost:…): for
     * development and tests only; private and link-local targets stay refused.
     */
    public Builder allowLoopbackWebhooks(boolean allow) { this.allowLoopbackWebhooks = allow; return this; }

    /** Settings of tiered storage (S3, PostgreSQL, segments, protection); used with {@code --storage tiered}. */
    public Builder tiered(io.streamcert.reference.storage.tiered.TieredSettings settings) { this.tiered = settings; return this; }

    /** Makes a new webhook signing key at start; the old one stays published, retired, for the overlap. */
    public Builder rotateWebhookKey(boolean rotate) { this.rotateWebhookKey = rotate; return this; }
    /** How long a retired webhook key stays in the JWKS (default 1h, at least the JWKS max-age of 5m). */
    public Builder webhookKeyOverlap(Duration d) { this.webhookKeyOverlap = d; return this; }

    public ServerConfig build() {
      return new ServerConfig(host, port, storage, longPollTimeout, sseReconnectInterval, maxBody, maxChunk, dataDir, fsync,
          allowLoopbackWebhooks, tiered, rotateWebhookKey, webhookKeyOverlap);
    }
  }
}
