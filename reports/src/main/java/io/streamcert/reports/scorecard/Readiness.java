package io.streamcert.reports.scorecard;

/** The status of one {@link Aspect}. Declared from best to worst; {@link #NOT_RUN} is never a pass. */
public enum Readiness {
  READY("Ready"),
  PROTOTYPE("Prototype"),
  NOT_READY("Not ready"),
  /** No check behind the aspect ran: there is no evidence either way. */
  NOT_RUN("Not run");

  private final String title;

  Readiness(String title) {
    this.title = title;
  }

  public String label() {
    return Labels.of(this);
  }

  /** The name for people: {@code Not ready}. */
  public String title() {
    return title;
  }

  public static Readiness parse(String text) {
    return Labels.parse(Readiness.class, "readiness", text, Readiness::label);
  }
}
