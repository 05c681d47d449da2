package io.streamcert.chaos.history;

import java.util.ArrayList;
import java.util.List;

/**
 * An operation that has started and whose outcome is not known yet. The worker that invoked it
 * sets what the answer said, then completes it exactly once with {@link #ok()}, {@link #fail} or
 * {@link #info}, which stamps the completion time and records it. Not thread-safe: one worker
 * owns it.
 */
public final class PendingOperation {

  private final RealHistoryRecorder recorder;
  private final Operation.Builder op;
  private final List<Observed> observed = new ArrayList<>();
  private final List<Garbage> garbage = new ArrayList<>();
  private boolean completed;

  PendingOperation(RealHistoryRecorder recorder, Operation.Builder op) {
    this.recorder = recorder;
    this.op = op;
  }

  /** The operation's id in the history. */
  public long id() {
    return op.id;
  }

  /** When it was invoked, in nanoseconds since the history's start. */
  public long invokeNanos() {
    return op.invokeNanos;
  }

  /** The HTTP status of the answer. */
  public PendingOperation status(int status) {
    op.status(status);
    return this;
  }

  /** For a write, where the acknowledged write begins; for a read, where it started. */
  public PendingOperation startOffset(Offset offset) {
    op.startOffset(offset);
    return this;
  }

  /** For a write, the acknowledged {@code Stream-Next-Offset}; for a read, the offset it reached. */
  public PendingOperation nextOffset(Offset offset) {
    op.nextOffset(offset);
    return this;
  }

  /** Adds payloads a read decoded, in stream order. */
  public PendingOperation observe(List<Observed> payloads) {
    observed.addAll(payloads);
    return this;
  }

  /** Adds bytes a read could not decode. */
  public PendingOperation garbage(List<Garbage> bytes) {
    garbage.addAll(bytes);
    return this;
  }

  /** Completes it as acknowledged. */
  public Operation ok() {
    return complete(Outcome.OK, null);
  }

  /** Completes it as definitely not done, saying why (such as {@code 409 stream closed}). */
  public Operation fail(String error) {
    return complete(Outcome.FAIL, error);
  }

  /** Completes it with an unknown outcome, saying why (such as {@code timeout after 2s}). */
  public Operation info(String error) {
    return complete(Outcome.INFO, error);
  }

  /**
   * Completes it with {@code outcome}.
   *
   * @throws IllegalStateException if it was already completed
   */
  public Operation complete(Outcome outcome, String error) {
    if (completed) throw new IllegalStateException("operation " + op.id + " was already completed");
    completed = true;
    op.outcome(outcome).error(error).observed(observed).garbage(garbage);
    return recorder.complete(op);
  }
}
