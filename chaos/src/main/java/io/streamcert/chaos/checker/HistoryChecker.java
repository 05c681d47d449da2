package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.History;

/**
 * Checks a chaos history for lost, duplicated, reordered and misplaced writes, inconsistent
 * offsets, reads of failed writes, writes after close and garbage. See {@link AnomalyType} for the
 * rules.
 *
 * <p>The checker works per stream. It trusts the history's outcomes: ok means acknowledged, fail
 * means definitely not done, info means unknown. Loss is judged against the stream's <em>final
 * read</em>: the last ok catch-up read from the beginning ({@code -1}) invoked after every fault
 * was undone; an acknowledged write completed before that read started must be in it. Streams
 * without one are only checked for acknowledged writes that no read ever observed.
 */
public interface HistoryChecker {

  /** Returns the checker with every rule of {@link AnomalyType}. */
  static HistoryChecker standard() {
    return new StandardChecker();
  }

  /** Checks {@code history}; pure, and safe to call from several threads. */
  CheckerResult check(History history);
}
