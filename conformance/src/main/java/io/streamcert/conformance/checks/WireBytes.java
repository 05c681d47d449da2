package io.streamcert.conformance.checks;

import io.streamcert.client.raw.RawRequest;
import io.streamcert.conformance.kit.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Captures everything a server writes back on one connection, undecoded, for rules that the
 * response parser hides: a HEAD response must end at its header block, so any byte after it
 * (a body the parser would skip) is a violation only the raw bytes show.
 */
final class WireBytes {

  private WireBytes() {}

  /**
   * Sends the request on a fresh connection and returns the bytes received until the server closes
   * it or {@code quiet} passes without a byte; blocks at most the target's read timeout. The caller
   * sends {@code Connection: close} so a well-behaved server ends the exchange itself.
   */
  static byte[] exchange(Target t, RawRequest request, Duration quiet) {
    String authority = t.origin().getHost() + ":" + t.origin().getPort();
    long deadline = System.nanoTime() + t.readTimeout().toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(t.origin().getHost(), t.origin().getPort()), 5_000);
      socket.getOutputStream().write(request.encode(authority));
      socket.getOutputStream().flush();
      socket.setSoTimeout((int) Math.max(1, quiet.toMillis()));
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[4096];
      while (System.nanoTime() < deadline) {
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          // Nothing more within the quiet period: whatever was going to be sent has been sent.
          if (out.size() > 0) break;
          continue;
        }
        if (n < 0) break;
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new AssertionError("no response to " + request + " from " + t.origin() + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Index just after the first CRLF CRLF (the end of the response head), or -1. */
  static int endOfHead(byte[] bytes) {
    for (int i = 3; i < bytes.length; i++) {
      if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') return i + 1;
    }
    return -1;
  }

  /** The bytes as text for evidence, control bytes other than CR/LF escaped. */
  static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (char c : text.toCharArray()) {
      if (c == '\r') sb.append("\\r");
      else if (c == '\n') sb.append("\\n\n");
      else if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    return sb.toString();
  }
}
