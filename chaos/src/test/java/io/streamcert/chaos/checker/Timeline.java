package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.FaultEvent;
import io.streamcert.chaos.history.Garbage;
import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.HistoryHeader;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-made histories for checker tests: times in milliseconds, offsets as numbers written with
 * four digits (so that they sort as text), one stream unless said otherwise.
 */
final class Timeline {

  static final String STREAM = "/s/test";

  private final List<Operation> ops = new ArrayList<>();
  private final List<FaultEvent> faults = new ArrayList<>();
  private long nextId;

  static String off(long n) {
    return String.format("%04d", n);
  }

  private static long ns(double ms) {
    return Math.round(ms * 1_000_000);
  }

  Operation write(String process, OperationKind kind, String stream, String payload, double invokeMs,
      double completeMs, Outcome outcome, Integer status, Long nextOffset) {
    Operation op = Operation.builder().id(nextId++).process(process).kind(kind).stream(stream).payloadId(payload)
        .invokeNanos(ns(invokeMs)).completeNanos(ns(completeMs)).outcome(outcome).status(status)
        .nextOffset(nextOffset == null ? null : Offset.of(off(nextOffset)))
        .error(outcome == Outcome.OK ? null : outcome == Outcome.INFO ? "timeout" : "refused")
        .build();
    ops.add(op);
    return op;
  }

  /** A plain append acknowledged with {@code nextOffset}. */
  Operation ok(String process, String payload, double invokeMs, double completeMs, long nextOffset) {
    return write(process, OperationKind.APPEND, STREAM, payload, invokeMs, completeMs, Outcome.OK, 200, nextOffset);
  }

  Operation info(String process, String payload, double invokeMs, double completeMs) {
    return write(process, OperationKind.APPEND, STREAM, payload, invokeMs, completeMs, Outcome.INFO, null, null);
  }

  Operation fail(String process, String payload, double invokeMs, double completeMs) {
    return write(process, OperationKind.APPEND, STREAM, payload, invokeMs, completeMs, Outcome.FAIL, 409, null);
  }

  Operation close(String process, double invokeMs, double completeMs, long finalOffset) {
    Operation op = Operation.builder().id(nextId++).process(process).kind(OperationKind.CLOSE).stream(STREAM)
        .invokeNanos(ns(invokeMs)).completeNanos(ns(completeMs)).outcome(Outcome.OK).status(204)
        .nextOffset(Offset.of(off(finalOffset))).build();
    ops.add(op);
    return op;
  }

  /**
   * A read of {@link #STREAM}; each observation is {@code "id"} or {@code "id@offset"}.
   *
   * @param from {@code -1} or a number
   */
  Operation read(String process, OperationKind kind, String from, double invokeMs, double completeMs, Outcome outcome,
      Long next, List<Garbage> garbage, String... observed) {
    List<Observed> obs = new ArrayList<>();
    for (String o : observed) {
      int at = o.indexOf('@');
      obs.add(at < 0 ? Observed.of(o) : Observed.at(o.substring(0, at), off(Long.parseLong(o.substring(at + 1)))));
    }
    Operation op = Operation.builder().id(nextId++).process(process).kind(kind).stream(STREAM)
        .invokeNanos(ns(invokeMs)).completeNanos(ns(completeMs)).outcome(outcome).status(outcome == Outcome.OK ? 200 : null)
        .startOffset(from.equals("-1") ? Offset.BEGINNING : Offset.of(off(Long.parseLong(from))))
        .nextOffset(next == null ? null : Offset.of(off(next))).observed(obs).garbage(garbage).build();
    ops.add(op);
    return op;
  }

  /** An ok catch-up read from the beginning: the final read when it follows the heal. */
  Operation fullRead(String process, double invokeMs, double completeMs, long next, String... observed) {
    return read(process, OperationKind.READ_CATCHUP, "-1", invokeMs, completeMs, Outcome.OK, next, List.of(), observed);
  }

  Timeline fault(String name, double startMs, double stopMs) {
    faults.add(FaultEvent.start(name, ns(startMs), null));
    faults.add(FaultEvent.stop(name, ns(stopMs)));
    return this;
  }

  Timeline heal(double atMs) {
    faults.add(FaultEvent.heal(ns(atMs)));
    return this;
  }

  History history() {
    return History.of(HistoryHeader.of(Instant.parse("2026-11-22T10:00:00Z"), Map.of("test", "hand-made")), ops,
        faults);
  }

  CheckerResult check() {
    return HistoryChecker.standard().check(history());
  }
}
