package io.streamcert.reference.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One stream's own data in {@code streams/<id>/log}: CRC-framed records, appended under the
 * stream's lock, read by position without loading the stream into memory. In memory it keeps only
 * an index: each data record's end position and where its data starts in the file (16 bytes a
 * record).
 */
final class FileLog implements StreamLog, Syncer.Forceable {

  private record Index(long[] ends, long[] fileOffsets, int count, long end) {}

  private final FileStore store;
  private final Path dir;
  private final Path file;
  /** The first record's position, or {@link FileStore#UNPLACED} until {@link #placeAt} gives it. */
  private volatile long start;
  private volatile Index index;
  private long fileSize;
  private volatile long corruptAt = -1;
  private volatile boolean deleted;

  FileLog(FileStore store, Path dir, long start) {
    this.store = store;
    this.dir = dir;
    this.file = dir.resolve(FileStore.LOG_FILE);
    this.start = start;
    this.index = new Index(new long[4], new long[4], 0, start);
  }

  Path file() {
    return file;
  }

  Path dir() {
    return dir;
  }

  /** Adds a recovered data record to the index. */
  void indexRecovered(long dataFileOffset, long end) {
    addToIndex(dataFileOffset, end);
  }

  /**
   * Gives a log created without a start position ({@link FileStore#createUnplaced}) the position of
   * its first record; called once, before the first write (or, at recovery, with the first record's
   * position). Nothing durable changes: every record carries its own start position.
   */
  void placeAt(long position) {
    if (position < 0) throw new IllegalArgumentException("a log starts at position 0 or later, not " + position);
    if (start != FileStore.UNPLACED || index.count > 0 || fileSize > 0) {
      throw new IllegalStateException("the log in " + dir + " already starts at " + start);
    }
    start = position;
    index = new Index(new long[4], new long[4], 0, position);
  }

  void recoveredSize(long size) {
    this.fileSize = size;
  }

  void markCorruptAt(long position) {
    this.corruptAt = position;
  }

  long corruptAt() {
    return corruptAt;
  }

  private void addToIndex(long dataFileOffset, long end) {
    Index v = index;
    long[] ends = v.ends;
    long[] offs = v.fileOffsets;
    if (v.count == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
      offs = Arrays.copyOf(offs, offs.length * 2);
    }
    ends[v.count] = end;
    offs[v.count] = dataFileOffset;
    index = new Index(ends, offs, v.count + 1, end);
  }

  @Override
  public long startPosition() {
    return start;
  }

  @Override
  public long endPosition() {
    return index.end;
  }

  @Override
  public long append(Commit commit) {
    return write(commit, false);
  }

  @Override
  public void markSoftDeleted() {
    write(new Commit(new byte[0], false, null, 0, 0, null), true);
    awaitDurable(index.end);
  }

  private long write(Commit commit, boolean softDelete) {
    store.checkWritable();
    if (start == FileStore.UNPLACED) throw new IllegalStateException("the log in " + dir + " has no start position yet");
    if (corruptAt >= 0) {
      throw new StorageException(StorageException.Kind.CORRUPT,
          "this stream's log is corrupt at offset " + corruptAt + "; it takes no appends until repaired", null);
    }
    Index v = index;
    ByteBuffer record = RecordCodec.encode(commit, v.end, softDelete);
    long at = fileSize;
    try {
      FileChannel ch = store.channel(this);
      while (record.hasRemaining()) {
        ch.write(record, at + record.position());
      }
    } catch (IOException e) {
      undo(at);
      boolean full = String.valueOf(e.getMessage()).contains("No space left");
      if (!full) store.fail(e);
      throw new StorageException(full ? StorageException.Kind.FULL : StorageException.Kind.FAILED,
          full ? "the disk is full; the append was not written" : "writing the log failed: " + e.getMessage(), e);
    }
    fileSize = at + record.limit();
    store.syncer().dirty(this);
    if (commit.hasData()) {
      addToIndex(at + RecordCodec.dataOffset(), v.end + commit.payload().length);
    }
    return index.end;
  }

  /** Cuts a partial record off after a failed write, so nothing half-written stays. */
  private void undo(long size) {
    try {
      store.channel(this).truncate(size);
    } catch (IOException e) {
      store.fail(e);
    }
  }

