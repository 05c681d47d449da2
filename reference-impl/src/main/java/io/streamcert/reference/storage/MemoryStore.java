package io.streamcert.reference.storage;

import java.util.Arrays;

/**
 * Keeps every stream in memory; nothing survives a restart. Readers never take a lock: a log
 * publishes an immutable view after each append through a volatile field.
 */
public final class MemoryStore implements StreamStore {

  @Override
  public String kind() {
    return "memory";
  }

  @Override
  public StreamLog create(StreamDescriptor descriptor, long startPosition) {
    return new MemoryLog(startPosition);
  }

  @Override
  public void close() {}

  /** Records held in growable arrays; {@code view} is what readers see. */
  static final class MemoryLog implements StreamLog {

    private record View(long[] ends, byte[][] data, int count, long end) {}

    private final long start;
    private volatile View view;

    MemoryLog(long start) {
      this.start = start;
      this.view = new View(new long[4], new byte[4][], 0, start);
    }

    @Override
    public long startPosition() {
      return start;
    }

    @Override
    public long endPosition() {
      return view.end;
    }

    @Override
    public long append(Commit commit) {
      View v = view;
      if (!commit.hasData()) return v.end;
      long[] ends = v.ends;
      byte[][] data = v.data;
      if (v.count == ends.length) {
        int cap = ends.length * 2;
        ends = Arrays.copyOf(ends, cap);
        data = Arrays.copyOf(data, cap);
      }
      long end = v.end + commit.payload().length;
      ends[v.count] = end;
      data[v.count] = commit.payload();
      view = new View(ends, data, v.count + 1, end);
      return end;
    }

    /** Index of the record containing {@code position}, or count when at or past the end. */
    private static int indexOf(View v, long position) {
      int i = Arrays.binarySearch(v.ends, 0, v.count, position);
      return i >= 0 ? i + 1 : -i - 1;
    }

    private long recordStart(View v, int index) {
      return index == 0 ? start : v.ends[index - 1];
    }

    @Override
    public long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
      View v = view;
      long limit = Math.min(to, v.end);
      long pos = Math.max(from, start);
      long delivered = 0;
      for (int i = indexOf(v, pos); i < v.count && pos < limit; i++) {
        long recStart = recordStart(v, i);
        long recEnd = v.ends[i];
        if (wholeRecords && recEnd > limit) break;
        if (delivered > 0 && delivered + (recEnd - pos) > maxBytes && wholeRecords) break;
        long sliceEnd = Math.min(recEnd, limit);
        if (!wholeRecords && delivered + (sliceEnd - pos) > maxBytes) {
          sliceEnd = pos + Math.max(1, maxBytes - delivered);
        }
        int off = (int) (pos - recStart);
        int len = (int) (sliceEnd - pos);
        sink.accept(v.data[i], off, len, sliceEnd, off == 0 && sliceEnd == recEnd);
        delivered += len;
        pos = sliceEnd;
        if (delivered >= maxBytes) break;
      }
      return pos;
    }

    @Override
    public boolean isBoundary(long position) {
      View v = view;
      if (position == start || position == v.end) return true;
      return Arrays.binarySearch(v.ends, 0, v.count, position) >= 0;
    }

    @Override
    public byte[] recordFrom(long position) {
      View v = view;
      int i = indexOf(v, position);
      if (i >= v.count || position < start) return null;
      byte[] rec = v.data[i];
      int off = (int) (position - recordStart(v, i));
      return off == 0 ? rec : Arrays.copyOfRange(rec, off, rec.length);
    }

    @Override
    public void delete() {
      view = new View(new long[0], new byte[0][], 0, start);
    }
  }
}
