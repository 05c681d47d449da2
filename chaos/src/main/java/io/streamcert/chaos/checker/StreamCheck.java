package io.streamcert.chaos.checker;

import static io.streamcert.chaos.checker.Findings.ms;

import io.streamcert.chaos.history.Garbage;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import io.streamcert.chaos.history.Operation;
import io.streamcert.chaos.history.OperationKind;
import io.streamcert.chaos.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of one stream. Offsets are compared only within the stream, as the protocol allows.
 *
 * <p>Reads feed {@link OffsetViews} with the offsets at which they saw payloads start, and
 * acknowledged writes with the offsets at which they end.
 */
final class StreamCheck {

  private final String stream;
  private final List<Operation> ops;
  private final OptionalLong healedAt;
  private final Findings findings;
  private final StandardChecker.Tally tally;

  private final Map<String, LogicalWrite> writes = new LinkedHashMap<>();
  private final List<Operation> reads = new ArrayList<>();
  private final List<Operation> closes = new ArrayList<>();
  /** Payload id to the number of reads that observed it. */
  private final Map<String, Integer> seenBy = new HashMap<>();
  private final OffsetViews views = new OffsetViews();

  StreamCheck(String stream, List<Operation> ops, OptionalLong healedAt, Findings findings,
      StandardChecker.Tally tally) {
    this.stream = stream;
    this.ops = ops;
    this.healedAt = healedAt;
    this.findings = findings;
    this.tally = tally;
  }

  void run() {
    index();
    checkReads();
    collectAcknowledgedOffsets();
    views.check(stream, this::writerOf, findings);
    Operation finalRead = finalRead();
    checkLoss(finalRead);
    List<String> order = streamOrder(finalRead);
    checkRealTimeOrder(order);
    checkAcknowledgedOffsetsInStreamOrder(order);
    checkClose();
  }

  private void index() {
    for (Operation op : ops) {
      if (op.isWrite()) writes.computeIfAbsent(op.payloadId(), LogicalWrite::new).attempts.add(op);
      if (op.kind() == OperationKind.CLOSE && op.isOk()) closes.add(op);
      if (op.isRead()) reads.add(op);
    }
    for (LogicalWrite w : writes.values()) {
      tally.writes++;
      switch (w.outcome()) {
        case OK -> tally.writesAcknowledged++;
        case FAIL -> tally.writesFailed++;
        case INFO -> tally.writesUnknown++;
      }
    }
  }

  private void checkReads() {
    for (Operation r : reads) {
      tally.reads++;
      tally.observations += r.observed().size();
      Offset start = r.startOffset() != null && r.startOffset().isConcrete() ? r.startOffset() : null;
      Offset next = r.nextOffset();
      boolean backwards = false;
      if (start != null && next != null && next.compareTo(start) < 0) {
        backwards = nonMonotonicRead(r, "started at offset " + start + " but reports reaching " + next + ", before it",
            List.of(start, next), null);
      }
      boolean contiguous = r.garbage().isEmpty();
      Map<String, Integer> firstIndex = new HashMap<>();
      Offset previousKnown = null;
      String previousKnownId = null;
      List<Observed> observed = r.observed();
      for (int i = 0; i < observed.size(); i++) {
        Observed o = observed.get(i);
        String id = o.payloadId();
        LogicalWrite w = writes.get(id);
        if (w == null) {
          findings.add(id, anomaly(AnomalyType.UNEXPECTED_PAYLOAD, id, null, offsetsOf(o.offset()), List.of(),
              List.of(r.id()), r, "payload " + id + " was observed by read " + describe(r)
                  + " but no operation of the history wrote it to this stream"));
        } else if (w.outcome() == Outcome.FAIL) {
          Operation last = w.attempts.get(w.attempts.size() - 1);
          findings.add(id, anomaly(AnomalyType.READ_OF_FAILED_WRITE, id, w.writer(), offsetsOf(o.offset()), List.of(),
              ids(w.attemptIds(), r.id()), last, "payload " + id + " was written by " + w.writer() + " in "
                  + w.attempts.size() + " attempt(s), every one definitely failed (last: " + describeOutcome(last)
                  + "), yet read " + describe(r) + " observed it"));
        }
        Integer earlier = firstIndex.putIfAbsent(id, i);
        if (earlier != null) {
          findings.add(id, anomaly(AnomalyType.DUPLICATE, id, w == null ? null : w.writer(), List.of(), List.of(),
              List.of(r.id()), r, "read " + describe(r) + " observed payload " + id + " twice, as its payloads "
                  + (earlier + 1) + " and " + (i + 1) + " of " + observed.size()));
        }
        if (o.offset() != null) {
          if (!backwards) {
            if (previousKnown != null && o.offset().compareTo(previousKnown) <= 0) {
              backwards = nonMonotonicRead(r, "observed " + id + " at offset " + o.offset() + " after "
                  + previousKnownId + " at offset " + previousKnown, List.of(previousKnown, o.offset()), id);
            } else if (start != null && o.offset().compareTo(start) < 0) {
              backwards = nonMonotonicRead(r, "observed " + id + " at offset " + o.offset()
                  + ", before the offset " + start + " it started from", List.of(start, o.offset()), id);
            } else if (next != null && o.offset().compareTo(next) >= 0) {
              backwards = nonMonotonicRead(r, "observed " + id + " at offset " + o.offset()
                  + ", at or past the offset " + next + " it reports reaching", List.of(o.offset(), next), id);
            }
          }
          previousKnown = o.offset();
          previousKnownId = id;
          views.starts(o.offset(), id, r.id());
          if (contiguous && !backwards && i > 0) views.ends(o.offset(), observed.get(i - 1).payloadId(), r.id());
        }
      }
      for (String id : firstIndex.keySet()) seenBy.merge(id, 1, Integer::sum);
      for (Garbage g : r.garbage()) {
        String key = r.startOffset() + "|" + g.position() + "|" + g.length() + "|" + g.preview();
        findings.add(key, anomaly(AnomalyType.GARBAGE, null, null, offsetsOf(start), List.of(), List.of(r.id()), r,
            "read " + describe(r) + " received " + g.length() + " byte(s) at byte " + g.position()
                + " of its data that decode to no payload: '" + g.preview() + "'"));
      }
    }
  }

