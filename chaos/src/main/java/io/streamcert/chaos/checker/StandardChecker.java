package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.History;
import io.streamcert.chaos.history.Operation;
import java.util.List;
import java.util.OptionalLong;

/** Runs {@link StreamCheck} on every stream and adds up the numbers. */
final class StandardChecker implements HistoryChecker {

  @Override
  public CheckerResult check(History history) {
    Findings findings = new Findings();
    Tally tally = new Tally();
    OptionalLong healedAt = history.healedAtNanos();
    for (String stream : history.streams()) {
      new StreamCheck(stream, history.operations(stream), healedAt, findings, tally).run();
    }
    List<Operation> ops = history.operations();
    int ok = 0;
    int fail = 0;
    int info = 0;
    for (Operation op : ops) {
      switch (op.outcome()) {
        case OK -> ok++;
        case FAIL -> fail++;
        case INFO -> info++;
      }
    }
    CheckerSummary summary = new CheckerSummary(history.streams().size(), tally.streamsWithFinalRead, ops.size(), ok,
        fail, info, history.unfinishedOperations(), tally.writes, tally.writesAcknowledged, tally.writesFailed,
        tally.writesUnknown, tally.unknownPresent, tally.unknownAbsent, tally.reads, tally.observations,
        history.faults().size(), history.complete());
    return new CheckerResult(summary, findings.sorted());
  }

  /** Counters the stream checks add to. */
  static final class Tally {
    int streamsWithFinalRead;
    int writes;
    int writesAcknowledged;
    int writesFailed;
    int writesUnknown;
    int unknownPresent;
    int unknownAbsent;
    int reads;
    long observations;
  }
}
