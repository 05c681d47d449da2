package io.streamcert.reports.scorecard;

import java.io.IOException;

/** A scorecard file that cannot be read: not JSON, another layout version, or a field that is missing or wrong. */
public final class InvalidScorecardException extends IOException {

  private static final long serialVersionUID = 1L;

  public InvalidScorecardException(String message) {
    super(message);
  }

  public InvalidScorecardException(String message, Throwable cause) {
    super(message, cause);
  }
}
