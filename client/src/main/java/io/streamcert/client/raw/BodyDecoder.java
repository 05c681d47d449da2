package io.streamcert.client.raw;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;

/**
 * Removes the transfer framing of a response body: none, Content-Length, chunked or read-to-close,
 * chosen by the rules of RFC 9112 §6.3.
 *
 * <p>State changes only after bytes have arrived, so a read that times out can be retried.
 */
final class BodyDecoder {

  private static final int MAX_LINE = 64 * 1024;

  private enum Mode { NONE, FIXED, CHUNKED, UNTIL_CLOSE }

  private enum Chunk { SIZE, DATA, DATA_END, TRAILERS }

  private final Mode mode;
  private final long length;
  private Chunk chunk = Chunk.SIZE;
  private long remaining;
  private long delivered;
  private boolean done;

  private BodyDecoder(Mode mode, long length) {
    this.mode = mode;
    this.length = length;
    this.remaining = length;
    this.done = mode == Mode.NONE || (mode == Mode.FIXED && length == 0);
  }

  /**
   * Chooses the framing for a response.
   *
   * @throws ProtocolException when Content-Length is not a number or has conflicting values
   */
  static BodyDecoder forResponse(String requestMethod, int status, List<RawHeader> headers)
      throws ProtocolException {
    if (requestMethod.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304
        || (requestMethod.equals("CONNECT") && status / 100 == 2)) {
      return new BodyDecoder(Mode.NONE, 0);
    }
    List<String> codings = RawHeader.all(headers, "Transfer-Encoding");
    if (!codings.isEmpty()) {
      String joined = String.join(",", codings);
      String last = joined.substring(joined.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
      // A final coding other than chunked means the length is unknown: read to close.
      return new BodyDecoder(last.equals("chunked") ? Mode.CHUNKED : Mode.UNTIL_CLOSE, 0);
    }
    List<String> lengths = RawHeader.all(headers, "Content-Length");
    if (lengths.isEmpty()) return new BodyDecoder(Mode.UNTIL_CLOSE, 0);
    long length = -1;
    for (String field : lengths) {
      for (String part : field.split(",", -1)) {
        String v = part.trim();
        if (!v.matches("[0-9]{1,18}")) {
          throw new ProtocolException("Content-Length '" + Printable.of(field, 80) + "' is not a byte count");
        }
        long n = Long.parseLong(v);
        if (length != -1 && n != length) {
          throw new ProtocolException("Content-Length has conflicting values " + lengths);
        }
        length = n;
      }
    }
    return new BodyDecoder(Mode.FIXED, length);
  }

  boolean isDone() {
    return done;
  }

  /** Returns 1 to {@code max} body bytes, or null once the body has ended. */
  byte[] next(ResponseInput in, int max, long deadlineNanos) throws IOException {
    while (!done) {
      switch (mode) {
        case FIXED -> {
          if (in.buffered() == 0 && !in.fill(deadlineNanos)) {
            throw new EOFException("the connection was closed after " + delivered + " of "
                + length + " body bytes (Content-Length)");
          }
          return data(in, (int) Math.min(max, remaining));
        }
        case UNTIL_CLOSE -> {
          if (in.buffered() == 0 && !fillUntilClose(in, deadlineNanos)) {
            done = true;
            return null;
          }
          byte[] b = in.take(max);
          delivered += b.length;
          return b;
        }
        case CHUNKED -> {
          byte[] b = nextChunked(in, max, deadlineNanos);
          if (b != null) return b;
        }
        case NONE -> done = true;
      }
    }
    return null;
  }

  private byte[] nextChunked(ResponseInput in, int max, long deadlineNanos) throws IOException {
    switch (chunk) {
      case SIZE -> {
        String line = in.readLine(deadlineNanos, MAX_LINE, "a chunk-size line");
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        if (!hex.matches("[0-9a-fA-F]{1,15}")) {
          throw new ProtocolException("chunk size '" + Printable.of(line, 80) + "' is not hexadecimal");
        }
        remaining = Long.parseLong(hex, 16);
        chunk = remaining == 0 ? Chunk.TRAILERS : Chunk.DATA;
      }
      case DATA -> {
        if (in.buffered() == 0 && !in.fill(deadlineNanos)) {
          throw new EOFException("the connection was closed inside a chunk, after "
              + delivered + " body bytes");
        }
        return data(in, (int) Math.min(max, remaining));
      }
      case DATA_END -> {
        String line = in.readLine(deadlineNanos, MAX_LINE, "the CRLF after a chunk");
        if (!line.isEmpty()) {
          throw new ProtocolException("chunk data is followed by '" + Printable.of(line, 80)
              + "' instead of CRLF");
        }
        chunk = Chunk.SIZE;
      }
      case TRAILERS -> {
        // Trailer fields carry nothing the protocol uses; they are read and dropped.
        if (in.readLine(deadlineNanos, MAX_LINE, "the chunked trailer").isEmpty()) done = true;
      }
    }
    return null;
  }

  /**
   * Fills for a close-delimited body, where a reset from the server ends the body like a close:
   * servers often reset right after a close-delimited error (431, 413) because request bytes they
   * never read are still queued, and the response has arrived by then.
   */
  private static boolean fillUntilClose(ResponseInput in, long deadlineNanos) throws IOException {
    try {
      return in.fill(deadlineNanos);
    } catch (SocketException e) {
      if (in.isClosedLocally()) throw e;
      return false;
    }
  }

  private byte[] data(ResponseInput in, int max) {
    byte[] b = in.take(max);
    remaining -= b.length;
    delivered += b.length;
    if (remaining == 0) {
      if (mode == Mode.FIXED) done = true;
      else chunk = Chunk.DATA_END;
    }
    return b;
  }
}
