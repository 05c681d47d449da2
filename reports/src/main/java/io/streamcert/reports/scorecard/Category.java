package io.streamcert.reports.scorecard;

/** What a check is about; each category feeds one {@link Aspect} by default. */
public enum Category {
  CONFORMANCE,
  PERFORMANCE,
  RESILIENCE,
  SECURITY,
  OBSERVABILITY,
  OPERABILITY;

  /** The spelling in files: {@code conformance}, {@code performance}, ... */
  public String label() {
    return Labels.of(this);
  }

  /** The aspect this category's checks feed unless a policy says otherwise. */
  public Aspect aspect() {
    return switch (this) {
      case CONFORMANCE -> Aspect.PROTOCOL_COMPLIANCE;
      case PERFORMANCE -> Aspect.PERFORMANCE;
      case RESILIENCE -> Aspect.RELIABILITY;
      case SECURITY -> Aspect.SECURITY_HARDENING;
      case OBSERVABILITY -> Aspect.OBSERVABILITY;
      case OPERABILITY -> Aspect.OPERABILITY;
    };
  }

  /**
   * Parses a label such as {@code performance}.
   *
   * @throws IllegalArgumentException naming the text and the known categories
   */
  public static Category parse(String text) {
    return Labels.parse(Category.class, "category", text, Category::label);
  }

  /** Every label, comma-separated, for messages. */
  public static String labels() {
    return Labels.list(Category.class, Category::label);
  }
}
