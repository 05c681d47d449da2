package io.streamcert.reference.storage.tiered;

import io.streamcert.reference.storage.Commit;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.storage.RecoveredStream.ProducerPosition;
import io.streamcert.reference.storage.StorageException;
import io.streamcert.reference.storage.StreamLog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stream of tiered storage: its segments in position order, the last of which takes appends
 * in the local file store. Appends are acknowledged once durable there (the caller awaits {@link
 * #awaitDurable}); reads go to the local log or to S3 objects, whichever holds the position.
 */
final class TieredLog implements StreamLog {

  private final TieredStore store;
  final long streamId;
  private final long start;
  private volatile Segment[] segments = new Segment[0];
  private volatile long end;
  // The stream's state after the last commit; copied into each segment when it is sealed.
  private final Map<String, ProducerPosition> producers = new LinkedHashMap<>();
  private boolean closed;
  private ProducerPosition closedBy;
  private String lastStreamSeq;
  volatile boolean deleted;
  // The next segment's local log, created ahead in the background; null until it is ready.
  private TieredStore.Spare spare;

  TieredLog(TieredStore store, long streamId, long start) {
    this.store = store;
    this.streamId = streamId;
    this.start = start;
    this.end = start;
  }

  /** At recovery: the stream's state as the checkpoint and the local segments left it. */
  synchronized void restore(Segment[] segs, boolean closed, ProducerPosition closedBy, String lastStreamSeq,
      Map<String, ProducerPosition> producers) {
    this.segments = segs;
    this.end = segs.length == 0 ? start : segs[segs.length - 1].end;
    this.closed = closed;
    this.closedBy = closedBy;
    this.lastStreamSeq = lastStreamSeq;
    this.producers.clear();
    this.producers.putAll(producers);
  }

  synchronized MetadataStore.Checkpoint checkpoint(Segment at) {
    return new MetadataStore.Checkpoint(at.end, at.id, closed, closedBy, lastStreamSeq, new LinkedHashMap<>(producers));
  }

  Segment[] segments() {
    return segments;
  }

  @Override
  public long startPosition() {
    return start;
  }

  @Override
  public long endPosition() {
    return end;
  }

  @Override
  public synchronized long append(Commit commit) {
    if (deleted) throw new StorageException(StorageException.Kind.FAILED, "the stream was deleted", null);
    store.admitAppend();
    Segment act = active();
    long newEnd = act.local.append(commit);
    if (act.commits++ == 0) act.firstCommitNanos = System.nanoTime();
    long added = newEnd - act.end;
    act.end = newEnd;
    end = newEnd;
    store.addLocalBytes(act, added);
    if (commit.closes()) {
      closed = true;
      if (commit.producerId() != null) closedBy = new ProducerPosition(commit.producerId(), commit.producerEpoch(), commit.producerSeq());
    }
    if (commit.producerId() != null) {
      producers.put(commit.producerId(), new ProducerPosition(commit.producerId(), commit.producerEpoch(), commit.producerSeq()));
    }
    if (commit.streamSeq() != null) lastStreamSeq = commit.streamSeq();
    if (act.end - act.start >= store.settings().segmentBytes()) seal(act);
    return newEnd;
  }

  /** The segment that takes appends, made when there is none (a new stream, or the last was sealed). */
  private Segment active() {
    Segment[] segs = segments;
    Segment last = segs.length == 0 ? null : segs[segs.length - 1];
    if (last != null && !last.sealed && last.local != null) return last;
    Segment fresh = store.newLocalSegment(this, end, spare);
    spare = null;
    Segment[] next = Arrays.copyOf(segs, segs.length + 1);
    next[segs.length] = fresh;
    segments = next;
    if (!closed) store.prepareSpare(this);
    return fresh;
  }

  /** Whether a spare for the next segment is still wanted (none is ready, the stream lives). */
  synchronized boolean needsSpare() {
    return spare == null && !deleted && !closed;
  }

  /**
   * Keeps {@code s} as the next segment's local log; false (the caller deletes it) when the stream
   * was deleted, already has one, or has a segment created after it.
   */
  synchronized boolean offerSpare(TieredStore.Spare s) {
    if (deleted || spare != null) return false;
    Segment[] segs = segments;
    if (segs.length > 0 && segs[segs.length - 1].id > s.id()) return false;
    spare = s;
    return true;
  }

  /** Seals the active segment when its first record is older than {@code ageNanos}. */
  synchronized void sealIfOlderThan(long ageNanos) {
    Segment[] segs = segments;
    if (segs.length == 0 || deleted) return;
    Segment last = segs[segs.length - 1];
    if (!last.sealed && last.local != null && last.commits > 0 && System.nanoTime() - last.firstCommitNanos >= ageNanos) {
      seal(last);
    }
  }

  private void seal(Segment s) {
    s.sealed = true;
    s.checkpoint = checkpoint(s);
    store.enqueueUpload(s);
  }

  /** The segment holding {@code position} ({@code start <= position < end}), or null. */
  private static Segment find(Segment[] segs, long position) {
    int lo = 0;
    int hi = segs.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Segment s = segs[mid];
      if (s.end <= position) {
        lo = mid + 1;
      } else if (s.start > position) {
        hi = mid - 1;
      } else {
        // s.start <= position < s.end; empty segments never satisfy this
        return s;
      }
    }
    return null;
  }

  @Override
  public long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
    Segment[] segs = segments;
    long limit = Math.min(to, end);
    long pos = Math.max(from, start);
    long delivered = 0;
    while (pos < limit && delivered < maxBytes) {
      Segment s = find(segs, pos);
      if (s == null) break;
      long segLimit = Math.min(limit, s.end);
      long remaining = maxBytes - delivered;
      // A segment's read always delivers its first record; past the first segment, a whole record
      // that does not fit the rest of the budget is held back (and read by the next request).
      boolean holdBack = wholeRecords && delivered > 0;
      long[] got = {0};
      boolean[] first = {true};
      boolean[] overflow = {false};
      long reached = readSegment(s, pos, segLimit, remaining, wholeRecords, (a, off, len, e, whole) -> {
        if (first[0]) {
          first[0] = false;
          if (holdBack && len > remaining) overflow[0] = true;
        }
        if (overflow[0]) return;
        got[0] += len;
        sink.accept(a, off, len, e, whole);
      });
      if (overflow[0] || reached <= pos) break;
      delivered += got[0];
      pos = reached;
      if (pos < segLimit) break;
    }
    return pos;
  }

  private long readSegment(Segment s, long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
    s.lock.readLock().lock();
    try {
      StreamLog l = s.local;
      if (l != null) return l.read(from, to, maxBytes, wholeRecords, sink);
    } finally {
      s.lock.readLock().unlock();
    }
    return store.remoteData(s).read(from, to, maxBytes, wholeRecords, sink);
  }

  @Override
  public boolean isBoundary(long position) {
    if (position == start || position == end) return true;
    Segment s = find(segments, position);
    if (s == null) return false;
    if (position == s.start) return true;
    s.lock.readLock().lock();
    try {
      StreamLog l = s.local;
      if (l != null) return l.isBoundary(position);
    } finally {
      s.lock.readLock().unlock();
    }
    return store.remoteData(s).isBoundary(position);
  }

  @Override
  public byte[] recordFrom(long position) {
    Segment s = find(segments, position);
    if (s == null) return null;
    s.lock.readLock().lock();
    try {
      StreamLog l = s.local;
      if (l != null) return l.recordFrom(position);
    } finally {
      s.lock.readLock().unlock();
    }
    return store.remoteData(s).recordFrom(position);
  }

  @Override
  public void awaitDurable(long position) {
    Segment[] segs = segments;
    for (int i = segs.length - 1; i >= 0; i--) {
      Segment s = segs[i];
      if (s.start > position) continue;
      s.lock.readLock().lock();
      try {
        StreamLog l = s.local;
        // A segment without a local log is in S3 and indexed: durable already.
        if (l != null) l.awaitDurable(position);
      } finally {
        s.lock.readLock().unlock();
      }
      if (s.start < position) break;
    }
  }

  @Override
  public synchronized void markSoftDeleted() {
    store.softDeleteMetadata(this);
    Segment act = active();
    act.local.markSoftDeleted();
    if (act.commits++ == 0) act.firstCommitNanos = System.nanoTime();
  }

  @Override
  public void delete() {
    Segment[] segs;
    TieredStore.Spare unused;
    synchronized (this) {
      deleted = true;
      segs = segments;
      unused = spare;
      spare = null;
    }
    for (Segment s : segs) store.dropLocal(s);
    if (unused != null) unused.local().delete();
    store.streamDeleted(this);
  }
}
