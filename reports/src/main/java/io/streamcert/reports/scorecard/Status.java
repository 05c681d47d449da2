package io.streamcert.reports.scorecard;

/** The outcome of one check. */
public enum Status {
  PASS,
  FAIL,
  /** The check ran but could not decide, for example because a precondition failed. */
  INCONCLUSIVE,
  /** The check does not apply to this target, for example a feature the target does not declare. */
  NOT_APPLICABLE,
  /** The check exists but was not run in this run, for example a suite that was skipped. */
  NOT_RUN;

  public String label() {
    return Labels.of(this);
  }

  /** Tells whether the check ran and reached a verdict, so that it carries a score. */
  public boolean decided() {
    return this == PASS || this == FAIL;
  }

  /** Tells whether the check ran at all (passed, failed or was inconclusive). */
  public boolean ran() {
    return this == PASS || this == FAIL || this == INCONCLUSIVE;
  }

  /**
   * Parses a label such as {@code not-applicable}.
   *
   * @throws IllegalArgumentException naming the text and the known statuses
   */
  public static Status parse(String text) {
    return Labels.parse(Status.class, "status", text, Status::label);
  }

  public static String labels() {
    return Labels.list(Status.class, Status::label);
  }
}
