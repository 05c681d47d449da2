package io.streamcert.scenarios.driver;

import io.streamcert.fixtures.InvalidInputException;
import java.util.List;

/**
 * A workload that cannot run. Lists every problem found, each naming the field, the value and the
 * fix, such as {@code rate: was 0 but must be at least 1 operation per second, like rate: 1000}.
 */
public final class InvalidWorkloadException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  InvalidWorkloadException(String source, List<String> problems) {
    this(source, problems, null);
  }

  InvalidWorkloadException(String source, List<String> problems, Throwable cause) {
    super("workload", source, problems, cause);
  }
}
