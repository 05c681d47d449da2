package io.streamcert.reference.protocol;

import java.util.Locale;

/** Rules for stream content types: defaults, comparison by media type, JSON mode and SSE text. */
public final class ContentTypes {

  public static final String DEFAULT = "application/octet-stream";
  public static final String JSON = "application/json";

  private ContentTypes() {}

  /** Returns the media type without parameters, trimmed and lower-cased ({@code Text/Plain; x=1} → {@code text/plain}). */
  public static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semi = contentType.indexOf(';');
    String base = semi >= 0 ? contentType.substring(0, semi) : contentType;
    return base.trim().toLowerCase(Locale.ROOT);
  }

  /** Tells whether two content types name the same media type; parameters and case are ignored. */
  public static boolean sameMediaType(String a, String b) {
    return mediaType(a).equals(mediaType(b));
  }

  /** Tells whether a stream of this type runs in JSON mode (message boundaries, array flattening). */
  public static boolean isJson(String contentType) {
    return JSON.equals(mediaType(contentType));
  }

  /** Tells whether SSE may carry this type as UTF-8 text; anything else is base64-encoded. */
  public static boolean isSseText(String contentType) {
    String m = mediaType(contentType);
    return m.startsWith("text/") || m.equals(JSON);
  }

  /**
   * Tells whether the value is a syntactically valid {@code type/subtype[; params]} media type.
   * Streams are created with invalid types replaced by the default, as the reference server does.
   */
  public static boolean isValid(String contentType) {
    String m = mediaType(contentType);
    int slash = m.indexOf('/');
    if (slash <= 0 || slash == m.length() - 1 || m.indexOf('/', slash + 1) >= 0) return false;
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&-^_.+/".indexOf(c) >= 0;
      if (!token) return false;
    }
    return true;
  }
}
