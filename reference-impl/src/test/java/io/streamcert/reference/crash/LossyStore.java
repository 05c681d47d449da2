package io.streamcert.reference.crash;

import io.streamcert.reference.storage.Commit;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.storage.RecoveredStream;
import io.streamcert.reference.storage.StreamDescriptor;
import io.streamcert.reference.storage.StreamLog;
import io.streamcert.reference.storage.StreamStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deliberately broken store for the crash test: a durable store (file or tiered) whose logs acknowledge an
 * append before it is written. {@link StreamLog#append} keeps the commit in memory and returns the
 * new end position at once; a background thread writes commits to the real log only once they are
 * {@code delayMillis} old, and {@link StreamLog#awaitDurable} returns at once. A SIGKILL therefore
 * loses every acknowledged append of the last {@code delayMillis}. Reads see the written part and
 * the pending part, so the server looks healthy until it is killed.
 */
final class LossyStore implements StreamStore {

  private final StreamStore real;
  private final long delayMillis;
  private final List<LossyLog> logs = new CopyOnWriteArrayList<>();
  private final Thread flusher;
  private volatile boolean closing;

  LossyStore(StreamStore real, long delayMillis) {
    this.real = real;
    this.delayMillis = delayMillis;
    this.flusher = new Thread(this::flushLoop, "lossy-flusher");
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  StreamStore real() {
    return real;
  }

  @Override
  public String kind() {
    return "lossy-" + real.kind();
  }

  @Override
  public String durability() {
    return "MUTANT: acknowledges appends " + delayMillis + "ms before writing them (" + real.durability() + ")";
  }

  @Override
  public StreamLog create(StreamDescriptor descriptor, long startPosition) {
    return track(new LossyLog(real.create(descriptor, startPosition)));
  }

  @Override
  public List<RecoveredStream> recover() {
    List<RecoveredStream> out = new ArrayList<>();
    for (RecoveredStream r : real.recover()) {
      out.add(new RecoveredStream(r.descriptor(), track(new LossyLog(r.log())), r.closed(), r.closedByProducer(),
          r.lastStreamSeq(), r.producers(), r.softDeleted(), r.corruptAt()));
    }
    return out;
  }

  @Override
  public long maxRecoveredId() {
    return real.maxRecoveredId();
  }

  @Override
  public List<String> problems() {
    return real.problems();
  }

  private LossyLog track(LossyLog log) {
    logs.add(log);
    return log;
  }

  private void flushLoop() {
    while (!closing) {
      try {
        Thread.sleep(Math.max(1, delayMillis / 4));
      } catch (InterruptedException e) {
        return;
      }
      long cutoff = System.nanoTime() - delayMillis * 1_000_000;
      for (LossyLog log : logs) log.flush(cutoff);
    }
  }

  @Override
  public void close() {
    closing = true;
    flusher.interrupt();
    for (LossyLog log : logs) log.flush(Long.MAX_VALUE);
    real.close();
  }

  /** A commit acknowledged but not yet written: its stream positions and when it arrived. */
  private record Pending(Commit commit, long start, long end, long atNanos) {}

  /** One stream's log: the real log up to its end, then commits held in memory. */
  private final class LossyLog implements StreamLog {

    private final StreamLog log;
    private final List<Pending> pending = new ArrayList<>();
    private long end;

    LossyLog(StreamLog log) {
      this.log = log;
      this.end = log.endPosition();
    }

    @Override
    public long startPosition() {
      return log.startPosition();
    }

    @Override
    public synchronized long endPosition() {
      return end;
    }

    @Override
    public synchronized long append(Commit commit) {
      long start = end;
      end += commit.payload().length;
      pending.add(new Pending(commit, start, end, System.nanoTime()));
      return end;
    }

    /** Writes the commits that arrived before {@code cutoffNanos} to the real log, in order. */
    synchronized void flush(long cutoffNanos) {
      while (!pending.isEmpty() && pending.get(0).atNanos() - cutoffNanos <= 0) {
        Pending p = pending.remove(0);
        try {
          log.append(p.commit());
        } catch (RuntimeException e) {
          // A mutant: a failed late write simply loses the acknowledged append.
        }
      }
    }

    @Override
    public void awaitDurable(long position) {
      // The bug under test: nothing waits for the data to reach the file.
    }

    @Override
    public synchronized long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
      long written = log.endPosition();
      long[] delivered = {0};
      long pos = Math.max(from, log.startPosition());
      if (pos < written) {
        long limit = Math.min(to, written);
        pos = log.read(pos, limit, maxBytes, wholeRecords, (a, off, len, endPos, whole) -> {
          delivered[0] += len;
          sink.accept(a, off, len, endPos, whole);
        });
        if (pos < limit || delivered[0] >= maxBytes) return pos;
      }
      long limit = Math.min(to, end);
      for (Pending p : pending) {
        if (pos >= limit) break;
        if (p.end() <= pos || !p.commit().hasData()) continue;
        if (wholeRecords && p.end() > limit) break;
        if (wholeRecords && delivered[0] > 0 && delivered[0] + (p.end() - pos) > maxBytes) break;
        long sliceEnd = Math.min(p.end(), limit);
        if (!wholeRecords && delivered[0] + (sliceEnd - pos) > maxBytes) {
          sliceEnd = pos + Math.max(1, maxBytes - delivered[0]);
        }
        int off = (int) (pos - p.start());
        int len = (int) (sliceEnd - pos);
        sink.accept(p.commit().payload(), off, len, sliceEnd, pos == p.start() && sliceEnd == p.end());
        delivered[0] += len;
        pos = sliceEnd;
        if (delivered[0] >= maxBytes) break;
      }
      return pos;
    }

    @Override
    public synchronized boolean isBoundary(long position) {
      if (position <= log.endPosition()) return log.isBoundary(position);
      for (Pending p : pending) {
        if (p.end() == position) return true;
      }
      return position == end;
    }

    @Override
    public synchronized byte[] recordFrom(long position) {
      if (position < log.endPosition()) return log.recordFrom(position);
      for (Pending p : pending) {
        if (p.commit().hasData() && position >= p.start() && position < p.end()) {
          return java.util.Arrays.copyOfRange(p.commit().payload(), (int) (position - p.start()), p.commit().payload().length);
        }
      }
      return null;
    }

    @Override
    public synchronized void markSoftDeleted() {
      flush(Long.MAX_VALUE);
      log.markSoftDeleted();
    }

    @Override
    public synchronized void delete() {
      pending.clear();
      logs.remove(this);
      log.delete();
    }
  }
}
