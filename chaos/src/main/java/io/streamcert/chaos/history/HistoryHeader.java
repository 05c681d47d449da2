package io.streamcert.chaos.history;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first line of a history: the format version, the wall-clock time at which the history's
 * monotonic clock read zero, and free-form labels such as the scenario and the seed.
 *
 * <p>Every time in a history is in nanoseconds since {@code startedAt}, read from one monotonic
 * clock; {@code startedAt} only places the run in calendar time.
 */
public record HistoryHeader(
    int format,
    @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class) Instant startedAt,
    Map<String, String> labels) implements HistoryLine {

  /** The format this code writes and reads. */
  public static final int FORMAT = 1;

  /** Validates the format and copies the labels, sorted by name. */
  public HistoryHeader {
    if (format != FORMAT) {
      throw new IllegalArgumentException("history format " + format + " is not supported; this streamcert reads format "
          + FORMAT + ". Use the streamcert version that recorded it");
    }
    if (startedAt == null) throw new IllegalArgumentException("a history header needs its start time");
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** A header in the current format. */
  public static HistoryHeader of(Instant startedAt, Map<String, String> labels) {
    return new HistoryHeader(FORMAT, startedAt, labels);
  }
}
