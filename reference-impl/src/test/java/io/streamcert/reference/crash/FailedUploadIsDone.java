package io.streamcert.reference.crash;

import io.streamcert.reference.storage.tiered.DependencyException;
import io.streamcert.reference.storage.tiered.SegmentBlobs;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mutant of tiered storage: its S3 segment store reports every upload as done, also the ones
 * that failed (throttled, refused, timed out). The store then indexes the segment and deletes the
 * local copy, so the data of a failed upload is gone: reads of it fail and a history checker finds
 * acknowledged writes missing.
 */
public final class FailedUploadIsDone extends ForwardingSegmentBlobs {

  private final AtomicLong swallowed = new AtomicLong();

  public FailedUploadIsDone(SegmentBlobs real) {
    super(real);
  }

  /** How many failed uploads were reported as done. */
  public long swallowed() {
    return swallowed.get();
  }

  @Override
  public void put(String key, byte[] body, String sha256) {
    try {
      real.put(key, body, sha256);
    } catch (DependencyException e) {
      // The bug under test: the failure is dropped and the caller believes the object is stored.
      swallowed.incrementAndGet();
    }
  }
}
