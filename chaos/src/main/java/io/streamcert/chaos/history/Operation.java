package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One operation of a chaos run as a worker saw it: what it asked for, when, and how it ended.
 *
 * <p>Times are nanoseconds since the history's start, read from one monotonic clock: {@code
 * invokeNanos} just before the request was sent, {@code completeNanos} when its outcome was known
 * (for a timeout, when the timeout fired).
 *
 * <p>Writes carry a payload id, unique per logical write and embedded in the bytes (see {@code
 * PayloadCodec}); each retry of a write is its own operation with the same payload id. For a write
 * the server acknowledged ({@link Outcome#OK}), {@code nextOffset} is the {@code
 * Stream-Next-Offset} it acknowledged <em>this</em> write with, where the write ends, and {@code
 * startOffset} where it begins if the writer knows it; both stay null when the answer does not
 * say (a producer's 204 duplicate). Offsets of writes that did not end OK are ignored.
 *
 * <p>A read carries the offset it started from (possibly {@link Offset#BEGINNING}), the {@code
 * Stream-Next-Offset} it ended at, every payload it decoded in order, and any bytes that decoded
 * to none. One read operation is one logical read: a catch-up read that followed {@code
 * Stream-Next-Offset} over several requests until up to date is one operation. A read that ended
 * early still reports what it observed.
 *
 * @param id unique within the history; the recorder assigns them in invocation order
 * @param process the worker that issued it, such as {@code w3} or {@code r1}
 * @param kind what it did
 * @param stream the stream's path
 * @param payloadId the payload a write appends; null for reads, creates and a close without body
 * @param invokeNanos when it started, in nanoseconds since the history's start
 * @param completeNanos when its outcome was known, in nanoseconds since the history's start
 * @param outcome ok, fail or info (unknown)
 * @param status the HTTP status of the answer, or null when there was none
 * @param startOffset for writes, where an acknowledged write begins, if known; for reads, the
 *     offset the read started from
 * @param nextOffset for writes, the acknowledged {@code Stream-Next-Offset}; for reads, the
 *     offset the read reached
 * @param observed for reads, the payloads decoded, in stream order; empty otherwise
 * @param garbage for reads, the bytes that decoded to no payload; empty otherwise
 * @param error for fail and info, what went wrong (such as {@code timeout after 2s}); may be null
 */
public record Operation(
    long id,
    String process,
    OperationKind kind,
    String stream,
    String payloadId,
    long invokeNanos,
    long completeNanos,
    Outcome outcome,
    Integer status,
    Offset startOffset,
    Offset nextOffset,
    List<Observed> observed,
    List<Garbage> garbage,
    String error) implements HistoryLine {

  /** Validates every field and copies the lists; see the class comment for what each kind may carry. */
  public Operation {
    if (id < 0) throw new IllegalArgumentException("operation id must be >= 0 but was " + id);
    if (process == null || process.isBlank()) {
      throw new IllegalArgumentException("operation " + id + " needs the process (worker id) that issued it");
    }
    if (kind == null) throw new IllegalArgumentException("operation " + id + " needs a kind");
    if (stream == null || stream.isBlank()) {
      throw new IllegalArgumentException("operation " + id + " needs the stream path it acted on");
    }
    if (outcome == null) throw new IllegalArgumentException("operation " + id + " needs an outcome: ok, fail or info");
    if (invokeNanos < 0) {
      throw new IllegalArgumentException("operation " + id + " was invoked at " + invokeNanos
          + " ns, before the history started; times are nanoseconds since the history's start");
    }
    if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException("operation " + id + " completed at " + completeNanos
          + " ns, before it was invoked at " + invokeNanos + " ns; read both times from one monotonic clock");
    }
    if (kind.requiresPayload() && (payloadId == null || payloadId.isBlank())) {
      throw new IllegalArgumentException("operation " + id + " (" + kind + ") needs the payload id it appends");
    }
    if (!kind.isWrite() && payloadId != null) {
      throw new IllegalArgumentException("operation " + id + " (" + kind + ") appends nothing but has payload id "
          + payloadId);
    }
    if (status != null && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("operation " + id + " has HTTP status " + status + ", outside 100..599");
    }
    if (nextOffset != null && nextOffset.isSentinel()) {
      throw new IllegalArgumentException("operation " + id + " has next offset '" + nextOffset
          + "', a sentinel; record the Stream-Next-Offset the server returned");
    }
    if (kind.isWrite() && startOffset != null && startOffset.isSentinel()) {
      throw new IllegalArgumentException("write " + id + " has start offset '" + startOffset
          + "', a sentinel; record where the write begins, or nothing");
    }
    observed = observed == null ? List.of() : List.copyOf(observed);
    garbage = garbage == null ? List.of() : List.copyOf(garbage);
    if (!kind.isRead() && (!observed.isEmpty() || !garbage.isEmpty())) {
      throw new IllegalArgumentException("operation " + id + " (" + kind + ") is not a read but carries observations");
    }
  }

  /** Whether this operation appends a payload (including an append-and-close). */
  @JsonIgnore
  public boolean isWrite() {
    return kind.isWrite() && payloadId != null;
  }

  /** Whether this operation reads the stream. */
  @JsonIgnore
  public boolean isRead() {
    return kind.isRead();
  }

  /** Whether the outcome is {@link Outcome#OK}. */
  @JsonIgnore
  public boolean isOk() {
    return outcome == Outcome.OK;
  }

  /** A builder holding this operation's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.process = process;
    b.kind = kind;
    b.stream = stream;
    b.payloadId = payloadId;
    b.invokeNanos = invokeNanos;
    b.completeNanos = completeNanos;
    b.outcome = outcome;
    b.status = status;
    b.startOffset = startOffset;
    b.nextOffset = nextOffset;
    b.observed = observed;
    b.garbage = garbage;
    b.error = error;
    return b;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append('#').append(id).append(' ').append(process).append(' ').append(kind).append(' ').append(stream);
    if (payloadId != null) b.append(' ').append(payloadId);
    b.append(' ').append(outcome);
    if (status != null) b.append(' ').append(status);
    b.append(String.format(" [%.3f..%.3f ms]", invokeNanos / 1e6, completeNanos / 1e6));
    if (startOffset != null) b.append(" from ").append(startOffset);
    if (nextOffset != null) b.append(" next ").append(nextOffset);
    if (!observed.isEmpty()) b.append(" observed ").append(observed.size());
    if (!garbage.isEmpty()) b.append(" garbage ").append(garbage.size());
    if (error != null) b.append(" (").append(error).append(')');
    return b.toString();
  }

  /** Collects an operation's fields; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    long id;
    String process;
    OperationKind kind;
    String stream;
    String payloadId;
    long invokeNanos;
    long completeNanos;
    Outcome outcome;
    Integer status;
    Offset startOffset;
    Offset nextOffset;
    List<Observed> observed = List.of();
    List<Garbage> garbage = List.of();
    String error;

    Builder() {}

    public Builder id(long id) {
      this.id = id;
      return this;
    }

    public Builder process(String process) {
      this.process = process;
      return this;
    }

    public Builder kind(OperationKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    public Builder payloadId(String payloadId) {
      this.payloadId = payloadId;
      return this;
    }

    public Builder invokeNanos(long invokeNanos) {
      this.invokeNanos = invokeNanos;
      return this;
    }

    public Builder completeNanos(long completeNanos) {
      this.completeNanos = completeNanos;
      return this;
    }

    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder status(Integer status) {
      this.status = status;
      return this;
    }

    public Builder startOffset(Offset startOffset) {
      this.startOffset = startOffset;
      return this;
    }

    public Builder nextOffset(Offset nextOffset) {
      this.nextOffset = nextOffset;
      return this;
    }

    public Builder observed(List<Observed> observed) {
      this.observed = observed;
      return this;
    }

    public Builder garbage(List<Garbage> garbage) {
      this.garbage = garbage;
      return this;
    }

    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /** Builds the operation. @throws IllegalArgumentException naming the first bad field */
    public Operation build() {
      return new Operation(id, process, kind, stream, payloadId, invokeNanos, completeNanos, outcome, status,
          startOffset, nextOffset, observed, garbage, error);
    }
  }
}
