package io.streamcert.client.raw;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete HTTP response as received: status line, headers in wire order with duplicates, and the
 * body after transfer decoding (chunk framing removed, content codings left alone).
 *
 * <p>Responses to HEAD, 1xx, 204 and 304 have an empty body whatever their headers say.
 */
public record RawResponse(String version, int status, String reason, List<RawHeader> headers, byte[] body) {

  public RawResponse {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    headers = List.copyOf(headers);
    body = body.clone();
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status was " + status + " but must have three digits");
    }
  }

  /** Returns a copy of the body bytes. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The value of the first header with this name (case-insensitive), if any. */
  public Optional<String> header(String name) {
    return RawHeader.first(headers, name);
  }

  /** The values of every header with this name (case-insensitive), in wire order. */
  public List<String> headers(String name) {
    return RawHeader.all(headers, name);
  }

  /** The body decoded as UTF-8, malformed sequences replaced. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body's first line (without its terminator) as UTF-8, or an empty string for no body. */
  public String firstBodyLine() {
    String text = bodyText();
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
    return text.substring(0, end);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawResponse r
        && status == r.status
        && version.equals(r.version)
        && reason.equals(r.reason)
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, status, reason, headers, Arrays.hashCode(body));
  }

  /** The status line, the header count and the body size; the body itself is left out. */
  @Override
  public String toString() {
    return version + " " + status + " " + reason + " (" + headers.size() + " headers, "
        + body.length + "-byte body)";
  }
}
