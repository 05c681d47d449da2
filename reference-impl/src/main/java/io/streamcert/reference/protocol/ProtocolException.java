package io.streamcert.reference.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signals a request the protocol rejects: carries the HTTP status, a short message for the body,
 * and any headers the rule requires on the error response (for example {@code Producer-Epoch} on a
 * fenced producer or {@code Stream-Next-Offset} on an append to a closed stream).
 */
public final class ProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers;

  public ProtocolException(int status, String message) {
    this(status, message, Map.of());
  }

  public ProtocolException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException(400, message);
  }

  public static ProtocolException notFound(String path) {
    return new ProtocolException(404, "stream not found: " + path);
  }

  public static ProtocolException gone(String path) {
    return new ProtocolException(410, "stream was deleted and is kept only for its forks: " + path);
  }

  public static ProtocolException conflict(String message) {
    return new ProtocolException(409, message);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
