package io.streamcert.conformance.official;

import java.io.IOException;
import java.util.Objects;

/**
 * Signals that the official suite could not produce a result; failing tests are a result, not this
 * exception.
 *
 * <p>The message names what went wrong, the file to read (an install or vitest log) and the fix;
 * {@link #kind()} lets callers react without parsing it.
 */
public final class OfficialSuiteException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Names why the suite produced no result. */
  public enum Kind {
    /** {@code node}, {@code npm} or {@code npx} is missing from PATH, or Node is too old. */
    TOOLCHAIN_MISSING,
    /** {@code npm install} of the pinned suite failed or left an incomplete tree. */
    INSTALL_FAILED,
    /** The install or the vitest run outlived the timeout and was killed with its children. */
    TIMED_OUT,
    /** vitest ended without a readable JSON report, or the report holds no tests. */
    NO_REPORT
  }

  private final Kind kind;

  public OfficialSuiteException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public OfficialSuiteException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
