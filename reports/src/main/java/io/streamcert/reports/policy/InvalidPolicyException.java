package io.streamcert.reports.policy;

import java.util.List;

/**
 * A policy that cannot be used. Carries every problem found, each naming the field's path, the bad
 * value and the fix, such as {@code levels[1].requires[0]: unknown category 'perf'; use one of ...}.
 */
public final class InvalidPolicyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<String> problems;

  InvalidPolicyException(String source, List<String> problems) {
    super(message(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  InvalidPolicyException(String source, String problem, Throwable cause) {
    super(message(source, List.of(problem)), cause);
    this.source = source;
    this.problems = List.of(problem);
  }

  private static String message(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder("policy ").append(source).append(" has ").append(problems.size())
        .append(problems.size() == 1 ? " problem:" : " problems:");
    for (String p : problems) sb.append("\n  - ").append(p);
    return sb.toString();
  }

  /** Where the policy came from: a file path or {@code default-policy.yaml}. */
  public String source() {
    return source;
  }

  /** Every problem, one line each, in the order of the file. */
  public List<String> problems() {
    return problems;
  }
}
