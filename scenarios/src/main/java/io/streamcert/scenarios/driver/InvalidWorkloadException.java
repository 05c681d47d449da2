package io.streamcert.scenarios.driver;

import java.util.List;

/**
 * A workload that cannot run. Lists every problem found, each naming the field, the value and the
 * fix, such as {@code rate: was 0 but must be at least 1 operation per second, like rate: 1000}.
 */
public final class InvalidWorkloadException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<String> problems;

  InvalidWorkloadException(String source, List<String> problems) {
    this(source, problems, null);
  }

  InvalidWorkloadException(String source, List<String> problems, Throwable cause) {
    super(message(source, problems), cause);
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** Where the workload came from: a file, a built-in name, or a description. */
  public String source() {
    return source;
  }

  /** Each problem, one line each. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder("workload ").append(source).append(" is invalid (");
    sb.append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
    for (String p : problems) sb.append(System.lineSeparator()).append("  ").append(p);
    return sb.toString();
  }
}
