package io.streamcert.conformance.catalog;

/** The strength of a requirement, as RFC 2119 words it. Declared from strongest to weakest. */
public enum Level {
  MUST("MUST"),
  MUST_NOT("MUST NOT"),
  SHOULD("SHOULD"),
  SHOULD_NOT("SHOULD NOT"),
  MAY("MAY");

  private final String label;

  Level(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Tells whether failing it makes a server non-conformant (MUST and MUST NOT). */
  public boolean mandatory() {
    return this == MUST || this == MUST_NOT;
  }

  /** MUST and MUST NOT, SHOULD and SHOULD NOT, MAY: the three groups summaries report. */
  public String group() {
    return switch (this) {
      case MUST, MUST_NOT -> "MUST";
      case SHOULD, SHOULD_NOT -> "SHOULD";
      case MAY -> "MAY";
    };
  }

  public static Level parse(String text) {
    for (Level l : values()) {
      if (l.label.equalsIgnoreCase(text.trim())) return l;
    }
    throw new IllegalArgumentException("level was '" + text + "' but must be one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY");
  }
}
