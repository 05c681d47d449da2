package io.streamcert.scenarios.driver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bodies the driver appends. Plain payloads are constant filler; stamped payloads (fan-out)
 * carry the operation's sequence number and the driver's send time, so readers in the same process
 * can measure delivery on one clock.
 *
 * <p>For JSON streams a payload is one object padded to the exact size ({@code {"p":"..."}}, or
 * {@code {"s":"<seq hex>","t":"<send time hex>","p":"..."}}); for every other content type it is
 * printable ASCII, so {@code text/*} streams accept it too: a stamped record is 16 hex digits of
 * sequence, a space, 16 hex digits of send time, dots, and a newline.
 */
final class Payloads {

  private static final int PLAIN_JSON_OVERHEAD = "{\"p\":\"\"}".length();
  private static final int STAMPED_JSON_OVERHEAD = "{\"s\":\"\",\"t\":\"\",\"p\":\"\"}".length() + 32;
  private static final int STAMPED_TEXT_MIN = 16 + 1 + 16 + 1;

  private Payloads() {}

  static boolean isJson(String contentType) {
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return media.equalsIgnoreCase("application/json");
  }

  /** The smallest plain payload for {@code contentType}. */
  static long minPlain(String contentType) {
    return isJson(contentType) ? PLAIN_JSON_OVERHEAD : 1;
  }

  /** The smallest stamped payload for {@code contentType}. */
  static long minStamped(String contentType) {
    return isJson(contentType) ? STAMPED_JSON_OVERHEAD : STAMPED_TEXT_MIN;
  }

  /** A constant payload of exactly {@code size} bytes. */
  static byte[] plain(String contentType, int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) 'x');
    if (isJson(contentType)) {
      byte[] open = "{\"p\":\"".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(open, 0, b, 0, open.length);
      b[size - 2] = '"';
      b[size - 1] = '}';
    }
    return b;
  }

  /** A payload of exactly {@code size} bytes carrying {@code seq} and {@code sentNanos}. */
  static byte[] stamped(String contentType, int size, long seq, long sentNanos) {
    byte[] b = new byte[size];
    if (isJson(contentType)) {
      String head = "{\"s\":\"" + hex(seq) + "\",\"t\":\"" + hex(sentNanos) + "\",\"p\":\"";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(h, 0, b, 0, h.length);
      Arrays.fill(b, h.length, size - 2, (byte) 'x');
      b[size - 2] = '"';
      b[size - 1] = '}';
      return b;
    }
    writeHex(b, 0, seq);
    b[16] = ' ';
    writeHex(b, 17, sentNanos);
    Arrays.fill(b, 33, size - 1, (byte) '.');
    b[size - 1] = '\n';
    return b;
  }

  /** The sequence number of a text stamped record starting at {@code off}. */
  static long seqOf(byte[] b, int off) {
    return readHex(b, off);
  }

  /** The send time of a text stamped record starting at {@code off}. */
  static long sentOf(byte[] b, int off) {
    return readHex(b, off + 17);
  }

  static String hex(long v) {
    return String.format(Locale.ROOT, "%016x", v);
  }

  static long parseHex(String s) {
    return Long.parseUnsignedLong(s, 16);
  }

  private static void writeHex(byte[] b, int off, long v) {
    for (int i = 15; i >= 0; i--) {
      int d = (int) (v & 0xf);
      b[off + i] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
      v >>>= 4;
    }
  }

  private static long readHex(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 16; i++) {
      int c = b[off + i];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else throw new IllegalArgumentException("not a stamped record: byte " + (off + i) + " is " + c);
      v = (v << 4) | d;
    }
    return v;
  }
}
