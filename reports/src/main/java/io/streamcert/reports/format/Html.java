package io.streamcert.reports.format;

import java.nio.charset.StandardCharsets;

/** Escapes untrusted text for HTML and SVG, and turns run-folder paths into safe relative links. */
final class Html {

  private Html() {}

  /** Escapes text for element content and quoted attribute values; control characters become U+FFFD. */
  static String escape(String text) {
    if (text == null) return "";
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        case '\n', '\t' -> sb.append(c);
        case '\r' -> { }
        default -> sb.append(Character.isISOControl(c) ? '\uFFFD' : c);
      }
    }
    return sb.toString();
  }

  /**
   * Turns a relative path such as {@code evidence/a b.txt} into an href ({@code evidence/a%20b.txt}).
   * Every byte outside the unreserved set is percent-encoded, so no path can become a scheme
   * ({@code javascript:}) or leave the attribute.
   */
  static String href(String relativePath) {
    StringBuilder sb = new StringBuilder();
    for (byte b : relativePath.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
      if (unreserved) sb.append((char) c);
      else sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
    }
    return sb.toString();
  }
}
