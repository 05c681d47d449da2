package io.streamcert.client.raw;

import java.io.IOException;
import java.util.Objects;

/**
 * Signals that an exchange produced no usable response: the server could not be reached, kept
 * silent past the deadline, closed the connection early or sent bytes that are not HTTP/1.1.
 *
 * <p>The message names the server ({@code host:port}), the request line and what happened; {@link
 * #kind()} lets a check react without parsing it, and the cause is the underlying socket error.
 */
public final class RawHttpException extends IOException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, from the caller's point of view. */
  public enum Kind {
    /** The TCP connection could not be established (refused, unresolvable, or timed out). */
    CONNECT_FAILED,
    /** The server sent nothing, or not enough, before the deadline. */
    TIMED_OUT,
    /** The server closed or reset the connection before the response was complete. */
    CLOSED,
    /** The bytes received are not a valid HTTP/1.1 response, or exceed a safety limit. */
    MALFORMED_RESPONSE,
    /** Any other socket error. */
    IO_ERROR
  }

  private final Kind kind;

  RawHttpException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
