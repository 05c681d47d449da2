package io.streamcert.infra.s3;

/**
 * An S3-compatible store started for a test or a chaos run, with one bucket made for the target.
 * Closing it stops the store and releases what it made.
 */
public interface S3Backend extends AutoCloseable {

  /** Returns where the store answers directly (not through a fault gateway). */
  S3Endpoint endpoint();

  /** Returns a short description, such as {@code s3proxy (transient)}. */
  String describe();

  @Override
  void close();
}
