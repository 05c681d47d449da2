package io.streamcert.reference.crash;

import io.streamcert.reference.storage.tiered.DependencyException;
import io.streamcert.reference.storage.tiered.SegmentBlobs;

/** A segment store that passes every call on; tests override the calls they change. */
public abstract class ForwardingSegmentBlobs implements SegmentBlobs {

  protected final SegmentBlobs real;

  protected ForwardingSegmentBlobs(SegmentBlobs real) {
    this.real = real;
  }

  @Override
  public void put(String key, byte[] body, String sha256) throws DependencyException {
    real.put(key, body, sha256);
  }

  @Override
  public byte[] get(String key) throws DependencyException {
    return real.get(key);
  }

  @Override
  public void delete(String key) throws DependencyException {
    real.delete(key);
  }

  @Override
  public void close() {
    real.close();
  }
}
