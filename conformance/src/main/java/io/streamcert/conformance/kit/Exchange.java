package io.streamcert.conformance.kit;

import io.streamcert.client.raw.RawHeader;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One request and the response it got: the evidence a check's verdict rests on. */
public record Exchange(RawRequest request, String authority, RawResponse response, Duration elapsed) {

  private static final int EVIDENCE_BODY_LIMIT = 2048;

  public int status() {
    return response.status();
  }

  public Optional<String> header(String name) {
    return response.header(name);
  }

  public List<String> headers(String name) {
    return response.headers(name);
  }

  public byte[] body() {
    return response.body();
  }

  public String bodyText() {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The {@code Stream-Next-Offset} header; fails with the evidence when it is missing. */
  public String nextOffset() {
    return header("Stream-Next-Offset").orElseThrow(() -> new AssertionError(
        "response has no Stream-Next-Offset header\n" + this));
  }

  /** Renders the request and the response as they went over the wire, bodies cut at 2 KB. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(512);
    for (String line : printable(request.encode(authority)).split("\r\n", -1)) {
      sb.append("> ").append(line).append('\n');
    }
    sb.append("< ").append(response.version()).append(' ').append(response.status()).append(' ').append(response.reason()).append('\n');
    for (RawHeader h : response.headers()) sb.append("< ").append(h.name()).append(": ").append(h.value()).append('\n');
    if (response.body().length > 0) sb.append("<\n").append(printable(response.body())).append('\n');
    return sb.toString();
  }

  static String printable(byte[] bytes) {
    int n = Math.min(bytes.length, EVIDENCE_BODY_LIMIT);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f)) sb.append((char) b);
      else sb.append(String.format("\\x%02x", b));
    }
    if (bytes.length > n) sb.append("... (").append(bytes.length).append(" bytes in all)");
    return sb.toString();
  }
}
