package io.streamcert.reports.scorecard;

/**
 * The streamcert build that made a scorecard.
 *
 * @param commit the source commit; null when unknown
 */
public record Harness(String version, String commit) {

  public Harness {
    Values.singleLine(Values.text(version, "harness version"), "harness version");
    Values.singleLine(Values.optionalText(commit, "harness commit"), "harness commit");
  }
}
