package io.streamcert.chaos.payload;

import io.streamcert.chaos.history.Garbage;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes frames from bytes that arrive in pieces: a frame split across two chunks is decoded when
 * its end arrives. Bytes that are not a frame become {@link Garbage}, up to and including the next
 * newline; adjacent runs of garbage are merged. Not thread-safe: one reader owns it.
 */
public final class PayloadDecoder {

  private static final int PREVIEW_BYTES = 48;

  private byte[] pending = new byte[256];
  private int pendingLength;
  /** The position (among all bytes fed) of pending[0]. */
  private long pendingStart;
  /** Inside an over-long run without newline: everything up to the next newline is garbage. */
  private boolean skippingToNewline;

  private final List<Garbage> closedGarbage = new ArrayList<>();
  private long garbageStart = -1;
  private long garbageLength;
  private final ByteArrayOutputStream garbagePrefix = new ByteArrayOutputStream();

  PayloadDecoder() {}

  /** How many bytes have been fed so far. */
  public long position() {
    return pendingStart + pendingLength;
  }

  /** Whether the bytes fed so far end exactly at the end of a frame (or of garbage). */
  public boolean atFrameBoundary() {
    return pendingLength == 0 && !skippingToNewline;
  }

  /**
   * Feeds one chunk of a read that the server said starts at {@code chunkOffset}, and returns the
   * payloads completed by it as observations. A payload whose frame begins exactly at the chunk's
   * first byte gets {@code chunkOffset}; the others get no offset, which the reader cannot know.
   *
   * @param chunkOffset the offset the chunk was read from, or null (or a sentinel) if unknown
   */
  public List<Observed> feed(byte[] chunk, Offset chunkOffset) {
    boolean aligned = atFrameBoundary() && chunkOffset != null && chunkOffset.isConcrete();
    long chunkStart = position();
    List<Observed> out = new ArrayList<>();
    for (DecodedPayload p : feed(chunk, 0, chunk.length)) {
      out.add(new Observed(p.payloadId(), aligned && p.position() == chunkStart ? chunkOffset : null));
    }
    return out;
  }

  /** Feeds bytes and returns the frames they complete, in order. */
  public List<DecodedPayload> feed(byte[] bytes, int from, int length) {
    List<DecodedPayload> out = new ArrayList<>();
    int i = from;
    int end = from + length;
    if (skippingToNewline) {
      int nl = indexOf(bytes, i, end, PayloadCodec.TERMINATOR);
      int stop = nl < 0 ? end : nl + 1;
      addGarbage(pendingStart, bytes, i, stop - i);
      pendingStart += stop - i;
      i = stop;
      if (nl >= 0) skippingToNewline = false;
    }
    append(bytes, i, end - i);
    int lineStart = 0;
    int nl;
    while ((nl = indexOf(pending, lineStart, pendingLength, PayloadCodec.TERMINATOR)) >= 0) {
      String id = frameId(pending, lineStart, nl + 1);
      long pos = pendingStart + lineStart;
      if (id != null) {
        closeGarbage();
        out.add(new DecodedPayload(id, pos, nl + 1 - lineStart));
      } else {
        addGarbage(pos, pending, lineStart, nl + 1 - lineStart);
      }
      lineStart = nl + 1;
    }
    consume(lineStart);
    if (pendingLength > PayloadCodec.MAX_FRAME_BYTES) {
      addGarbage(pendingStart, pending, 0, pendingLength);
      consume(pendingLength);
      skippingToNewline = true;
    }
    return out;
  }

  /**
   * Ends the input: a partial frame left over becomes garbage. Returns every run of garbage found.
   */
  public List<Garbage> finish() {
    if (pendingLength > 0) {
      addGarbage(pendingStart, pending, 0, pendingLength);
      consume(pendingLength);
    }
    skippingToNewline = false;
    closeGarbage();
    return garbage();
  }

  /** The runs of garbage found so far, including one still growing. */
  public List<Garbage> garbage() {
    List<Garbage> out = new ArrayList<>(closedGarbage);
    if (garbageStart >= 0) out.add(openGarbage());
    return out;
  }

  /** The payload id of the frame in {@code b[from..to)}, newline included, or null if it is not a frame. */
  static String frameId(byte[] b, int from, int to) {
    int bar = -1;
    for (int i = from; i < to && i - from <= PayloadCodec.MAX_ID_LENGTH; i++) {
      if (b[i] == PayloadCodec.SEPARATOR) {
        bar = i;
        break;
      }
      if (!PayloadCodec.isIdByte(b[i])) return null;
    }
    if (bar <= from) return null;
    int checkEnd = bar + 1 + PayloadCodec.CHECK_LENGTH;
    if (checkEnd > to - 1) return null;
    String check = PayloadCodec.check(b, from, bar - from);
    for (int k = 0; k < PayloadCodec.CHECK_LENGTH; k++) {
      if (b[bar + 1 + k] != check.charAt(k)) return null;
    }
    for (int i = checkEnd, f = 0; i < to - 1; i++, f++) {
      if (b[i] != PayloadCodec.filler(f)) return null;
    }
    return new String(b, from, bar - from, StandardCharsets.US_ASCII);
  }

  private void addGarbage(long position, byte[] bytes, int from, int length) {
    if (length <= 0) return;
    if (garbageStart >= 0 && garbageStart + garbageLength != position) closeGarbage();
    if (garbageStart < 0) {
      garbageStart = position;
      garbageLength = 0;
      garbagePrefix.reset();
    }
    garbageLength += length;
    int keep = Math.min(length, PREVIEW_BYTES + 1 - garbagePrefix.size());
    if (keep > 0) garbagePrefix.write(bytes, from, keep);
  }

  private void closeGarbage() {
    if (garbageStart < 0) return;
    closedGarbage.add(openGarbage());
    garbageStart = -1;
  }

  private Garbage openGarbage() {
    byte[] prefix = garbagePrefix.toByteArray();
    int length = (int) Math.min(Integer.MAX_VALUE, garbageLength);
    Garbage g = Garbage.of(garbageStart, prefix, 0, Math.min(prefix.length, length));
    boolean cut = length > PREVIEW_BYTES;
    String preview = g.preview();
    if (cut && !preview.endsWith("...")) preview = preview + "...";
    return new Garbage(garbageStart, length, preview);
  }

  private void append(byte[] bytes, int from, int length) {
    if (length <= 0) return;
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(bytes, from, pending, pendingLength, length);
    pendingLength += length;
  }

  private void consume(int count) {
    if (count <= 0) return;
    System.arraycopy(pending, count, pending, 0, pendingLength - count);
    pendingLength -= count;
    pendingStart += count;
  }

  private static int indexOf(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) if (b[i] == value) return i;
    return -1;
  }
}
