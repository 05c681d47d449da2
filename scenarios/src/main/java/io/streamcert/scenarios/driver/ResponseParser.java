package io.streamcert.scenarios.driver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses HTTP/1.1 responses incrementally from whatever bytes arrive: status line, headers, then a
 * body framed by {@code Content-Length}, by chunked transfer coding, or by the connection's end.
 *
 * <p>It calls its {@link Listener} as parts complete; body bytes are passed through without being
 * copied or buffered, so an endless body (an SSE stream) costs no memory here. Interim {@code 1xx}
 * responses are skipped. Lines longer than {@value #MAX_LINE} bytes are a protocol error.
 */
final class ResponseParser {

  static final int MAX_LINE = 64 * 1024;

  /** Receives the parts of each response. */
  interface Listener {
    void head(ResponseHead head);

    void body(byte[] data, int offset, int length);

    void complete();
  }

  /** The bytes are not an HTTP/1.1 response. */
  static final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }

  private enum State {
    STATUS, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, IDLE
  }

  private final Listener listener;
  private byte[] line = new byte[256];
  private int lineLength;
  private State state = State.IDLE;
  private boolean noBody;
  private ResponseHead head;
  private long remaining;
  private boolean chunked;
  private long contentLength;
  private boolean connectionClose;

  ResponseParser(Listener listener) {
    this.listener = listener;
  }

  /** Prepares for the response to the next request; {@code noBody} for HEAD requests. */
  void expect(boolean noBody) {
    this.noBody = noBody;
    state = State.STATUS;
    lineLength = 0;
  }

  /** Whether a response is being parsed (or awaited). */
  boolean busy() {
    return state != State.IDLE;
  }

  /** Whether the last complete response asked to close the connection. */
  boolean connectionClose() {
    return connectionClose;
  }

  /** Whether the body in progress ends only when the server closes the connection. */
  boolean readsUntilClose() {
    return state == State.UNTIL_CLOSE;
  }

  /**
   * Consumes {@code data[offset, offset+length)}.
   *
   * @throws ProtocolException when the bytes are not a response, or arrive when none is expected
   */
  void feed(byte[] data, int offset, int length) throws ProtocolException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      switch (state) {
        case IDLE -> throw new ProtocolException(
            "the server sent " + (end - i) + " bytes while no request was outstanding");
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          int lf = indexOf(data, i, end, (byte) '\n');
          int stop = lf < 0 ? end : lf;
          append(data, i, stop - i);
          i = stop;
          if (lf >= 0) {
            i++;
            int len = lineLength;
            if (len > 0 && line[len - 1] == '\r') len--;
            lineLength = 0;
            onLine(len);
          }
        }
        case FIXED, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - i);
          if (n > 0) listener.body(data, i, n);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            if (state == State.FIXED) finish();
            else state = State.CHUNK_END;
          }
        }
        case UNTIL_CLOSE -> {
          listener.body(data, i, end - i);
          i = end;
        }
      }
    }
  }

  /**
   * Tells the parser that the server closed the connection.
   *
   * @return true when that ended a body framed by the close (the response is complete)
   */
  boolean endOfInput() {
    if (state == State.UNTIL_CLOSE) {
      connectionClose = true;
      finish();
      return true;
    }
    return false;
  }

  private void onLine(int len) throws ProtocolException {
    switch (state) {
      case STATUS -> {
        if (len == 0) return; // tolerate a stray CRLF between responses
        String s = new String(line, 0, len, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("HTTP/1.") || s.length() < 12 || s.charAt(8) != ' ') {
          throw new ProtocolException("not an HTTP/1.x status line: '" + printable(s) + "'");
        }
        int status;
        try {
          status = Integer.parseInt(s.substring(9, 12));
        } catch (NumberFormatException e) {
          throw new ProtocolException("bad status code in '" + printable(s) + "'");
        }
        head = new ResponseHead(status);
        chunked = false;
        contentLength = -1;
        connectionClose = s.startsWith("HTTP/1.0");
        state = State.HEADERS;
      }
      case HEADERS -> {
        if (len > 0) {
          header(len);
          return;
        }
        int status = head.status();
        if (status >= 100 && status < 200) {
          state = State.STATUS;
          return;
        }
        listener.head(head);
        if (noBody || status == 204 || status == 304) {
          finish();
        } else if (chunked) {
          state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
          remaining = contentLength;
          state = State.FIXED;
          if (remaining == 0) finish();
        } else {
          state = State.UNTIL_CLOSE;
        }
      }
      case CHUNK_SIZE -> {
        String s = new String(line, 0, len, StandardCharsets.ISO_8859_1);
        int semi = s.indexOf(';');
        String hex = (semi < 0 ? s : s.substring(0, semi)).trim();
        try {
          remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("bad chunk size '" + printable(s) + "'");
        }
        if (remaining < 0) throw new ProtocolException("negative chunk size '" + printable(s) + "'");
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
      }
      case CHUNK_END -> {
        if (len != 0) throw new ProtocolException("chunk data not followed by CRLF");
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (len == 0) finish();
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void header(int len) throws ProtocolException {
    int colon = -1;
    for (int k = 0; k < len; k++) {
      if (line[k] == ':') {
        colon = k;
        break;
      }
    }
    if (colon <= 0) {
      throw new ProtocolException(
          "header line without a name: '" + printable(new String(line, 0, len, StandardCharsets.ISO_8859_1)) + "'");
    }
    String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim();
    String value = new String(line, colon + 1, len - colon - 1, StandardCharsets.ISO_8859_1).trim();
    head.add(name, value);
    if (name.equalsIgnoreCase("content-length")) {
      try {
        contentLength = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad Content-Length '" + printable(value) + "'");
      }
    } else if (name.equalsIgnoreCase("transfer-encoding")) {
      chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
    } else if (name.equalsIgnoreCase("connection")) {
      String v = value.toLowerCase(Locale.ROOT);
      if (v.contains("close")) connectionClose = true;
    }
  }

  private void finish() {
    state = State.IDLE;
    listener.complete();
  }

  private void append(byte[] data, int from, int n) throws ProtocolException {
    if (lineLength + n > MAX_LINE) {
      throw new ProtocolException("a status, header or chunk-size line is longer than " + MAX_LINE + " bytes");
    }
    if (lineLength + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLength + n)));
    }
    System.arraycopy(data, from, line, lineLength, n);
    lineLength += n;
  }

  private static int indexOf(byte[] data, int from, int to, byte b) {
    for (int k = from; k < to; k++) {
      if (data[k] == b) return k;
    }
    return -1;
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
