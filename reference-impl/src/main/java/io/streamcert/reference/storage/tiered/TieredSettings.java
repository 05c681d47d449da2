package io.streamcert.reference.storage.tiered;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of tiered storage ({@code --storage tiered}): where S3 and PostgreSQL are, how segments
 * are cut, the bounds that trigger backpressure, and the protection against throttling.
 *
 * @param s3Endpoint the S3 endpoint, such as {@code http://127.0.0.1:9000} (path-style addressing)
 * @param s3Bucket the bucket (created at start when missing)
 * @param s3Region the signing region
 * @param s3AccessKey the access key (null: {@code AWS_ACCESS_KEY_ID})
 * @param s3SecretKey the secret key (null: {@code AWS_SECRET_ACCESS_KEY})
 * @param s3PrefixCount how many key prefixes the segments are spread over (S3 scales per prefix)
 * @param pgUrl a PgJDBC URL, one or several hosts; {@code targetServerType=primary} is added when absent
 * @param pgUser the PostgreSQL user
 * @param pgPassword the password (null: {@code PGPASSWORD}, or none)
 * @param segmentBytes a local segment is sealed once it holds this many bytes of data
 * @param sealAfter ... or once its first record is this old
 * @param maxBacklogBytes appends get 503 while more sealed data than this waits for upload
 * @param maxLocalBytes appends get 503 while the local log holds more than this
 * @param segmentCacheBytes how many bytes of segments fetched from S3 are kept in memory for later
 *     reads (0: none, every read of an uploaded segment fetches and verifies its object again)
 * @param protection token buckets, breakers and backpressure on (off: only plain retries, for measuring their cost)
 * @param s3PutRate PUTs a second (token bucket)
 * @param s3GetRate GETs a second
 * @param s3DeleteRate DELETEs a second
 * @param maxAttempts attempts per S3 or PostgreSQL call before it counts as failed
 * @param breakerFailures failures in a row that open a breaker
 * @param breakerOpen how long an open breaker refuses calls before a half-open trial
 * @param heartbeat how often the metadata store is probed (appends get 503 once it fails)
 */
public record TieredSettings(
    URI s3Endpoint,
    String s3Bucket,
    String s3Region,
    String s3AccessKey,
    String s3SecretKey,
    int s3PrefixCount,
    String pgUrl,
    String pgUser,
    String pgPassword,
    long segmentBytes,
    Duration sealAfter,
    long maxBacklogBytes,
    long maxLocalBytes,
    long segmentCacheBytes,
    boolean protection,
    double s3PutRate,
    double s3GetRate,
    double s3DeleteRate,
    int maxAttempts,
    int breakerFailures,
    Duration breakerOpen,
    Duration heartbeat) {

  /** Like the record's own, with the secret key and the password masked (configs end up in logs and reports). */
  @Override
  public String toString() {
    return "TieredSettings[s3Endpoint=" + s3Endpoint + ", s3Bucket=" + s3Bucket + ", s3Region=" + s3Region
        + ", s3AccessKey=" + s3AccessKey + ", s3SecretKey=" + (s3SecretKey == null ? null : "***")
        + ", s3PrefixCount=" + s3PrefixCount + ", pgUrl=" + pgUrl + ", pgUser=" + pgUser
        + ", pgPassword=" + (pgPassword == null ? null : "***") + ", segmentBytes=" + segmentBytes
        + ", sealAfter=" + sealAfter + ", maxBacklogBytes=" + maxBacklogBytes + ", maxLocalBytes=" + maxLocalBytes
        + ", segmentCacheBytes=" + segmentCacheBytes + ", protection=" + protection
        + ", s3PutRate=" + s3PutRate + ", s3GetRate=" + s3GetRate
        + ", s3DeleteRate=" + s3DeleteRate + ", maxAttempts=" + maxAttempts + ", breakerFailures=" + breakerFailures
        + ", breakerOpen=" + breakerOpen + ", heartbeat=" + heartbeat + "]";
  }

  /** Defaults for everything but the endpoints; S3 and PostgreSQL must still be named. */
  public static TieredSettings defaults() {
    return new TieredSettings(null, null, "us-east-1", null, null, 16, null, "postgres", null,
        4L * 1024 * 1024, Duration.ofSeconds(5), 256L * 1024 * 1024, 1024L * 1024 * 1024, 64L * 1024 * 1024, true,
        500, 1000, 200, 6, 5, Duration.ofSeconds(2), Duration.ofMillis(250));
  }

  /** The problems of these settings, each naming the option, the value and the fix. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (s3Endpoint == null) {
      p.add("--storage tiered needs --s3-endpoint URL, like http://127.0.0.1:9000");
    } else if (s3Endpoint.getScheme() == null || !s3Endpoint.getScheme().matches("https?") || s3Endpoint.getHost() == null) {
      p.add("--s3-endpoint was '" + s3Endpoint + "' but must be an http(s) URL like http://127.0.0.1:9000");
    }
    if (s3Bucket == null || s3Bucket.isBlank()) {
      p.add("--storage tiered needs --s3-bucket NAME");
    } else if (!s3Bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      p.add("--s3-bucket was '" + s3Bucket + "' but must be 3-63 lower-case letters, digits, dots or hyphens");
    }
    if (s3Region == null || s3Region.isBlank()) p.add("--s3-region must not be blank (like us-east-1)");
    if (s3PrefixCount < 1 || s3PrefixCount > 256) {
      p.add("--s3-prefix-count was " + s3PrefixCount + " but must be between 1 and 256");
    }
    if (pgUrl == null) {
      p.add("--storage tiered needs --pg-url, like jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/db");
    } else if (!pgUrl.startsWith("jdbc:postgresql://")) {
      p.add("--pg-url was '" + pgUrl + "' but must start with jdbc:postgresql://");
    }
    if (pgUser == null || pgUser.isBlank()) p.add("--pg-user must not be blank");
    if (segmentBytes < 1 || segmentBytes > 1024L * 1024 * 1024) {
      p.add("--segment-size was " + segmentBytes + " bytes but must be between 1B and 1GB");
    }
    if (sealAfter == null || sealAfter.isNegative() || sealAfter.isZero() || sealAfter.compareTo(Duration.ofHours(1)) > 0) {
      p.add("--seal-after was " + (sealAfter == null ? "missing" : sealAfter.toMillis() + "ms") + " but must be between 1ms and 1h");
    }
    if (maxBacklogBytes < 1) p.add("--max-upload-backlog was " + maxBacklogBytes + " bytes but must be at least 1B");
    if (maxLocalBytes < 1) p.add("--max-local-log was " + maxLocalBytes + " bytes but must be at least 1B");
    if (segmentCacheBytes < 0 || segmentCacheBytes > 64L * 1024 * 1024 * 1024) {
      p.add("--segment-cache was " + segmentCacheBytes + " bytes but must be between 0B (no cache) and 64GB");
    }
    if (!(s3PutRate > 0) || !(s3GetRate > 0) || !(s3DeleteRate > 0)) {
      p.add("--s3-rate-limits were put=" + s3PutRate + ", get=" + s3GetRate + ", delete=" + s3DeleteRate
          + " but every rate must be a positive number of calls a second");
    }
    if (maxAttempts < 1 || maxAttempts > 100) p.add("--s3-max-attempts was " + maxAttempts + " but must be between 1 and 100");
    if (breakerFailures < 1 || breakerFailures > 1000) {
      p.add("--breaker-failures was " + breakerFailures + " but must be between 1 and 1000");
    }
    if (breakerOpen == null || breakerOpen.isNegative() || breakerOpen.isZero() || breakerOpen.compareTo(Duration.ofMinutes(10)) > 0) {
      p.add("--breaker-open was " + (breakerOpen == null ? "missing" : breakerOpen.toMillis() + "ms") + " but must be between 1ms and 10m");
    }
    if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(Duration.ofMinutes(1)) > 0) {
      p.add("--pg-heartbeat was " + (heartbeat == null ? "missing" : heartbeat.toMillis() + "ms") + " but must be between 1ms and 1m");
    }
    return p;
  }

  public static Builder builder() {
    return defaults().toBuilder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.s3Endpoint = s3Endpoint;
    b.s3Bucket = s3Bucket;
    b.s3Region = s3Region;
    b.s3AccessKey = s3AccessKey;
    b.s3SecretKey = s3SecretKey;
    b.s3PrefixCount = s3PrefixCount;
    b.pgUrl = pgUrl;
    b.pgUser = pgUser;
    b.pgPassword = pgPassword;
    b.segmentBytes = segmentBytes;
    b.sealAfter = sealAfter;
    b.maxBacklogBytes = maxBacklogBytes;
    b.maxLocalBytes = maxLocalBytes;
    b.segmentCacheBytes = segmentCacheBytes;
    b.protection = protection;
    b.s3PutRate = s3PutRate;
    b.s3GetRate = s3GetRate;
    b.s3DeleteRate = s3DeleteRate;
    b.maxAttempts = maxAttempts;
    b.breakerFailures = breakerFailures;
    b.breakerOpen = breakerOpen;
    b.heartbeat = heartbeat;
    return b;
  }

  /** Collects settings; {@link #build()} makes the record (validation is {@link #problems()}). */
  public static final class Builder {
    private URI s3Endpoint;
    private String s3Bucket;
    private String s3Region;
    private String s3AccessKey;
    private String s3SecretKey;
    private int s3PrefixCount;
    private String pgUrl;
    private String pgUser;
    private String pgPassword;
    private long segmentBytes;
    private Duration sealAfter;
    private long maxBacklogBytes;
    private long maxLocalBytes;
    private long segmentCacheBytes;
    private boolean protection;
    private double s3PutRate;
    private double s3GetRate;
    private double s3DeleteRate;
    private int maxAttempts;
    private int breakerFailures;
    private Duration breakerOpen;
    private Duration heartbeat;

    private Builder() {}

    public Builder s3Endpoint(URI v) { this.s3Endpoint = v; return this; }
    public Builder s3Bucket(String v) { this.s3Bucket = v; return this; }
    public Builder s3Region(String v) { this.s3Region = v; return this; }
    public Builder s3AccessKey(String v) { this.s3AccessKey = v; return this; }
    public Builder s3SecretKey(String v) { this.s3SecretKey = v; return this; }
    public Builder s3PrefixCount(int v) { this.s3PrefixCount = v; return this; }
    public Builder pgUrl(String v) { this.pgUrl = v; return this; }
    public Builder pgUser(String v) { this.pgUser = v; return this; }
    public Builder pgPassword(String v) { this.pgPassword = v; return this; }
    public Builder segmentBytes(long v) { this.segmentBytes = v; return this; }
    public Builder sealAfter(Duration v) { this.sealAfter = v; return this; }
    public Builder maxBacklogBytes(long v) { this.maxBacklogBytes = v; return this; }
    public Builder maxLocalBytes(long v) { this.maxLocalBytes = v; return this; }
    public Builder segmentCacheBytes(long v) { this.segmentCacheBytes = v; return this; }
    public Builder protection(boolean v) { this.protection = v; return this; }
    public Builder s3PutRate(double v) { this.s3PutRate = v; return this; }
    public Builder s3GetRate(double v) { this.s3GetRate = v; return this; }
    public Builder s3DeleteRate(double v) { this.s3DeleteRate = v; return this; }
    public Builder maxAttempts(int v) { this.maxAttempts = v; return this; }
    public Builder breakerFailures(int v) { this.breakerFailures = v; return this; }
    public Builder breakerOpen(Duration v) { this.breakerOpen = v; return this; }
    public Builder heartbeat(Duration v) { this.heartbeat = v; return this; }

    public TieredSettings build() {
      return new TieredSettings(s3Endpoint, s3Bucket, s3Region, s3AccessKey, s3SecretKey, s3PrefixCount, pgUrl, pgUser, pgPassword, segmentBytes, sealAfter, maxBacklogBytes, maxLocalBytes, segmentCacheBytes, protection, s3PutRate, s3GetRate, s3DeleteRate, maxAttempts, breakerFailures, breakerOpen, heartbeat);
    }
  }
}
