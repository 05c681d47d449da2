package io.streamcert.reports.scorecard;

/**
 * How much a failure of a check matters, as OpenSSF Scorecard grades its checks. Declared from the
 * highest risk to the lowest.
 */
public enum Risk {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW;

  public String label() {
    return Labels.of(this);
  }

  /** Tells whether this risk is at least {@code other} (critical is at least high). */
  public boolean atLeast(Risk other) {
    return ordinal() <= other.ordinal();
  }

  /**
   * Parses a label such as {@code high}.
   *
   * @throws IllegalArgumentException naming the text and the known risks
   */
  public static Risk parse(String text) {
    return Labels.parse(Risk.class, "risk", text, Risk::label);
  }

  public static String labels() {
    return Labels.list(Risk.class, Risk::label);
  }
}
