package io.streamcert.reference.storage.tiered;

/**
 * Where sealed segments go: S3 in production ({@link S3Segments}). An interface so that tests can
 * wrap it (the crash tests' mutant that treats a failed upload as done is such a wrapper).
 */
public interface SegmentBlobs extends AutoCloseable {

  /** Stores an object; returns only once the store confirmed it. */
  void put(String key, byte[] body, String sha256) throws DependencyException;

  /** Fetches an object. */
  byte[] get(String key) throws DependencyException;

  /** Deletes an object (missing objects are no error). */
  void delete(String key) throws DependencyException;

  @Override
  void close();
}
