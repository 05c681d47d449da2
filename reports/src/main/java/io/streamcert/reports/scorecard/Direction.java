package io.streamcert.reports.scorecard;

/** Which way a numeric result improves; baselines use it to tell a regression from an improvement. */
public enum Direction {
  HIGHER_IS_BETTER,
  LOWER_IS_BETTER;

  public String label() {
    return Labels.of(this);
  }

  /**
   * Parses {@code higher-is-better} or {@code lower-is-better}.
   *
   * @throws IllegalArgumentException naming the text and the known directions
   */
  public static Direction parse(String text) {
    return Labels.parse(Direction.class, "direction", text, Direction::label);
  }
}
