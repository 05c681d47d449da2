package io.streamcert.reference.crash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the writers of the crash test sent and what the server answered: one {@link Op} per
 * distinct append (a producer's retries of one (epoch, seq, payload) are one op with several
 * attempts). Thread-safe.
 */
final class History {

  enum Kind { PLAIN, SEQ, PRODUCER }

  enum Outcome {
    /** Sent, no answer yet. */
    IN_FLIGHT,
    /** 2xx with the append's own Stream-Next-Offset: it must be there, ending at that offset. */
    ACKED,
    /** A producer's 204: the tuple was already appended, somewhere before the given offset. */
    DUPLICATE_ACK,
    /** Sent, but no answer (reset, timed out) or a 5xx: it may or may not be there. */
    UNKNOWN,
    /** Never sent: every attempt failed to connect, so it must not be there. */
    NOT_SENT,
    /** A 4xx: the server refused it, so it must not be there. */
    REJECTED
  }

  /** One distinct append. Its payload is unique in the whole run and ends with its only newline. */
  static final class Op {
    final String stream;
    final String writer;
    final Kind kind;
    final long n;
    final byte[] payload;
    final String streamSeq;
    final long producerSeq;
    volatile Outcome outcome = Outcome.IN_FLIGHT;
    /** The acknowledged Stream-Next-Offset position, or -1. */
    volatile long ackedNext = -1;
    volatile int attempts;
    /** Whether some attempt got a connection, so the server may have received it. */
    volatile boolean maybeDelivered;
    volatile int lastStatus;
    volatile String lastError;
    /** The first answer the protocol does not allow here (any non-2xx in this test), or null. */
    volatile String unexpected;

    Op(String stream, String writer, Kind kind, long n, byte[] payload, String streamSeq, long producerSeq) {
      this.stream = stream;
      this.writer = writer;
      this.kind = kind;
      this.n = n;
      this.payload = payload;
      this.streamSeq = streamSeq;
      this.producerSeq = producerSeq;
    }

    String text() {
      return new String(payload, 0, payload.length - 1, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return kind + " '" + text() + "' on " + stream + " (" + outcome
          + (ackedNext >= 0 ? ", acknowledged with Stream-Next-Offset position " + ackedNext : "")
          + ", " + attempts + " attempt(s)" + (lastStatus > 0 ? ", last status " + lastStatus : "")
          + (lastError != null ? ", last error: " + lastError : "") + ")";
    }
  }

  private final List<Op> ops = new ArrayList<>();

  synchronized Op begin(String stream, String writer, Kind kind, long n, byte[] payload, String streamSeq, long producerSeq) {
    Op op = new Op(stream, writer, kind, n, payload, streamSeq, producerSeq);
    ops.add(op);
    return op;
  }

  synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  synchronized List<Op> ops(String stream) {
    List<Op> out = new ArrayList<>();
    for (Op op : ops) if (op.stream.equals(stream)) out.add(op);
    return out;
  }
}