  private boolean nonMonotonicRead(Operation r, String what, List<Offset> offsets, String payloadId) {
    findings.add("read#" + r.id(), anomaly(AnomalyType.NON_MONOTONIC_OFFSETS, payloadId,
        payloadId == null || !writes.containsKey(payloadId) ? null : writes.get(payloadId).writer(), offsets,
        List.of(), List.of(r.id()), r, "read " + describe(r) + " went backwards: it " + what));
    return true;
  }

  private void collectAcknowledgedOffsets() {
    for (LogicalWrite w : writes.values()) {
      for (Operation a : w.attempts) {
        if (!a.isOk()) continue;
        if (a.nextOffset() != null) views.ends(a.nextOffset(), w.payloadId, a.id());
        if (a.startOffset() != null) views.starts(a.startOffset(), w.payloadId, a.id());
      }
    }
  }

  /** The last ok catch-up read from the beginning invoked once every fault was undone, or null. */
  private Operation finalRead() {
    if (healedAt.isEmpty()) return null;
    Operation best = null;
    for (Operation r : reads) {
      if (r.kind() != OperationKind.READ_CATCHUP || !r.isOk() || !Offset.BEGINNING.equals(r.startOffset())
          || r.invokeNanos() < healedAt.getAsLong()) {
        continue;
      }
      if (best == null || r.invokeNanos() >= best.invokeNanos()) best = r;
    }
    return best;
  }

  private void checkLoss(Operation finalRead) {
    Set<String> inFinal = new HashSet<>();
    if (finalRead != null) {
      tally.streamsWithFinalRead++;
      for (Observed o : finalRead.observed()) inFinal.add(o.payloadId());
    }
    for (LogicalWrite w : writes.values()) {
      Outcome outcome = w.outcome();
      if (outcome == Outcome.INFO) {
        if (seenBy.containsKey(w.payloadId)) {
          tally.unknownPresent++;
        } else {
          tally.unknownAbsent++;
        }
      }
      if (outcome != Outcome.OK) continue;
      Operation ack = w.firstOk();
      int seen = seenBy.getOrDefault(w.payloadId, 0);
      String acked = "payload " + w.payloadId + " by " + w.writer() + " was acknowledged at " + ms(ack.completeNanos())
          + " (operation #" + ack.id() + (ack.status() != null ? ", status " + ack.status() : "")
          + (ack.nextOffset() != null ? ", Stream-Next-Offset " + ack.nextOffset() : "") + ")";
      if (finalRead != null && ack.completeNanos() < finalRead.invokeNanos() && !inFinal.contains(w.payloadId)) {
        findings.add(w.payloadId, anomaly(AnomalyType.LOST_WRITE, w.payloadId, w.writer(), offsetsOf(ack.nextOffset()),
            List.of(), ids(w.attemptIds(), finalRead.id()), ack, acked + " but is absent from the final read "
                + describe(finalRead) + ", which holds " + finalRead.observed().size() + " payload(s); "
                + (seen > 0 ? seen + " read(s) observed it before it vanished" : "no read ever observed it")));
      } else if (seen == 0) {
        String why = finalRead == null
            ? "the stream has no final read (an ok catch-up read from -1 after the heal) to tell lost from unseen"
            : "it was acknowledged after the final read " + describe(finalRead) + " started";
        findings.add(w.payloadId, anomaly(AnomalyType.UNSEEN_ACKED, w.payloadId, w.writer(),
            offsetsOf(ack.nextOffset()), List.of(), w.attemptIds(), ack, acked + " but no read ever observed it; "
                + why));
      }
    }
  }

