package io.streamcert.reference.storage.tiered;

import io.streamcert.reference.storage.StreamLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A piece of one stream's data, {@code [start, end)}: first a local log in the file store (the
 * last one of a stream takes appends), then, once sealed, uploaded and indexed, an S3 object.
 * The local log is deleted only after the object is confirmed and indexed; readers hold the read
 * lock while they use the local log, the deletion takes the write lock.
 */
final class Segment {

  /** The S3 object of an uploaded, indexed segment. */
  record Remote(String key, String sha256, long size) {}

  final TieredLog owner;
  /** Unique within the store, increasing with time (the file store's id of the local log). */
  final long id;
  final long start;
  volatile long end;
  volatile StreamLog local;
  volatile Remote remote;
  volatile boolean sealed;
  /** The stream's state at this segment's end (set when sealed). */
  volatile MetadataStore.Checkpoint checkpoint;
  int commits;
  long firstCommitNanos;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final AtomicBoolean inBacklog = new AtomicBoolean();

  Segment(TieredLog owner, long id, long start, long end, StreamLog local, Remote remote) {
    this.owner = owner;
    this.id = id;
    this.start = start;
    this.end = end;
    this.local = local;
    this.remote = remote;
  }

  long bytes() {
    return end - start;
  }

  @Override
  public String toString() {
    return "segment " + id + " [" + start + ", " + end + ") of stream " + owner.streamId
        + (local != null ? " (local" + (sealed ? ", sealed)" : ")") : "") + (remote != null ? " in " + remote.key() : "");
  }
}
