package io.streamcert.conformance.official;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records the outcome of one test of the official suite, as vitest reported it.
 *
 * <p>{@code describePath} holds the enclosing {@code describe} titles, outermost first, so the same
 * {@code title} in two groups stays distinguishable; {@link #fullTitle()} joins them the way vitest
 * prints them. {@code duration} is zero for tests that never ran.
 */
public record OfficialTestResult(
    List<String> describePath,
    String title,
    Status status,
    Duration duration,
    List<String> failureMessages) {

  /** Tells how one test ended; vitest's {@code pending} and {@code todo} count as skipped. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  public OfficialTestResult {
    describePath = List.copyOf(Objects.requireNonNull(describePath, "describePath"));
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(duration, "duration");
    failureMessages = List.copyOf(Objects.requireNonNull(failureMessages, "failureMessages"));
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration of '" + title + "' was " + duration + " but must not be negative");
    }
  }

  /** Returns the title with its describe ancestors, such as {@code SSE Mode > should ...}. */
  public String fullTitle() {
    List<String> parts = new ArrayList<>(describePath);
    parts.add(title);
    return String.join(" > ", parts);
  }

  /**
   * Returns the first line of the first failure message, or an empty string when there is none; the
   * rest is usually a stack trace into the suite's bundled JavaScript.
   */
  public String firstFailureLine() {
    if (failureMessages.isEmpty()) return "";
    String message = failureMessages.get(0).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
