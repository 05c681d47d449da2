package io.streamcert.reference.crash;

import io.streamcert.reference.crash.History.Kind;
import io.streamcert.reference.crash.History.Op;
import io.streamcert.reference.crash.History.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a recorded {@link History} against what the streams hold after the last restart.
 *
 * <p>Every payload is unique and ends with its only newline, so a stream's bytes split into the
 * appends that made it. The invariants:
 *
 * <ul>
 *   <li>every acknowledged append is present exactly once, and the bytes between its start and its
 *       acknowledged Stream-Next-Offset are exactly its payload;
 *   <li>a producer append acknowledged as a duplicate (204) is present exactly once, ending at or
 *       before the offset of that answer;
 *   <li>an append with an unknown outcome is absent or present once; a refused (4xx) one, or one
 *       that never got a connection, is absent;
 *   <li>each writer's acknowledged offsets grow in the order it got them; a producer's appends
 *       appear in sequence order; Stream-Seq appends appear in increasing Stream-Seq order;
 *   <li>the streams hold nothing that no writer sent, and no partial append;
 *   <li>no request got an answer the protocol does not allow for it (recorded as unexpected).
 * </ul>
 */
final class HistoryChecker {

  private HistoryChecker() {}

  /** An append found in a stream: its stream positions. */
  private record Found(Op op, long start, long end) {}

  static final class Report {
    final List<String> lost = new ArrayList<>();
    final List<String> misplaced = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();
    final List<String> refusedButPresent = new ArrayList<>();
    final List<String> neverSentButPresent = new ArrayList<>();
    final List<String> outOfOrder = new ArrayList<>();
    final List<String> foreignBytes = new ArrayList<>();
    final List<String> unexpectedAnswers = new ArrayList<>();
    final Map<Kind, int[]> counts = new LinkedHashMap<>();

    /** Acknowledged appends that are not in the stream at all. */
    List<String> lostAcknowledged() {
      return lost;
    }

    List<String> violations() {
      List<String> all = new ArrayList<>();
      add(all, "LOST acknowledged append", lost);
      add(all, "acknowledged append not at its acknowledged offset", misplaced);
      add(all, "append present more than once", duplicated);
      add(all, "refused append present", refusedButPresent);
      add(all, "append never sent but present", neverSentButPresent);
      add(all, "order violated", outOfOrder);
      add(all, "bytes no writer sent", foreignBytes);
      add(all, "unexpected answer", unexpectedAnswers);
      return all;
    }

    /** The number of violations of each kind, such as {@code lost=3 misplaced=0 ...}. */
    String violationCounts() {
      return "lost=" + lost.size() + " misplaced=" + misplaced.size() + " duplicated=" + duplicated.size()
          + " refused-but-present=" + refusedButPresent.size() + " never-sent-but-present=" + neverSentButPresent.size()
          + " out-of-order=" + outOfOrder.size() + " foreign-bytes=" + foreignBytes.size()
          + " unexpected-answers=" + unexpectedAnswers.size();
    }

    private static void add(List<String> all, String what, List<String> items) {
      for (String i : items) all.add(what + ": " + i);
    }

    /**
     * Per kind: appends, acknowledged (of which as a producer duplicate), unknown outcome and
     * present, unknown and absent, refused, never sent, and requests sent (retries included).
     */
    String summary() {
      StringBuilder b = new StringBuilder();
      counts.forEach((k, c) -> b.append(String.format(
          "  %-8s appends=%d acknowledged=%d (as duplicate after a retry: %d) unknown-outcome(present=%d absent=%d)"
              + " refused=%d never-sent=%d requests=%d%n",
          k, c[0], c[1], c[6], c[2], c[3], c[4], c[7], c[5])));
      return b.toString();
    }

    int[] counts(Kind kind) {
      return counts.get(kind);
    }
  }

