package io.streamcert.conformance.official;

import java.io.IOException;
import java.util.Objects;

/**
 * Signals that the official Node reference server could not be installed or started.
 *
 * <p>The message names what went wrong, the last lines of the log to read and the fix; {@link
 * #kind()} lets callers react without parsing it.
 */
public final class OfficialNodeServerException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Names why the server is not running. */
  public enum Kind {
    /** {@code node}, {@code npm} or {@code npx} is missing from PATH, or Node is too old. */
    TOOLCHAIN_MISSING,
    /** {@code npm install} of the pinned server failed, left an incomplete tree or timed out. */
    INSTALL_FAILED,
    /** The server process exited before it was ready, for example because its port was taken. */
    EXITED,
    /** The server did not report ready and accept a connection in time; it has been killed. */
    NOT_READY
  }

  private final Kind kind;

  public OfficialNodeServerException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public OfficialNodeServerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
