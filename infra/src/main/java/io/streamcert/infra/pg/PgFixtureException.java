package io.streamcert.infra.pg;

import java.io.IOException;

/** A PostgreSQL fixture could not be started, changed or stopped; the message says why and how to fix it. */
public final class PgFixtureException extends IOException {

  public PgFixtureException(String message) {
    super(message);
  }

  public PgFixtureException(String message, Throwable cause) {
    super(message, cause);
  }
}
