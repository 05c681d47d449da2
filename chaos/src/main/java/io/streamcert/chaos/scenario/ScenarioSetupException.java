package io.streamcert.chaos.scenario;

/** A scenario could not start: an environment error (exit 2), not a finding about the target. */
public final class ScenarioSetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ScenarioSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
