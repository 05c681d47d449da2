package io.streamcert.client.raw;

import java.nio.charset.StandardCharsets;

/** Renders raw protocol text for messages, so that control bytes cannot garble a log line. */
final class Printable {

  private Printable() {}

  static String of(String text, int maxChars) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), maxChars) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (sb.length() >= maxChars) {
        return sb.append("...(").append(text.length()).append(" chars)").toString();
      }
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\0' -> sb.append("\\0");
        default -> {
          if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  static String of(byte[] bytes, int from, int to, int maxChars) {
    return of(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), maxChars);
  }
}
