package io.streamcert.cli;

import io.streamcert.reference.storage.Commit;
import io.streamcert.reference.storage.MemoryStore;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.storage.StreamDescriptor;
import io.streamcert.reference.storage.StreamLog;
import io.streamcert.reference.storage.StreamStore;

/**
 * A deliberately slow store for the performance checks' mutant tests: a {@link MemoryStore} whose
 * every append (stream creation included) takes {@code delayMillis} more, one at a time across all
 * streams, as a disk that can do one slow write at a time would. Far outside any noise: 200 ms
 * against objectives of 10 ms, and at most 5 appends a second.
 */
final class SlowStore implements StreamStore {

  private final MemoryStore real = new MemoryStore();
  private final long delayMillis;
  private final Object disk = new Object();

  SlowStore(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  @Override
  public String kind() {
    return "slow-memory";
  }

  @Override
  public String durability() {
    return "MUTANT: every append takes " + delayMillis + " ms, one at a time";
  }

  @Override
  public StreamLog create(StreamDescriptor descriptor, long startPosition) {
    StreamLog log = real.create(descriptor, startPosition);
    return new StreamLog() {
      @Override
      public long startPosition() {
        return log.startPosition();
      }

      @Override
      public long endPosition() {
        return log.endPosition();
      }

      @Override
      public long append(Commit commit) {
        synchronized (disk) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return log.append(commit);
        }
      }

      @Override
      public long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
        return log.read(from, to, maxBytes, wholeRecords, sink);
      }

      @Override
      public boolean isBoundary(long position) {
        return log.isBoundary(position);
      }

      @Override
      public byte[] recordFrom(long position) {
        return log.recordFrom(position);
      }

      @Override
      public void awaitDurable(long position) {
        log.awaitDurable(position);
      }

      @Override
      public void markSoftDeleted() {
        log.markSoftDeleted();
      }

      @Override
      public void delete() {
        log.delete();
      }
    };
  }

  @Override
  public void close() {
    real.close();
  }
}