  /** The payload ids in stream order: the final read's, else the longest ok read from -1, else null. */
  private List<String> streamOrder(Operation finalRead) {
    Operation source = finalRead;
    if (source == null) {
      for (Operation r : reads) {
        if (r.isOk() && Offset.BEGINNING.equals(r.startOffset())
            && (source == null || r.observed().size() > source.observed().size())) {
          source = r;
        }
      }
    }
    if (source == null) return null;
    List<String> order = new ArrayList<>();
    for (Observed o : source.observed()) order.add(o.payloadId());
    return order;
  }

  /**
   * Within each writer, and among all Stream-Seq writes: a write invoked after another was
   * acknowledged must come after it, by stream order if a full read exists, else by acknowledged
   * offset.
   */
  private void checkRealTimeOrder(List<String> order) {
    Map<String, Integer> position = new HashMap<>();
    if (order != null) {
      for (int i = 0; i < order.size(); i++) position.putIfAbsent(order.get(i), i);
    }
    Map<String, List<LogicalWrite>> groups = new LinkedHashMap<>();
    for (LogicalWrite w : writes.values()) {
      if (w.outcome() != Outcome.OK) continue;
      groups.computeIfAbsent("writer " + w.writer(), k -> new ArrayList<>()).add(w);
      if (w.usesStreamSeq()) groups.computeIfAbsent("Stream-Seq writes", k -> new ArrayList<>()).add(w);
    }
    for (Map.Entry<String, List<LogicalWrite>> g : groups.entrySet()) {
      if (order != null) {
        sweep(g.getKey(), g.getValue(), w -> position.get(w.payloadId), "position", order.size());
      } else {
        sweep(g.getKey(), g.getValue(), LogicalWrite::ackedNext, "acknowledged offset", -1);
      }
    }
  }

  /**
   * Finds writes placed before one acknowledged before they were invoked: walks the group in
   * invocation order while keeping the furthest-placed write acknowledged so far.
   */
  private <K extends Comparable<K>> void sweep(String group, List<LogicalWrite> all, Function<LogicalWrite, K> place,
      String placeName, int orderSize) {
    List<LogicalWrite> placed = new ArrayList<>();
    for (LogicalWrite w : all) if (place.apply(w) != null) placed.add(w);
    List<LogicalWrite> byAck = new ArrayList<>(placed);
    byAck.sort(Comparator.comparingLong(LogicalWrite::ackNanos));
    List<LogicalWrite> byInvoke = new ArrayList<>(placed);
    byInvoke.sort(Comparator.comparingLong(LogicalWrite::invokeNanos));
    int i = 0;
    LogicalWrite furthest = null;
    for (LogicalWrite b : byInvoke) {
      while (i < byAck.size() && byAck.get(i).ackNanos() < b.invokeNanos()) {
        LogicalWrite a = byAck.get(i++);
        if (furthest == null || place.apply(a).compareTo(place.apply(furthest)) > 0) furthest = a;
      }
      if (furthest == null || place.apply(b).compareTo(place.apply(furthest)) >= 0) continue;
      String where = orderSize >= 0
          ? "it is at position " + ((Integer) place.apply(b) + 1) + " and " + furthest.payloadId + " at position "
              + ((Integer) place.apply(furthest) + 1) + " of the " + orderSize + " payloads read"
          : "its acknowledged offset " + place.apply(b) + " is before " + furthest.payloadId + "'s "
              + place.apply(furthest);
      Operation ack = b.firstOk();
      List<Offset> offsets = new ArrayList<>();
      if (b.ackedNext() != null) offsets.add(b.ackedNext());
      if (furthest.ackedNext() != null) offsets.add(furthest.ackedNext());
      findings.add(b.payloadId, anomaly(AnomalyType.REORDER, b.payloadId, b.writer(), offsets,
          List.of(furthest.payloadId), ids(b.attemptIds(), furthest.firstOk().id()), ack,
          "payload " + b.payloadId + " (" + group + ") was invoked at " + ms(b.invokeNanos()) + ", after "
              + furthest.payloadId + " was acknowledged at " + ms(furthest.ackNanos()) + ", yet comes before it: "
              + where));
    }
  }

