package io.streamcert.reference.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one {@link Commit}: {@code [u32 body length][u32 CRC32C of body][body]}, the
 * body holding the data and the state it changes, so one checksum covers both.
 *
 * <p>Body: {@code [u8 version][u8 flags][u64 start position][u32 data length][data]}, then, by flag,
 * {@code [u16 id length][id][u64 epoch][u64 seq]} for a producer and {@code [u16 length][Stream-Seq]}.
 */
final class RecordCodec {

  static final int HEADER = 8;
  static final byte VERSION = 1;
  static final int CLOSES = 1;
  static final int PRODUCER = 2;
  static final int STREAM_SEQ = 4;
  static final int SOFT_DELETE = 8;
  /** Bodies above this are treated as damage, not as a record (appends are capped far lower). */
  static final int MAX_BODY = 1 << 30;

  private RecordCodec() {}

  /** A decoded record. {@code dataOffset} is where the data starts within the body. */
  record Decoded(int flags, long start, byte[] data, String producerId, long epoch, long seq, String streamSeq) {}

  static ByteBuffer encode(Commit c, long start, boolean softDelete) {
    byte[] id = c.producerId() == null ? null : c.producerId().getBytes(StandardCharsets.UTF_8);
    byte[] sseq = c.streamSeq() == null ? null : c.streamSeq().getBytes(StandardCharsets.ISO_8859_1);
    int flags = (c.closes() ? CLOSES : 0) | (id != null ? PRODUCER : 0) | (sseq != null ? STREAM_SEQ : 0)
        | (softDelete ? SOFT_DELETE : 0);
    int body = 1 + 1 + 8 + 4 + c.payload().length + (id == null ? 0 : 2 + id.length + 16) + (sseq == null ? 0 : 2 + sseq.length);
    ByteBuffer b = ByteBuffer.allocate(HEADER + body);
    b.position(HEADER);
    b.put(VERSION).put((byte) flags).putLong(start).putInt(c.payload().length).put(c.payload());
    if (id != null) b.putShort((short) id.length).put(id).putLong(c.producerEpoch()).putLong(c.producerSeq());
    if (sseq != null) b.putShort((short) sseq.length).put(sseq);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), HEADER, body);
    b.putInt(0, body).putInt(4, (int) crc.getValue());
    b.flip();
    return b;
  }

  /** Offset of the data within an encoded record (header included). */
  static int dataOffset() {
    return HEADER + 1 + 1 + 8 + 4;
  }

  static boolean crcMatches(byte[] body, int expected) {
    CRC32C crc = new CRC32C();
    crc.update(body, 0, body.length);
    return (int) crc.getValue() == expected;
  }

  /** Decodes a body whose checksum matched; null if its structure is invalid. */
  static Decoded decode(byte[] body) {
    try {
      ByteBuffer b = ByteBuffer.wrap(body);
      if (b.get() != VERSION) return null;
      int flags = b.get();
      long start = b.getLong();
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) return null;
      byte[] data = new byte[len];
      b.get(data);
      String id = null;
      long epoch = 0;
      long seq = 0;
      if ((flags & PRODUCER) != 0) {
        byte[] idBytes = new byte[b.getShort() & 0xffff];
        b.get(idBytes);
        id = new String(idBytes, StandardCharsets.UTF_8);
        epoch = b.getLong();
        seq = b.getLong();
      }
      String streamSeq = null;
      if ((flags & STREAM_SEQ) != 0) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        streamSeq = new String(s, StandardCharsets.ISO_8859_1);
      }
      return new Decoded(flags, start, data, id, epoch, seq, streamSeq);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
