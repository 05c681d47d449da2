package io.streamcert.chaos.scenario;

import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.Operation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backpressure a server showed in a history: writes answered 503 or 429 (refused for now, to
 * be retried), and how many of those said when to retry with {@code Retry-After}.
 *
 * @param refusals writes answered 503 or 429
 * @param withRetryAfter those that carried a Retry-After header
 */
public record Backpressure(long refusals, long withRetryAfter) {

  /** How the workload records a 503's or 429's Retry-After in the operation's error text. */
  static final String RETRY_AFTER = "retry-after=";

  /** Counts the backpressure answers in {@code history}. */
  public static Backpressure of(History history) {
    long refusals = 0;
    long withRetryAfter = 0;
    for (Operation op : history.operations()) {
      if (!op.isWrite() || op.status() == null || (op.status() != 503 && op.status() != 429)) continue;
      refusals++;
      String e = op.error();
      int at = e == null ? -1 : e.indexOf(RETRY_AFTER);
      if (at >= 0 && at + RETRY_AFTER.length() < e.length() && e.charAt(at + RETRY_AFTER.length()) != ' ') {
        withRetryAfter++;
      }
    }
    return new Backpressure(refusals, withRetryAfter);
  }

  /** The figures for a scenario result: {@code backpressure.refusals} and {@code backpressure.retry-after}. */
  public Map<String, Double> figures() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("backpressure.refusals", (double) refusals);
    f.put("backpressure.retry-after", (double) withRetryAfter);
    return f;
  }
}
