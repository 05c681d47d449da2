package io.streamcert.chaos.payload;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Frames payloads so that a reader can tell, from a stream's bytes alone, which writes it saw and
 * where something else got in.
 *
 * <p>A frame is {@code <id>|<check><filler>\n}: the payload id (1 to 128 characters of {@code
 * A-Z a-z 0-9 . _ : -}), a bar, four lowercase hex digits of the id's CRC-32 (its low 16 bits),
 * optional filler that repeats {@code abc...z} to reach the size the writer wants, and a newline.
 * For example {@code w3-000017|5d1ebcd\n} is payload {@code w3-000017} padded to 20 bytes. The
 * check and the fixed filler make a torn or corrupted frame, or two torn frames glued together,
 * decode as garbage rather than as a wrong payload id; the newline lets the decoder resynchronise
 * after garbage. Frames are concatenated in a stream with nothing in between.
 */
public final class PayloadCodec {

  /** The largest frame {@link #encode(String, int)} makes and the decoder accepts: 1 MiB. */
  public static final int MAX_FRAME_BYTES = 1 << 20;

  /** The longest payload id. */
  public static final int MAX_ID_LENGTH = 128;

  static final byte SEPARATOR = '|';
  static final byte TERMINATOR = '\n';
  static final int CHECK_LENGTH = 4;

  private PayloadCodec() {}

  /** The conventional payload id of a writer's {@code n}-th write, such as {@code w3-000017}. */
  public static String payloadId(String writer, long n) {
    if (n < 0) throw new IllegalArgumentException("write number must be >= 0 but was " + n);
    String id = writer + "-" + String.format("%06d", n);
    validateId(id);
    return id;
  }

  /** The smallest frame of {@code payloadId}: id, bar, check, newline. */
  public static byte[] encode(String payloadId) {
    validateId(payloadId);
    return encode(payloadId, minimumSize(payloadId));
  }

  /**
   * A frame of {@code payloadId} exactly {@code size} bytes long.
   *
   * @throws IllegalArgumentException if the id is invalid, or {@code size} is below {@link
   *     #minimumSize} or above {@link #MAX_FRAME_BYTES}
   */
  public static byte[] encode(String payloadId, int size) {
    validateId(payloadId);
    int min = minimumSize(payloadId);
    if (size < min || size > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("a frame of payload " + payloadId + " must be " + min + ".."
          + MAX_FRAME_BYTES + " bytes but " + size + " was asked for");
    }
    byte[] out = new byte[size];
    byte[] id = payloadId.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, out, 0, id.length);
    int i = id.length;
    out[i++] = SEPARATOR;
    String check = check(id, 0, id.length);
    for (int k = 0; k < CHECK_LENGTH; k++) out[i++] = (byte) check.charAt(k);
    for (int f = 0; i < size - 1; i++, f++) out[i] = filler(f);
    out[size - 1] = TERMINATOR;
    return out;
  }

  /** The size of the smallest frame of {@code payloadId}. */
  public static int minimumSize(String payloadId) {
    return payloadId.length() + 1 + CHECK_LENGTH + 1;
  }

  /** A decoder for bytes that arrive in pieces, such as the chunks of a read. */
  public static PayloadDecoder decoder() {
    return new PayloadDecoder();
  }

  /** Decodes a whole body: its payloads in order and every run of bytes that is not a frame. */
  public static DecodedBytes decode(byte[] bytes) {
    PayloadDecoder d = decoder();
    var payloads = d.feed(bytes, 0, bytes.length);
    d.finish();
    return new DecodedBytes(payloads, d.garbage());
  }

  /**
   * Checks that {@code payloadId} can be framed.
   *
   * @throws IllegalArgumentException naming the bad character or length
   */
  public static void validateId(String payloadId) {
    if (payloadId == null || payloadId.isEmpty() || payloadId.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("payload id '" + payloadId + "' must be 1.." + MAX_ID_LENGTH
          + " characters of A-Z a-z 0-9 . _ : -");
    }
    for (int i = 0; i < payloadId.length(); i++) {
      char c = payloadId.charAt(i);
      if (c > 0x7f || !isIdByte((byte) c)) {
        throw new IllegalArgumentException("payload id '" + payloadId + "' contains '" + c
            + "'; use only A-Z a-z 0-9 . _ : -");
      }
    }
  }

  static boolean isIdByte(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b == '.' || b == '_' || b == ':' || b == '-';
  }

  static byte filler(int index) {
    return (byte) ('a' + index % 26);
  }

  static String check(byte[] bytes, int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, length);
    return String.format("%04x", crc.getValue() & 0xffff);
  }
}
