package io.streamcert.reference.storage.tiered;

import io.streamcert.reference.storage.RecordSink;
import java.util.Arrays;

/**
 * The records of one segment held in memory (a segment fetched from S3): their data back to back
 * and each record's end position. Reads follow the rules of {@code StreamLog#read}.
 */
final class SegmentData {

  private final long start;
  private final long[] ends;
  private final byte[] data;

  SegmentData(long start, long[] ends, byte[] data) {
    this.start = start;
    this.ends = ends;
    this.data = data;
  }

  long start() {
    return start;
  }

  long end() {
    return ends.length == 0 ? start : ends[ends.length - 1];
  }

  int recordCount() {
    return ends.length;
  }

  long bytes() {
    return data.length;
  }

  private int indexOf(long position) {
    int i = Arrays.binarySearch(ends, position);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private long recordStart(int i) {
    return i == 0 ? start : ends[i - 1];
  }

  long read(long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
    long limit = Math.min(to, end());
    long pos = Math.max(from, start);
    long delivered = 0;
    for (int i = indexOf(pos); i < ends.length && pos < limit; i++) {
      long recStart = recordStart(i);
      long recEnd = ends[i];
      if (wholeRecords && recEnd > limit) break;
      if (wholeRecords && delivered > 0 && delivered + (recEnd - pos) > maxBytes) break;
      long sliceEnd = Math.min(recEnd, limit);
      if (!wholeRecords && delivered + (sliceEnd - pos) > maxBytes) sliceEnd = pos + Math.max(1, maxBytes - delivered);
      sink.accept(data, (int) (pos - start), (int) (sliceEnd - pos), sliceEnd, pos == recStart && sliceEnd == recEnd);
      delivered += sliceEnd - pos;
      pos = sliceEnd;
      if (delivered >= maxBytes) break;
    }
    return pos;
  }

  boolean isBoundary(long position) {
    if (position == start || position == end()) return true;
    return Arrays.binarySearch(ends, position) >= 0;
  }

  byte[] recordFrom(long position) {
    int i = indexOf(position);
    if (i >= ends.length || position < start) return null;
    return Arrays.copyOfRange(data, (int) (position - start), (int) (ends[i] - start));
  }
}
