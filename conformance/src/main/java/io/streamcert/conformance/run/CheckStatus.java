package io.streamcert.conformance.run;

/** The outcome of one check. */
public enum CheckStatus {
  PASS,
  FAIL,
  /** Aborted for a reason other than an undeclared feature (for example, a failed precondition). */
  SKIP,
  /** The check's feature is not declared by the target. */
  NOT_APPLICABLE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
