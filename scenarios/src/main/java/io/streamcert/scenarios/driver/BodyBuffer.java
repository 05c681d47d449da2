package io.streamcert.scenarios.driver;

import java.util.Arrays;

/** A growable byte array for response bodies. */
final class BodyBuffer {

  private static final byte[] EMPTY = new byte[0];

  private byte[] bytes = EMPTY;
  private int length;

  void append(byte[] data, int offset, int n) {
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.max(256, bytes.length * 2)));
    }
    System.arraycopy(data, offset, bytes, length, n);
    length += n;
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, length);
  }

  void clear() {
    length = 0;
  }
}