  /** Acknowledged Stream-Next-Offsets must grow along the stream. */
  private void checkAcknowledgedOffsetsInStreamOrder(List<String> order) {
    if (order == null) return;
    Set<String> done = new HashSet<>();
    LogicalWrite highest = null;
    for (String id : order) {
      if (!done.add(id)) continue;
      LogicalWrite w = writes.get(id);
      if (w == null || w.outcome() != Outcome.OK || w.ackedNext() == null) continue;
      if (highest != null && w.ackedNext().compareTo(highest.ackedNext()) <= 0) {
        findings.add("order|" + id, anomaly(AnomalyType.NON_MONOTONIC_OFFSETS, id, w.writer(),
            List.of(highest.ackedNext(), w.ackedNext()), List.of(highest.payloadId),
            List.of(highest.firstOk().id(), w.firstOk().id()), w.firstOk(), "payload " + id
                + " comes after " + highest.payloadId + " in the stream, but its acknowledged Stream-Next-Offset "
                + w.ackedNext() + " is not greater than " + highest.ackedNext()));
      } else {
        highest = w;
      }
    }
  }

  /** Nothing may be appended once a close is acknowledged, nor read past the final offset. */
  private void checkClose() {
    if (closes.isEmpty()) return;
    Operation close = closes.get(0);
    for (Operation c : closes) if (c.completeNanos() < close.completeNanos()) close = c;
    for (LogicalWrite w : writes.values()) {
      for (Operation a : w.attempts) {
        if (!a.isOk() || a.kind() == OperationKind.CLOSE || a.invokeNanos() <= close.completeNanos()) continue;
        findings.add(w.payloadId, anomaly(AnomalyType.WRITE_AFTER_CLOSE, w.payloadId, w.writer(),
            offsetsOf(a.nextOffset()), List.of(), List.of(close.id(), a.id()), a, "payload " + w.payloadId + " ("
                + a.kind() + " by " + a.process() + ") was invoked at " + ms(a.invokeNanos()) + ", after the close #"
                + close.id() + " was acknowledged at " + ms(close.completeNanos()) + ", and was acknowledged at "
                + ms(a.completeNanos()) + (a.status() != null ? " with status " + a.status() : "")));
      }
    }
    Offset finalOffset = null;
    Operation finalClose = null;
    for (Operation c : closes) {
      if (c.nextOffset() != null && (finalOffset == null || c.nextOffset().compareTo(finalOffset) < 0)) {
        finalOffset = c.nextOffset();
        finalClose = c;
      }
    }
    if (finalOffset == null) return;
    for (Operation r : reads) {
      for (Observed o : r.observed()) {
        if (o.offset() == null || o.offset().compareTo(finalOffset) < 0) continue;
        findings.add(o.payloadId(), anomaly(AnomalyType.WRITE_AFTER_CLOSE, o.payloadId(), writerOf(o.payloadId()),
            List.of(o.offset(), finalOffset), List.of(), List.of(finalClose.id(), r.id()), r, "read " + describe(r)
                + " observed " + o.payloadId() + " at offset " + o.offset() + ", at or past the final offset "
                + finalOffset + " that close #" + finalClose.id() + " acknowledged"));
      }
    }
  }

  private Anomaly anomaly(AnomalyType type, String payloadId, String writer, List<Offset> offsets, List<String> related,
      List<Long> operationIds, Operation at, String explanation) {
    return new Anomaly(type, stream, payloadId, writer, offsets, related, operationIds,
        at == null ? null : at.invokeNanos(), at == null ? null : at.completeNanos(), explanation);
  }

  private String writerOf(String payloadId) {
    LogicalWrite w = writes.get(payloadId);
    return w == null ? null : w.writer();
  }

  private static List<Offset> offsetsOf(Offset offset) {
    return offset == null ? List.of() : List.of(offset);
  }

  private static List<Long> ids(List<Long> first, long more) {
    List<Long> out = new ArrayList<>(first);
    if (!out.contains(more)) out.add(more);
    return out;
  }

  private static String describe(Operation r) {
    return "#" + r.id() + " (" + r.process() + ", " + r.kind().name().toLowerCase(java.util.Locale.ROOT)
        + (r.startOffset() != null ? " from " + r.startOffset() : "") + ", invoked at " + ms(r.invokeNanos()) + ")";
  }

  private static String describeOutcome(Operation a) {
    return "#" + a.id() + " " + a.outcome().name().toLowerCase(java.util.Locale.ROOT)
        + (a.status() != null ? " " + a.status() : "") + (a.error() != null ? " " + a.error() : "");
  }
}