  @Override
  public void awaitDurable(long position) {
    try {
      store.syncer().await(this);
    } catch (IOException e) {
      store.fail(e);
      throw new StorageException(StorageException.Kind.FAILED,
          "the append could not be forced to disk: " + e.getMessage() + "; the server takes no more writes until restarted", e);
    }
  }

  @Override
  public void force() throws IOException {
    // A deleted log may still be in the syncer's dirty set; opening it again would recreate it.
    if (deleted) return;
    try {
      store.channel(this).force(false);
    } catch (ClosedChannelException e) {
      if (!deleted) throw e;
    }
  }

  private static int indexOf(Index v, long position) {
    int i = Arrays.binarySearch(v.ends, 0, v.count, position);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private long recordStart(Index v, int i) {
    return i == 0 ? start : v.ends[i - 1];
  }

  @Override
  public long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
    Index v = index;
    long limit = Math.min(to, v.end);
    long pos = Math.max(from, start);
    long delivered = 0;
    // First decide which slices the page holds, then fetch them with one positional read: the
    // records of a log are contiguous in its file, so a page is one span (framing in between).
    int first = indexOf(v, pos);
    int last = first - 1;
    long[] sliceStart = new long[Math.min(v.count - first, 64)];
    long[] sliceEnd = new long[sliceStart.length];
    int n = 0;
    for (int i = first; i < v.count && pos < limit; i++) {
      long recStart = recordStart(v, i);
      long recEnd = v.ends[i];
      if (wholeRecords && recEnd > limit) break;
      if (wholeRecords && delivered > 0 && delivered + (recEnd - pos) > maxBytes) break;
      long end = Math.min(recEnd, limit);
      if (!wholeRecords && delivered + (end - pos) > maxBytes) end = pos + Math.max(1, maxBytes - delivered);
      if (n == sliceStart.length) {
        sliceStart = Arrays.copyOf(sliceStart, n * 2);
        sliceEnd = Arrays.copyOf(sliceEnd, n * 2);
      }
      sliceStart[n] = pos;
      sliceEnd[n] = end;
      n++;
      last = i;
      delivered += end - pos;
      pos = end;
      if (delivered >= maxBytes) break;
    }
    if (n == 0) return pos;
    long spanStart = v.fileOffsets[first] + (sliceStart[0] - recordStart(v, first));
    long spanEnd = v.fileOffsets[last] + (sliceEnd[n - 1] - recordStart(v, last));
    byte[] span = readBytes(spanStart, Math.toIntExact(spanEnd - spanStart));
    for (int k = 0; k < n; k++) {
      int i = first + k;
      long recStart = recordStart(v, i);
      int off = (int) (v.fileOffsets[i] + (sliceStart[k] - recStart) - spanStart);
      int len = (int) (sliceEnd[k] - sliceStart[k]);
      sink.accept(span, off, len, sliceEnd[k], sliceStart[k] == recStart && sliceEnd[k] == v.ends[i]);
    }
    return pos;
  }

  private byte[] readBytes(long fileOffset, int len) {
    byte[] out = new byte[len];
    for (int attempt = 0; ; attempt++) {
      try {
        ByteBuffer b = ByteBuffer.wrap(out);
        FileChannel ch = store.channel(this);
        while (b.hasRemaining()) {
          int n = ch.read(b, fileOffset + b.position());
          if (n < 0) throw new IOException("the log ended early at " + (fileOffset + b.position()));
        }
        return out;
      } catch (ClosedChannelException e) {
        // The channel was evicted from the open-file cache by another thread; open it again.
        if (attempt >= 3) throw new StorageException(StorageException.Kind.FAILED, "reading the log failed", e);
      } catch (IOException e) {
        throw new StorageException(StorageException.Kind.FAILED, "reading the log failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean isBoundary(long position) {
    Index v = index;
    if (position == start || position == v.end) return true;
    return Arrays.binarySearch(v.ends, 0, v.count, position) >= 0;
  }

  @Override
  public byte[] recordFrom(long position) {
    Index v = index;
    int i = indexOf(v, position);
    if (i >= v.count || position < start) return null;
    long recStart = recordStart(v, i);
    return readBytes(v.fileOffsets[i] + (position - recStart), (int) (v.ends[i] - position));
  }

  @Override
  public void delete() {
    deleted = true;
    store.delete(this);
  }
}
