package io.streamcert.chaos.history;

/**
 * Bytes a read received that decode to no payload: a torn or corrupted write, or data no writer
 * of this harness sent.
 *
 * @param position the index of the first such byte among the bytes the read received
 * @param length the number of bytes
 * @param preview the first bytes, printable ASCII kept and everything else escaped as {@code \xNN}
 */
public record Garbage(long position, int length, String preview) {

  /** Validates the position, length and preview. */
  public Garbage {
    if (position < 0) throw new IllegalArgumentException("garbage position must be >= 0 but was " + position);
    if (length <= 0) throw new IllegalArgumentException("garbage length must be > 0 but was " + length);
    if (preview == null) throw new IllegalArgumentException("garbage needs a preview (may be empty)");
  }

  /** Describes bytes {@code from..from+length} of {@code bytes}, previewing at most 48 of them. */
  public static Garbage of(long position, byte[] bytes, int from, int length) {
    StringBuilder b = new StringBuilder();
    int shown = Math.min(length, 48);
    for (int i = from; i < from + shown; i++) {
      int c = bytes[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        b.append((char) c);
      } else {
        b.append(String.format("\\x%02x", c));
      }
    }
    if (shown < length) b.append("...");
    return new Garbage(position, length, b.toString());
  }
}
