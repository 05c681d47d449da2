package io.streamcert.reports.scorecard;

/**
 * The outcome of a release gate and the process exit code that carries it. A target falling short
 * ({@link #FAILED}) is never confused with the harness failing ({@link #ERROR}).
 */
public enum GateResult {
  /** The target reached the required level and no regression fails the gate. Exit code 0. */
  PASSED(0),
  /** The target fell short: the required level was not reached, or a regression fails the gate. Exit code 1. */
  FAILED(1),
  /**
   * Usage or environment error: bad flags, a target that never became ready, a missing tool. Exit
   * code 2. The CLI decides this; an assessment never produces it.
   */
  ERROR(2);

  private final int exitCode;

  GateResult(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public String label() {
    return Labels.of(this);
  }

  public static GateResult parse(String text) {
    return Labels.parse(GateResult.class, "verdict", text, GateResult::label);
  }
}
