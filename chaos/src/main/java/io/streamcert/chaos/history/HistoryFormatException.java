package io.streamcert.chaos.history;

import java.io.IOException;
import java.nio.file.Path;

/** A history file that is not a streamcert history, or whose line cannot be read. */
public final class HistoryFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long line;

  HistoryFormatException(Path file, long line, String problem, Throwable cause) {
    super(file + ":" + line + ": " + problem, cause);
    this.line = line;
  }

  /** The 1-based number of the offending line. */
  public long line() {
    return line;
  }
}
