package io.streamcert.chaos.checker;

import io.streamcert.chaos.history.Offset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Collects anomalies, keeping one per key so that one fault seen by many reads is reported once. */
final class Findings {

  private final List<Anomaly> anomalies = new ArrayList<>();
  private final Set<String> keys = new HashSet<>();

  /** Adds the anomaly unless one with the same key was added; the key is type-specific. */
  void add(String key, Anomaly anomaly) {
    if (keys.add(anomaly.type() + "|" + anomaly.stream() + "|" + key)) anomalies.add(anomaly);
  }

  List<Anomaly> sorted() {
    List<Anomaly> out = new ArrayList<>(anomalies);
    out.sort(Comparator.comparing(Anomaly::type)
        .thenComparing(Anomaly::stream)
        .thenComparing(a -> a.completeNanos() == null ? Long.MAX_VALUE : a.completeNanos())
        .thenComparing(a -> a.payloadId() == null ? "" : a.payloadId())
        .thenComparing(Anomaly::explanation));
    return out;
  }

  /** Formats nanoseconds since the start as milliseconds, such as {@code 1234.568 ms}. */
  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  static String offsets(List<Offset> offsets) {
    List<String> s = new ArrayList<>();
    for (Offset o : offsets) s.add(o.value());
    return String.join(", ", s);
  }
}
