package io.streamcert.reference.storage.tiered;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The S3 object of a sealed segment: a header (magic {@code DSSG}, version, stream id, start and
 * end position, record count) and then each data record as its length and bytes. The SHA-256 of
 * the whole object is kept in the PostgreSQL segment index and checked on every read, so a flipped
 * byte anywhere is caught; the header ties the object to the index row it belongs to.
 */
final class SegmentObject {

  static final int MAGIC = 0x44535347; // "DSSG"
  static final int VERSION = 1;
  private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 4;

  /** Thrown when an object fails its checksum or does not match its index row. */
  static final class CorruptObjectException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptObjectException(String message) {
      super(message);
    }
  }

  private SegmentObject() {}

  static byte[] encode(long streamId, long start, long end, List<byte[]> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, end - start + HEADER + 4L * records.size()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(streamId);
      out.writeLong(start);
      out.writeLong(end);
      out.writeInt(records.size());
      for (byte[] r : records) {
        out.writeInt(r.length);
        out.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String sha256(byte[] object) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  /** Verifies an object against its index row and decodes it. */
  static SegmentData decode(String key, byte[] object, String expectedSha256, long streamId, long start, long end)
      throws CorruptObjectException {
    String actual = sha256(object);
    if (!actual.equals(expectedSha256)) {
      throw new CorruptObjectException("segment object " + key + " fails its checksum: SHA-256 " + actual
          + " but the segment index records " + expectedSha256 + "; it is not served");
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(object);
      if (b.getInt() != MAGIC || b.getInt() != VERSION) {
        throw new CorruptObjectException("segment object " + key + " has no DSSG v1 header");
      }
      long sid = b.getLong();
      long s = b.getLong();
      long e = b.getLong();
      int count = b.getInt();
      if (sid != streamId || s != start || e != end || count < 0) {
        throw new CorruptObjectException("segment object " + key + " holds stream " + sid + " [" + s + ", " + e
            + ") but the index expects stream " + streamId + " [" + start + ", " + end + ")");
      }
      long[] ends = new long[count];
      byte[] data = new byte[Math.toIntExact(end - start)];
      int at = 0;
      long pos = start;
      for (int i = 0; i < count; i++) {
        int len = b.getInt();
        if (len <= 0 || at + len > data.length) throw new CorruptObjectException("segment object " + key + ": record " + i + " overruns the segment");
        b.get(data, at, len);
        at += len;
        pos += len;
        ends[i] = pos;
      }
      if (at != data.length || b.hasRemaining()) {
        throw new CorruptObjectException("segment object " + key + ": records hold " + at + " bytes, expected " + data.length);
      }
      return new SegmentData(start, ends, data);
    } catch (BufferUnderflowException | ArithmeticException ex) {
      throw new CorruptObjectException("segment object " + key + " is truncated");
    }
  }
}
