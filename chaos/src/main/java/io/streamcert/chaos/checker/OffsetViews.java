package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.Offset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where payloads sit in one stream, as every operation saw it, in two views: which payload
 * <em>starts</em> at an offset (a read that knows a payload's offset, a write that knows its start)
 * and which payload <em>ends</em> at an offset (an acknowledged Stream-Next-Offset; in a read
 * without garbage, the payload just before one whose offset is known). An offset holding two
 * payloads in one view is an offset mismatch; a payload at two offsets in one view is a duplicate.
 */
final class OffsetViews {

  private final Map<Offset, Map<String, Long>> startsAt = new TreeMap<>();
  private final Map<Offset, Map<String, Long>> endsAt = new TreeMap<>();
  private final Map<String, Map<Offset, Long>> startsOf = new LinkedHashMap<>();
  private final Map<String, Map<Offset, Long>> endsOf = new LinkedHashMap<>();

  /** Operation {@code opId} saw {@code payloadId} start at {@code offset}. */
  void starts(Offset offset, String payloadId, long opId) {
    add(startsAt, startsOf, offset, payloadId, opId);
  }

  /** Operation {@code opId} saw {@code payloadId} end at {@code offset}. */
  void ends(Offset offset, String payloadId, long opId) {
    add(endsAt, endsOf, offset, payloadId, opId);
  }

  private static void add(Map<Offset, Map<String, Long>> byOffset, Map<String, Map<Offset, Long>> byPayload,
      Offset offset, String payloadId, long opId) {
    byOffset.computeIfAbsent(offset, k -> new LinkedHashMap<>()).putIfAbsent(payloadId, opId);
    byPayload.computeIfAbsent(payloadId, k -> new TreeMap<>()).putIfAbsent(offset, opId);
  }

  void check(String stream, Function<String, String> writerOf, Findings findings) {
    mismatches(stream, startsAt, "starts", writerOf, findings);
    mismatches(stream, endsAt, "ends", writerOf, findings);
    duplicates(stream, startsOf, "starts", writerOf, findings);
    duplicates(stream, endsOf, "ends", writerOf, findings);
  }

  private static void mismatches(String stream, Map<Offset, Map<String, Long>> byOffset, String verb,
      Function<String, String> writerOf, Findings findings) {
    for (Map.Entry<Offset, Map<String, Long>> e : byOffset.entrySet()) {
      if (e.getValue().size() < 2) continue;
      List<String> payloads = new ArrayList<>(e.getValue().keySet());
      List<String> parts = new ArrayList<>();
      e.getValue().forEach((p, op) -> parts.add(p + " (operation #" + op + ")"));
      String first = payloads.get(0);
      findings.add(verb + "@" + e.getKey(), new Anomaly(AnomalyType.OFFSET_MISMATCH, stream, first,
          writerOf.apply(first), List.of(e.getKey()), payloads.subList(1, payloads.size()),
          new ArrayList<>(e.getValue().values()), null, null,
          "offset " + e.getKey() + " " + verb + " different payloads in different views: " + String.join(", ", parts)));
    }
  }

  private static void duplicates(String stream, Map<String, Map<Offset, Long>> byPayload, String verb,
      Function<String, String> writerOf, Findings findings) {
    for (Map.Entry<String, Map<Offset, Long>> e : byPayload.entrySet()) {
      if (e.getValue().size() < 2) continue;
      String id = e.getKey();
      List<Offset> offsets = new ArrayList<>(e.getValue().keySet());
      findings.add(id, new Anomaly(AnomalyType.DUPLICATE, stream, id, writerOf.apply(id), offsets, List.of(),
          new ArrayList<>(e.getValue().values()), null, null, "payload " + id + " " + verb + " at " + offsets.size()
              + " different offsets: " + Findings.offsets(offsets) + " (operations " + e.getValue().values() + ")"));
    }
  }
}
