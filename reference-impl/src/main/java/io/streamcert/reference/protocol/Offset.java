package io.streamcert.reference.protocol;

/**
 * A position in a stream's offset space, written on the wire as {@code %016d_%016d}.
 *
 * <p>The first field is a read sequence that this server always mints as zero; the second is the
 * number of payload bytes before the position. Offsets are therefore unique, strictly increasing
 * with every append and sort the same way as text and as numbers. The official conformance suite
 * hard-codes this shape (the zero offset and an all-nines offset past the tail).
 */
public record Offset(long position) implements Comparable<Offset> {

  public static final Offset ZERO = new Offset(0);

  /** The largest byte position the 16-digit field can carry. */
  public static final long MAX_POSITION = 9_999_999_999_999_999L;

  public Offset {
    if (position < 0 || position > MAX_POSITION) {
      throw new IllegalArgumentException("offset position out of range: " + position);
    }
  }

  /**
   * Parses a concrete offset (not a sentinel such as {@code -1} or {@code now}).
   *
   * @throws ProtocolException 400 when the text is not an offset this server could have issued
   */
  public static Offset parse(String text) {
    int sep = text.indexOf('_');
    if (sep <= 0 || sep == text.length() - 1 || sep > 16 || text.length() - sep - 1 > 16) {
      throw ProtocolException.badRequest(
          "offset '" + abbreviate(text) + "' is malformed; use -1, now, or an offset this server returned");
    }
    long seq = digits(text, 0, sep);
    long pos = digits(text, sep + 1, text.length());
    if (seq < 0 || pos < 0) {
      throw ProtocolException.badRequest(
          "offset '" + abbreviate(text) + "' is malformed; use -1, now, or an offset this server returned");
    }
    if (seq != 0) {
      throw ProtocolException.badRequest(
          "offset '" + abbreviate(text) + "' was not issued by this server (read sequence must be 0)");
    }
    return new Offset(pos);
  }

  private static long digits(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  @Override
  public int compareTo(Offset o) {
    return Long.compare(position, o.position);
  }

  @Override
  public String toString() {
    char[] out = new char[33];
    java.util.Arrays.fill(out, 0, 16, '0');
    out[16] = '_';
    long v = position;
    for (int i = 32; i > 16; i--) {
      out[i] = (char) ('0' + (v % 10));
      v /= 10;
    }
    return new String(out);
  }
}
