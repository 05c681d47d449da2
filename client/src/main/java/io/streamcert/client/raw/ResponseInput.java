package io.streamcert.client.raw;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Buffers the bytes of one connection and reads them against absolute deadlines.
 *
 * <p>A line is consumed only once its terminator has arrived, so a read that times out half-way
 * leaves the buffer as it was and can be retried. End of stream surfaces as {@link EOFException},
 * bytes that are not HTTP as {@link ProtocolException}, an expired deadline as {@link
 * SocketTimeoutException}.
 */
final class ResponseInput {

  private final Socket socket;
  private final InputStream in;
  private byte[] buf = new byte[8192];
  private int pos;
  private int limit;

  ResponseInput(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Tells whether this side closed the socket, as opposed to the server ending the connection. */
  boolean isClosedLocally() {
    return socket.isClosed();
  }

  int buffered() {
    return limit - pos;
  }

  /** Reads at least one more byte into the buffer; false at end of stream. */
  boolean fill(long deadlineNanos) throws IOException {
    if (pos == limit) {
      pos = 0;
      limit = 0;
    } else if (limit == buf.length) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) throw new SocketTimeoutException("deadline passed");
    // Round up: a zero SO_TIMEOUT would mean "wait forever".
    long millis = (remaining + 999_999) / 1_000_000;
    socket.setSoTimeout((int) Math.min(millis, Integer.MAX_VALUE));
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) return false;
    limit += n;
    return true;
  }

  /**
   * Returns the next line up to LF, without LF and a preceding CR, as ISO-8859-1.
   *
   * @param what names the line in messages, like "the status line"
   */
  String readLine(long deadlineNanos, int maxLength, String what) throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned > maxLength) {
        throw new ProtocolException(what + " is longer than " + maxLength + " bytes: '"
            + Printable.of(buf, pos, Math.min(limit, pos + 80), 80) + "'");
      }
      if (!fill(deadlineNanos)) {
        throw new EOFException("the connection was closed before " + what + " was complete"
            + (scanned == 0 ? "" : " (got '" + Printable.of(buf, pos, limit, 120) + "')"));
      }
    }
  }

  /** Removes and returns up to {@code max} buffered bytes. */
  byte[] take(int max) {
    int n = Math.min(max, limit - pos);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }
}