  static Report check(History history, Map<String, byte[]> contents) {
    Report r = new Report();
    for (Kind k : Kind.values()) r.counts.put(k, new int[8]);
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      checkStream(e.getKey(), e.getValue(), history.ops(e.getKey()), r);
    }
    for (Op op : history.ops()) {
      if (!contents.containsKey(op.stream)) r.lost.add("stream " + op.stream + " was not read back: " + op);
    }
    return r;
  }

  private static void checkStream(String stream, byte[] content, List<Op> ops, Report r) {
    Map<String, Op> byText = new HashMap<>();
    for (Op op : ops) byText.put(op.text(), op);

    // Split the stream into appends.
    List<Found> found = new ArrayList<>();
    Map<Op, List<Found>> where = new HashMap<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') continue;
      String text = new String(content, start, i - start, StandardCharsets.US_ASCII);
      Op op = byText.get(text);
      if (op == null) {
        r.foreignBytes.add(stream + " at position " + start + ": '" + abbreviate(text) + "'");
      } else {
        Found f = new Found(op, start, i + 1);
        found.add(f);
        where.computeIfAbsent(op, k -> new ArrayList<>()).add(f);
      }
      start = i + 1;
    }
    if (start < content.length) {
      r.foreignBytes.add(stream + " ends with a partial append at position " + start + ": '"
          + abbreviate(new String(content, start, content.length - start, StandardCharsets.US_ASCII)) + "'");
    }

    for (Op op : ops) {
      List<Found> at = where.getOrDefault(op, List.of());
      int[] c = r.counts.get(op.kind);
      c[0]++;
      c[5] += op.attempts;
      if (at.size() > 1) {
        r.duplicated.add(op + " found " + at.size() + " times, at positions " + positions(at));
      }
      switch (op.outcome) {
        case ACKED -> {
          c[1]++;
          if (at.isEmpty()) {
            r.lost.add(op + "; the stream holds " + content.length + " bytes");
          } else if (!payloadEndsAt(content, op.payload, op.ackedNext)) {
            r.misplaced.add(op + " found at positions " + positions(at));
          }
        }
        case DUPLICATE_ACK -> {
          c[1]++;
          c[6]++;
          if (at.isEmpty()) {
            r.lost.add(op + "; the stream holds " + content.length + " bytes");
          } else if (at.get(0).end() > op.ackedNext) {
            r.misplaced.add(op + " ends at " + at.get(0).end() + ", after the offset of its duplicate answer");
          }
        }
        case REJECTED -> {
          c[4]++;
          if (!at.isEmpty()) r.refusedButPresent.add(op + " found at positions " + positions(at));
        }
        case NOT_SENT -> {
          c[7]++;
          if (!at.isEmpty()) r.neverSentButPresent.add(op + " found at positions " + positions(at));
        }
        default -> c[at.isEmpty() ? 3 : 2]++;
      }
      if (op.unexpected != null) r.unexpectedAnswers.add(op.unexpected + ": " + op);
    }

    // Order: each writer's acknowledged offsets grow in the order it got them.
    Map<String, List<Op>> byWriter = new LinkedHashMap<>();
    for (Op op : ops) byWriter.computeIfAbsent(op.writer, k -> new ArrayList<>()).add(op);
    for (List<Op> mine : byWriter.values()) {
      long last = -1;
      Op prev = null;
      for (Op op : mine) {
        if (op.outcome != Outcome.ACKED) continue;
        if (op.ackedNext <= last) r.outOfOrder.add(op + " was acknowledged after " + prev + " with a smaller offset");
        last = op.ackedNext;
        prev = op;
      }
    }
    // A producer's appends appear in sequence order; Stream-Seq appends in Stream-Seq order.
    Map<String, Found> lastOfProducer = new HashMap<>();
    Found lastSeq = null;
    for (Found f : found) {
      if (f.op().kind == Kind.PRODUCER) {
        Found prev = lastOfProducer.put(f.op().writer, f);
        if (prev != null && prev.op().producerSeq >= f.op().producerSeq) {
          r.outOfOrder.add(f.op() + " at " + f.start() + " follows " + prev.op() + " at " + prev.start());
        }
      } else if (f.op().kind == Kind.SEQ) {
        if (lastSeq != null && lastSeq.op().streamSeq.compareTo(f.op().streamSeq) >= 0) {
          r.outOfOrder.add(f.op() + " at " + f.start() + " follows " + lastSeq.op() + " at " + lastSeq.start());
        }
        lastSeq = f;
      }
    }
  }

  private static boolean payloadEndsAt(byte[] content, byte[] payload, long end) {
    long start = end - payload.length;
    if (start < 0 || end > content.length) return false;
    return Arrays.equals(content, (int) start, (int) end, payload, 0, payload.length);
  }

  private static String positions(List<Found> at) {
    List<String> p = new ArrayList<>();
    for (Found f : at) p.add(f.start() + ".." + f.end());
    return String.join(", ", p);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
