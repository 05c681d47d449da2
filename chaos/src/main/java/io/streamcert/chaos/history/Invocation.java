package io.streamcert.chaos.history;

/**
 * The line written when an operation starts, so that an operation still in flight when the run
 * dies is not forgotten: the reader turns an invocation without a completion into an {@link
 * Outcome#INFO} operation.
 */
record Invocation(long id, String process, OperationKind kind, String stream, String payloadId, long invokeNanos,
    Offset startOffset) implements HistoryLine {

  static Invocation of(Operation.Builder b) {
    return new Invocation(b.id, b.process, b.kind, b.stream, b.payloadId, b.invokeNanos, b.startOffset);
  }

  /** The operation this invocation stands for when its completion never reached the file. */
  Operation unfinished(long endNanos) {
    return Operation.builder().id(id).process(process).kind(kind).stream(stream).payloadId(payloadId)
        .invokeNanos(invokeNanos).completeNanos(Math.max(invokeNanos, endNanos)).outcome(Outcome.INFO)
        .startOffset(startOffset)
        .error("no completion recorded: the operation was still in flight when the history ended")
        .build();
  }
}
