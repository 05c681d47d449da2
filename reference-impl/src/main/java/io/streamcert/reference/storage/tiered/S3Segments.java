package io.streamcert.reference.storage.tiered;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Segments in an S3 bucket through the AWS SDK v2 (path-style, the SDK's own retries off), with the
 * protection of tiered storage: a token bucket per operation type (PUT, GET, DELETE), retries with
 * exponential backoff and jitter that back off longer after {@code 503 SlowDown} (and halve that
 * operation's rate), and a circuit breaker that stops calling an S3 that keeps failing.
 */
final class S3Segments implements SegmentBlobs {

  private final S3Client s3;
  private final String bucket;
  private final boolean protection;
  private final int maxAttempts;
  private final Backoff backoff;
  private final CircuitBreaker breaker;
  private final Map<String, TokenBucket> buckets;
  private final TieredMetrics metrics;

  S3Segments(TieredSettings s, CircuitBreaker breaker, TieredMetrics metrics) {
    String access = s.s3AccessKey() != null ? s.s3AccessKey() : System.getenv("AWS_ACCESS_KEY_ID");
    String secret = s.s3SecretKey() != null ? s.s3SecretKey() : System.getenv("AWS_SECRET_ACCESS_KEY");
    if (access == null || secret == null) {
      throw new IllegalArgumentException("--storage tiered needs S3 credentials: --s3-access-key and --s3-secret-key,"
          + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    }
    this.s3 = S3Client.builder()
        .endpointOverride(s.s3Endpoint())
        .forcePathStyle(true)
        .region(Region.of(s.s3Region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())
            .apiCallAttemptTimeout(Duration.ofSeconds(10))
            .apiCallTimeout(Duration.ofSeconds(15)))
        .build();
    this.bucket = s.s3Bucket();
    this.protection = s.protection();
    this.maxAttempts = s.maxAttempts();
    this.backoff = new Backoff(50, 5000, 4);
    this.breaker = breaker;
    this.metrics = metrics;
    double burstSeconds = 0.2;
    this.buckets = Map.of(
        "put", new TokenBucket("put", s.s3PutRate(), Math.max(1, s.s3PutRate() * burstSeconds)),
        "get", new TokenBucket("get", s.s3GetRate(), Math.max(1, s.s3GetRate() * burstSeconds)),
        "delete", new TokenBucket("delete", s.s3DeleteRate(), Math.max(1, s.s3DeleteRate() * burstSeconds)));
  }

  /** The endpoint, for messages. */
  static String describe(URI endpoint, String bucket) {
    return "s3://" + bucket + " at " + endpoint;
  }

  Map<String, TokenBucket> buckets() {
    return buckets;
  }

  /** Creates the bucket when it is missing (at start, so a wrong endpoint fails fast). */
  void ensureBucket() throws DependencyException {
    call("head", null, maxAttempts, () -> {
      try {
        s3.headBucket(b -> b.bucket(bucket));
      } catch (NoSuchBucketException e) {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (S3Exception e) {
        if (e.statusCode() != 404) throw e;
        s3.createBucket(b -> b.bucket(bucket));
      }
      return null;
    });
  }

  @Override
  public void put(String key, byte[] body, String sha256) throws DependencyException {
    call("put", buckets.get("put"), maxAttempts, () -> s3.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of("sha256", sha256)),
        RequestBody.fromBytes(body)));
  }

  @Override
  public byte[] get(String key) throws DependencyException {
    // Reads run on the request's thread: at most two attempts, then the client gets 503 + Retry-After.
    return call("get", buckets.get("get"), Math.min(2, maxAttempts), () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
  }

  @Override
  public void delete(String key) throws DependencyException {
    call("delete", buckets.get("delete"), maxAttempts, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  private <T> T call(String op, TokenBucket rate, int maxAttempts, Supplier<T> fn) throws DependencyException {
    String last = null;
    for (int attempt = 1; ; attempt++) {
      boolean slowDown = false;
      try {
        long maxWait = "get".equals(op) ? 500 : 5000;
        if (protection && rate != null && !rate.acquire(maxWait)) {
          metrics.inc("s3_rate_limited_total");
          throw new DependencyException(DependencyException.Reason.FAILED,
              "the " + op + " rate limit (" + rate.rate() + "/s) had no token within " + maxWait + " ms", 200, null);
        }
        if (!breaker.tryAcquire()) {
          metrics.inc("s3_breaker_refused_total");
          throw new DependencyException(DependencyException.Reason.UNAVAILABLE,
              "S3 is unavailable (circuit breaker " + breaker.state() + "; last failure: " + breaker.lastFailure() + ")",
              Math.max(100, breaker.millisUntilTrial()), null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DependencyException(DependencyException.Reason.FAILED, "interrupted", 0, e);
      }
      metrics.inc("s3_requests_total{op=\"" + op + "\"}");
      try {
        T result = fn.get();
        breaker.onSuccess();
        if (rate != null) rate.succeeded();
        return result;
      } catch (NoSuchKeyException e) {
        breaker.onSuccess();
        throw new DependencyException(DependencyException.Reason.NOT_FOUND, "S3 has no object " + bucket + "/" + e.getMessage(), 0, e);
      } catch (S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (status == 404 && "get".equals(op)) {
          breaker.onSuccess();
          throw new DependencyException(DependencyException.Reason.NOT_FOUND, "S3 has no such object (404)", 0, e);
        }
        slowDown = "SlowDown".equals(code) || status == 429 || (status == 503 && code == null);
        boolean retryable = status >= 500 || status == 429 || status == 408;
        last = "S3 " + op + " answered " + status + (code == null ? "" : " " + code);
        if (slowDown) {
          metrics.inc("s3_slowdowns_total");
          if (protection && rate != null) rate.slowDown();
          // Throttling is not an outage: it is paced by the backoff and the token bucket, not the breaker.
          breaker.onSuccess();
        } else if (retryable) {
          breaker.onFailure(last);
        } else {
          breaker.onSuccess();
          throw new DependencyException(DependencyException.Reason.FAILED, last + ": " + e.getMessage(), 0, e);
        }
      } catch (SdkClientException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("checksum")) {
          breaker.onSuccess();
          throw new DependencyException(DependencyException.Reason.CORRUPT, "S3 " + op + ": " + msg, 0, e);
        }
        last = "S3 " + op + " failed: " + msg;
        breaker.onFailure(last);
      } catch (SdkException e) {
        last = "S3 " + op + " failed: " + e.getMessage();
        breaker.onFailure(last);
      }
      metrics.inc("s3_failed_attempts_total");
      if (attempt >= maxAttempts) {
        metrics.inc("s3_failed_calls_total");
        throw new DependencyException(DependencyException.Reason.FAILED, last + " (" + attempt + " attempts)",
            protection ? backoff.delayMillis(attempt, slowDown) : 100, null);
      }
      metrics.inc("s3_retries_total");
      long delay = protection ? backoff.delayMillis(attempt, slowDown) : 100;
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DependencyException(DependencyException.Reason.FAILED, "interrupted", 0, e);
      }
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
