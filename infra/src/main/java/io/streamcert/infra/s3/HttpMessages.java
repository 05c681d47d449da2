package io.streamcert.infra.s3;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 for a byte-faithful proxy: reads a message head as it came, and copies a
 * body framed by Content-Length or chunked transfer coding without changing a byte (SigV4 signs
 * the Host header and the payload, so the gateway must not touch either).
 */
final class HttpMessages {

  private static final int MAX_HEAD = 64 * 1024;

  private HttpMessages() {}

  /** A request or response head: its first line and its header lines, as received. */
  static final class Head {
    final String startLine;
    final List<String> lines;
    final byte[] raw;

    Head(String startLine, List<String> lines, byte[] raw) {
      this.startLine = startLine;
      this.lines = lines;
      this.raw = raw;
    }

    String header(String name) {
      for (String l : lines) {
        int c = l.indexOf(':');
        if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase(name)) return l.substring(c + 1).trim();
      }
      return null;
    }

    long contentLength() {
      String v = header("Content-Length");
      if (v == null) return -1;
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    boolean chunked() {
      String v = header("Transfer-Encoding");
      return v != null && v.toLowerCase(Locale.ROOT).contains("chunked");
    }

    boolean expectsContinue() {
      String v = header("Expect");
      return v != null && v.equalsIgnoreCase("100-continue");
    }

    boolean connectionClose() {
      String v = header("Connection");
      return v != null && v.toLowerCase(Locale.ROOT).contains("close");
    }

    /** The request method; for requests only. */
    String method() {
      int sp = startLine.indexOf(' ');
      return sp < 0 ? startLine : startLine.substring(0, sp);
    }

    /** The request target, such as {@code /bucket/key?x=1}; for requests only. */
    String target() {
      int a = startLine.indexOf(' ');
      int b = startLine.lastIndexOf(' ');
      return a < 0 || b <= a ? "/" : startLine.substring(a + 1, b);
    }

    /** The status code; for responses only. */
    int status() {
      String[] p = startLine.split(" ", 3);
      try {
        return p.length < 2 ? 0 : Integer.parseInt(p[1]);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /** Reads a head; returns null at a clean end of stream before any byte. */
  static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream(512);
    List<String> lines = new ArrayList<>();
    String first = null;
    while (true) {
      String line = readLine(in, raw, first == null && raw.size() == 0);
      if (line == null) return null;
      if (first == null) {
        if (line.isEmpty()) continue; // a stray CRLF between messages is allowed
        first = line;
      } else if (line.isEmpty()) {
        return new Head(first, lines, raw.toByteArray());
      } else {
        lines.add(line);
      }
      if (raw.size() > MAX_HEAD) throw new IOException("an HTTP head longer than " + MAX_HEAD + " bytes");
    }
  }

  private static String readLine(InputStream in, ByteArrayOutputStream raw, boolean eofOk) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (eofOk && line.size() == 0) return null;
        throw new EOFException("the connection closed inside an HTTP head");
      }
      raw.write(c);
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(c);
    }
  }

  /**
   * Copies the body that follows {@code head} from {@code in} to {@code out} (or drops it when
   * {@code out} is null). {@code untilClose} says that a body without framing runs to the end of
   * the stream (responses); a request without framing has no body.
   */
  static void copyBody(Head head, InputStream in, OutputStream out, boolean untilClose) throws IOException {
    if (head.chunked()) {
      copyChunked(in, out);
    } else if (head.contentLength() >= 0) {
      copyExactly(in, out, head.contentLength());
    } else if (untilClose) {
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) if (out != null) out.write(buf, 0, n);
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[16 * 1024];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) throw new EOFException("the connection closed with " + n + " body bytes still to come");
      if (out != null) out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream(32);
      String sizeLine = readLine(in, raw, false);
      if (out != null) raw.writeTo(out);
      int semi = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("a bad chunk size line: " + sizeLine);
      }
      if (size == 0) {
        // trailers, then the empty line
        while (true) {
          ByteArrayOutputStream t = new ByteArrayOutputStream(32);
          String trailer = readLine(in, t, false);
          if (out != null) t.writeTo(out);
          if (trailer.isEmpty()) return;
        }
      }
      copyExactly(in, out, size + 2); // the data and its CRLF
    }
  }
}
