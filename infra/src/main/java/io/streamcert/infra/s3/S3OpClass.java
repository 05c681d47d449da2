package io.streamcert.infra.s3;

import java.util.Locale;

/**
 * The two request classes AWS states S3's per-prefix rates for: 3,500 PUT/COPY/POST/DELETE and
 * 5,500 GET/HEAD requests per second per partitioned prefix.
 */
public enum S3OpClass {
  /** PUT, COPY, POST and DELETE. */
  WRITE(3500),
  /** GET and HEAD. */
  READ(5500);

  private final int awsPerSecondPerPrefix;

  S3OpClass(int awsPerSecondPerPrefix) {
    this.awsPerSecondPerPrefix = awsPerSecondPerPrefix;
  }

  /** Returns the rate AWS sustains per prefix per second for this class before answering SlowDown. */
  public int awsPerSecondPerPrefix() {
    return awsPerSecondPerPrefix;
  }

  /** Returns the class of an HTTP method. */
  public static S3OpClass of(String method) {
    String m = method.toUpperCase(Locale.ROOT);
    return m.equals("GET") || m.equals("HEAD") ? READ : WRITE;
  }
}
