package io.streamcert.reference.protocol;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A stream's requested lifetime: a sliding {@code Stream-TTL} in seconds, an absolute {@code
 * Stream-Expires-At}, or neither (never both; PROTOCOL.md §5.1).
 */
public record Lifetime(Long ttlSeconds, Instant expiresAt) {

  public static final Lifetime NONE = new Lifetime(null, null);

  /** The largest TTL accepted: 100 years. */
  static final long MAX_TTL_SECONDS = 100L * 365 * 24 * 3600;

  public Lifetime {
    if (ttlSeconds != null && expiresAt != null) {
      throw new IllegalArgumentException("a lifetime has a TTL or an expiry, not both");
    }
  }

  /**
   * Parses the two headers of a create request.
   *
   * @throws ProtocolException 400 for a malformed value or both headers together
   */
  public static Lifetime parse(String ttl, String expiresAt) {
    if (ttl != null && expiresAt != null) {
      throw ProtocolException.badRequest("send Stream-TTL or Stream-Expires-At, not both");
    }
    if (ttl != null) {
      return new Lifetime(parseTtl(ttl), null);
    }
    if (expiresAt != null) {
      return new Lifetime(null, parseExpiresAt(expiresAt));
    }
    return NONE;
  }

  private static long parseTtl(String text) {
    boolean digits = !text.isEmpty() && text.length() <= 12 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (text.length() > 1 && text.charAt(0) == '0')) {
      throw ProtocolException.badRequest(
          "Stream-TTL was '" + Offset.abbreviate(text) + "' but must be a whole number of seconds without sign or leading zeros, like 3600");
    }
    long v = Long.parseLong(text);
    if (v > MAX_TTL_SECONDS) {
      throw ProtocolException.badRequest("Stream-TTL was " + text + " but must be at most " + MAX_TTL_SECONDS + " seconds (100 years)");
    }
    return v;
  }

  private static Instant parseExpiresAt(String text) {
    try {
      return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw ProtocolException.badRequest(
          "Stream-Expires-At was '" + Offset.abbreviate(text) + "' but must be an RFC 3339 timestamp like 2030-01-01T00:00:00Z");
    }
  }

  public boolean isNone() {
    return ttlSeconds == null && expiresAt == null;
  }

  /** Formats the expiry the way responses carry it ({@code 2030-01-01T00:00:00Z}). */
  public String expiresAtText() {
    return expiresAt == null ? null : DateTimeFormatter.ISO_INSTANT.format(expiresAt);
  }
}
