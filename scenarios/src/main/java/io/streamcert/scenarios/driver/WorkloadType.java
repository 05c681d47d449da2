package io.streamcert.scenarios.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a workload's scheduled operation is, and which workload fields it reads. */
public enum WorkloadType {

  /** Each operation appends {@code payload-size} bytes to one of {@code streams} streams, in turn. */
  APPEND("append", List.of("streams", "payload-size")),

  /**
   * Each operation appends with idempotent-producer headers; {@code producers} producers take
   * operations in turn, each with at most one append in flight (the protocol needs sequence numbers
   * in order), spread over {@code streams} streams.
   */
  IDEMPOTENT_APPEND("idempotent-append", List.of("streams", "payload-size", "producers")),

  /** Each operation creates a new stream (PUT). */
  CREATE("create", List.of()),

  /**
   * Each operation appends a stamped message; {@code readers} long-poll readers per stream measure
   * the time from the append's intended send to delivery.
   */
  FANOUT_LONG_POLL("fanout-long-poll", List.of("streams", "payload-size", "readers")),

  /** As {@link #FANOUT_LONG_POLL} with SSE readers. */
  FANOUT_SSE("fanout-sse", List.of("streams", "payload-size", "readers")),

  /**
   * Each operation is one reader that reads a stream of {@code stream-bytes} (filled with appends
   * of {@code payload-size}) from offset {@code -1} to its tail, following {@code
   * Stream-Next-Offset}; readers arrive at {@code rate} per second.
   */
  CATCH_UP("catch-up", List.of("payload-size", "stream-bytes"));

  /** Fields every type reads. */
  static final List<String> COMMON_FIELDS =
      List.of(
          "name", "type", "description", "rate", "duration", "warmup", "max-in-flight", "timeout",
          "content-type");

  private final String spelling;
  private final List<String> fields;

  WorkloadType(String spelling, List<String> fields) {
    this.spelling = spelling;
    this.fields = fields;
  }

  /** The name used in workload files, like {@code fanout-long-poll}. */
  public String spelling() {
    return spelling;
  }

  /** The type-specific fields this type reads, beyond {@link #COMMON_FIELDS}. */
  List<String> fields() {
    return fields;
  }

  boolean uses(String field) {
    return COMMON_FIELDS.contains(field) || fields.contains(field);
  }

  /** Whether operations carry a sequence number and send time that readers decode. */
  boolean isFanout() {
    return this == FANOUT_LONG_POLL || this == FANOUT_SSE;
  }

  /** Parses a spelling such as {@code append}; case-insensitive. */
  static WorkloadType parse(String text) {
    for (WorkloadType t : values()) {
      if (t.spelling.equalsIgnoreCase(text == null ? "" : text.trim())) return t;
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a workload type; use one of " + spellings());
  }

  static String spellings() {
    return Arrays.stream(values()).map(WorkloadType::spelling).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return spelling.toLowerCase(Locale.ROOT);
  }
}
