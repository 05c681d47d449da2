package io.streamcert.scenarios.driver;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request, already encoded: the head (request line and headers) and an optional
 * body. Both are read-only buffers shared between sends; a connection writes duplicates, so one
 * request (a constant append, say) can be sent any number of times, concurrently.
 */
final class HttpRequest {

  private final String method;
  private final String target;
  private final ByteBuffer head;
  private final ByteBuffer body;

  private HttpRequest(String method, String target, ByteBuffer head, ByteBuffer body) {
    this.method = method;
    this.target = target;
    this.head = head;
    this.body = body;
  }

  /**
   * Encodes a request for {@code target} (path and query) on {@code authority} (host:port), with
   * {@code headers} in order and a {@code Content-Length} when there is a body.
   */
  static HttpRequest of(
      String method, String authority, String target, Map<String, String> headers, byte[] body) {
    return of(method, authority, target, headers, body == null ? null : ByteBuffer.wrap(body));
  }

  /** As {@link #of(String, String, String, Map, byte[])}, with the body in a buffer (not copied). */
  static HttpRequest of(
      String method, String authority, String target, Map<String, String> headers, ByteBuffer body) {
    StringBuilder sb = new StringBuilder(128);
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(authority).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (body != null) sb.append("Content-Length: ").append(body.remaining()).append("\r\n");
    sb.append("\r\n");
    ByteBuffer head = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    return new HttpRequest(
        method, target, head.asReadOnlyBuffer(), body == null ? null : body.asReadOnlyBuffer());
  }

  String method() {
    return method;
  }

  /** The request target: path and query. */
  String target() {
    return target;
  }

  /** Whether the response to this request has no body whatever its headers say (HEAD). */
  boolean responseHasNoBody() {
    return method.equals("HEAD");
  }

  /** Fresh buffers to write: the head, then the body if any. */
  ByteBuffer[] buffers() {
    return body == null
        ? new ByteBuffer[] {head.duplicate()}
        : new ByteBuffer[] {head.duplicate(), body.duplicate()};
  }

  /** Bytes on the wire: head plus body. */
  long size() {
    return head.remaining() + (body == null ? 0 : body.remaining());
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
