package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.List;

/** One payload id on one stream and every attempt to write it. */
final class LogicalWrite {

  final String payloadId;
  final List<Operation> attempts = new ArrayList<>();

  LogicalWrite(String payloadId) {
    this.payloadId = payloadId;
  }

  /** Ok if any attempt was acknowledged; info if none was but one is unknown; fail otherwise. */
  Outcome outcome() {
    boolean unknown = false;
    for (Operation a : attempts) {
      if (a.outcome() == Outcome.OK) return Outcome.OK;
      if (a.outcome() == Outcome.INFO) unknown = true;
    }
    return unknown ? Outcome.INFO : Outcome.FAIL;
  }

  /** The attempt acknowledged first, or null. */
  Operation firstOk() {
    Operation best = null;
    for (Operation a : attempts) {
      if (a.isOk() && (best == null || a.completeNanos() < best.completeNanos())) best = a;
    }
    return best;
  }

  /** When the first attempt was invoked: from then on the write may have landed. */
  long invokeNanos() {
    long t = Long.MAX_VALUE;
    for (Operation a : attempts) t = Math.min(t, a.invokeNanos());
    return t;
  }

  /** When it was first acknowledged; only for ok writes. */
  long ackNanos() {
    return firstOk().completeNanos();
  }

  /** The Stream-Next-Offset of the first acknowledgement that carried one, or null. */
  Offset ackedNext() {
    Operation best = null;
    for (Operation a : attempts) {
      if (a.isOk() && a.nextOffset() != null && (best == null || a.completeNanos() < best.completeNanos())) best = a;
    }
    return best == null ? null : best.nextOffset();
  }

  String writer() {
    return attempts.get(0).process();
  }

  boolean usesStreamSeq() {
    for (Operation a : attempts) if (a.kind() == OperationKind.APPEND_SEQ) return true;
    return false;
  }

  List<Long> attemptIds() {
    List<Long> ids = new ArrayList<>();
    for (Operation a : attempts) ids.add(a.id());
    return ids;
  }
}
