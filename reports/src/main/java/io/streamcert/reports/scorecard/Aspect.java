package io.streamcert.reports.scorecard;

/**
 * One row of the readiness table that project status pages write by hand; here each cell is
 * computed from the checks behind it.
 */
public enum Aspect {
  PROTOCOL_COMPLIANCE("Protocol compliance"),
  PERFORMANCE("Performance"),
  RELIABILITY("Reliability"),
  OBSERVABILITY("Observability"),
  SECURITY_HARDENING("Security hardening"),
  OPERABILITY("Operability");

  private final String title;

  Aspect(String title) {
    this.title = title;
  }

  /** The spelling in files: {@code protocol-compliance}, ... */
  public String label() {
    return Labels.of(this);
  }

  /** The name for people: {@code Protocol compliance}. */
  public String title() {
    return title;
  }

  /** The category whose checks feed this aspect unless a policy says otherwise. */
  public Category defaultCategory() {
    for (Category c : Category.values()) {
      if (c.aspect() == this) return c;
    }
    throw new AssertionError(this);
  }

  /**
   * Parses a label such as {@code security-hardening}.
   *
   * @throws IllegalArgumentException naming the text and the known aspects
   */
  public static Aspect parse(String text) {
    return Labels.parse(Aspect.class, "aspect", text, Aspect::label);
  }

  public static String labels() {
    return Labels.list(Aspect.class, Aspect::label);
  }
}
