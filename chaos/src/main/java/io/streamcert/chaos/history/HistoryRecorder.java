package io.streamcert.chaos.history;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records a chaos run's operations and fault events as they happen. Thread-safe: every worker and
 * the fault scheduler record into one recorder, which stamps times from one monotonic clock.
 *
 * <p>The file form writes {@code history.jsonl} incrementally, one JSON object per line, flushed
 * as each line is written, so that a run that dies leaves a readable history: an invocation line
 * is written when an operation starts, the completed operation when it ends, and {@link
 * History#read} turns the invocations that never completed into {@link Outcome#INFO} operations.
 *
 * <pre>{@code
 * try (HistoryRecorder history = HistoryRecorder.toFile(runDir.resolve("history.jsonl"), Map.of("seed", "42"))) {
 *   PendingOperation op = history.invokeWrite("w3", OperationKind.APPEND, "/s/a", PayloadCodec.payloadId("w3", 17));
 *   ... send the append ...
 *   op.status(200).nextOffset(Offset.of(nextOffsetHeader)).ok();   // or op.info("timeout after 2s")
 * }
 * History recorded = History.read(runDir.resolve("history.jsonl"));
 * }</pre>
 *
 * <p>Writing errors do not reach the workers: the recorder stops writing the file, keeps
 * recording in memory, and {@link #close()} throws the first error.
 */
public interface HistoryRecorder extends AutoCloseable {

  /**
   * Creates (or replaces) {@code file}, with its parent folders, and writes the header line;
   * times come from {@link System#nanoTime()} and the start time from the system clock.
   *
   * @throws IOException if the file cannot be created or the header not written
   */
  static HistoryRecorder toFile(Path file, Map<String, String> labels) throws IOException {
    return toFile(file, labels, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * Like {@link #toFile(Path, Map)} with the clocks given: {@code wallClock} for the start time,
   * {@code nanoTime} (monotonic, in nanoseconds, any origin) for every time in the history.
   */
  static HistoryRecorder toFile(Path file, Map<String, String> labels, Clock wallClock, LongSupplier nanoTime)
      throws IOException {
    return RealHistoryRecorder.toFile(file, labels, wallClock, nanoTime);
  }

  /** A recorder that keeps the history in memory only, for tests and dry runs. */
  static HistoryRecorder inMemory(Map<String, String> labels) {
    return inMemory(labels, Clock.systemUTC(), System::nanoTime);
  }

  /** Like {@link #inMemory(Map)} with the clocks given. */
  static HistoryRecorder inMemory(Map<String, String> labels, Clock wallClock, LongSupplier nanoTime) {
    return RealHistoryRecorder.inMemory(labels, wallClock, nanoTime);
  }

  /** The header written first: format, start time and labels. */
  HistoryHeader header();

  /** The current time on the history's clock, in nanoseconds since its start. */
  long nanos();

  /**
   * Records the start of an operation described by {@code spec} (process, kind, stream, and the
   * payload id of a write or the start offset of a read); the recorder assigns its id and invoke
   * time, ignoring any in {@code spec}.
   *
   * @throws IllegalArgumentException if {@code spec} lacks a field the kind requires
   * @throws IllegalStateException if the recorder is closed
   */
  PendingOperation invoke(Operation.Builder spec);

  /** Records the start of a write of {@code payloadId} (null for a close without body). */
  default PendingOperation invokeWrite(String process, OperationKind kind, String stream, String payloadId) {
    return invoke(Operation.builder().process(process).kind(kind).stream(stream).payloadId(payloadId));
  }

  /** Records the start of a read from {@code startOffset}. */
  default PendingOperation invokeRead(String process, OperationKind kind, String stream, Offset startOffset) {
    return invoke(Operation.builder().process(process).kind(kind).stream(stream).startOffset(startOffset));
  }

  /** Records the start of an operation that neither appends nor reads, such as a create. */
  default PendingOperation invoke(String process, OperationKind kind, String stream) {
    return invoke(Operation.builder().process(process).kind(kind).stream(stream));
  }

  /**
   * Records a fault event now.
   *
   * @param fault the fault's name; may be null for a heal
   * @param detail free text, may be null
   */
  FaultEvent fault(FaultAction action, String fault, String detail);

  /**
   * The history so far: completed operations and fault events. Before {@link #close()},
   * operations still in flight are left out; after it, they are included as info operations,
   * exactly as {@link History#read} loads them from the file.
   */
  History snapshot();

  /**
   * Writes the end line and closes the file. Operations completing later are not recorded.
   *
   * @throws IOException the first error met while writing the file, if any
   */
  @Override
  void close() throws IOException;
}
