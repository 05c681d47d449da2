package io.streamcert.conformance.catalog;

import io.streamcert.fixtures.Feature;

/**
 * One normative statement of the protocol (or a behaviour the official suite pins that the spec
 * leaves implicit, {@code source = suite}).
 *
 * @param untestable null when black-box checks can observe it; otherwise why they cannot
 */
public record Requirement(
    String id, String section, String title, Level level, Feature feature, String summary, String source, String untestable) {

  public boolean testable() {
    return untestable == null || untestable.isBlank();
  }
}
