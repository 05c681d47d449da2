package io.streamcert.scenarios.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A load shape to run at a constant rate: what each operation is ({@link #type}), how many per
 * second, for how long, and its sizes and concurrency. Read from YAML by {@link Workloads}, or
 * built with {@link #builder}; every problem is reported at once by {@link
 * InvalidWorkloadException}, each naming the field and the fix.
 *
 * <p>Defaults live in {@link Builder}; fields a type does not read keep their defaults and are
 * left out of {@link #settings()}.
 *
 * @param name lower-case name, like {@code append-100b-1-stream}
 * @param type what an operation is
 * @param description one line for humans
 * @param rate operations per second (the open-loop schedule's rate)
 * @param duration the measured window
 * @param warmup run before the window at the same rate, not measured
 * @param maxInFlight most operations running at once; when reached, later operations are sent
 *     late and their latency still counts from their intended time
 * @param timeout how long one operation (request) may take before it counts as an error
 * @param contentType the streams' content type
 * @param streams streams the operations go to, in turn
 * @param payloadSize bytes per append
 * @param readers readers per stream (fan-out types)
 * @param producers idempotent producers (idempotent-append)
 * @param streamBytes size of the stream to catch up on (catch-up)
 */
public record Workload(
    String name,
    WorkloadType type,
    String description,
    long rate,
    Duration duration,
    Duration warmup,
    int maxInFlight,
    Duration timeout,
    String contentType,
    int streams,
    long payloadSize,
    int readers,
    int producers,
    long streamBytes) {

  static final long MAX_RATE = 10_000_000L;
  static final long MAX_PAYLOAD = 64L << 20;
  static final long MAX_STREAM_BYTES = 16L << 30;
  static final Duration MAX_DURATION = Duration.ofHours(24);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?");

  public Workload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(contentType, "contentType");
    description = description == null ? "" : description;
    List<String> problems =
        problems(name, type, rate, duration, warmup, maxInFlight, timeout, contentType, streams,
            payloadSize, readers, producers, streamBytes);
    if (!problems.isEmpty()) throw new InvalidWorkloadException(name == null ? "(unnamed)" : name, problems);
  }

  /** Starts a workload of {@code type} named {@code name}, every other field at its default. */
  public static Builder builder(String name, WorkloadType type) {
    return new Builder(name, type);
  }

  public Builder toBuilder() {
    return new Builder(name, type)
        .description(description)
        .rate(rate)
        .duration(duration)
        .warmup(warmup)
        .maxInFlight(maxInFlight)
        .timeout(timeout)
        .contentType(contentType)
        .streams(streams)
        .payloadSize(payloadSize)
        .readers(readers)
        .producers(producers)
        .streamBytes(streamBytes);
  }

  /** This workload at another rate. */
  public Workload withRate(long newRate) {
    return toBuilder().rate(newRate).build();
  }

  /** This workload with another measured window and warm-up. */
  public Workload withTiming(Duration newDuration, Duration newWarmup) {
    return toBuilder().duration(newDuration).warmup(newWarmup).build();
  }

  /** The fields this type reads, with their YAML names and spellings, in file order. */
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("type", type.spelling());
    if (!description.isEmpty()) m.put("description", description);
    m.put("rate", rate);
    m.put("duration", Units.format(duration));
    m.put("warmup", Units.format(warmup));
    m.put("max-in-flight", maxInFlight);
    m.put("timeout", Units.format(timeout));
    m.put("content-type", contentType);
    if (type.uses("streams")) m.put("streams", streams);
    if (type.uses("payload-size")) m.put("payload-size", Units.formatSize(payloadSize));
    if (type.uses("readers")) m.put("readers", readers);
    if (type.uses("producers")) m.put("producers", producers);
    if (type.uses("stream-bytes")) m.put("stream-bytes", Units.formatSize(streamBytes));
    return m;
  }

  /** Operations the measured window holds (exact for the open-loop schedule). */
  public long measuredOperations() {
    return Schedule.of(rate, warmup, duration).measuredOps();
  }

  static List<String> problems(
      String name, WorkloadType type, long rate, Duration duration, Duration warmup,
      int maxInFlight, Duration timeout, String contentType, int streams, long payloadSize,
      int readers, int producers, long streamBytes) {
    List<String> p = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      p.add("name: '" + name + "' must be lower-case letters, digits, dots and dashes, like append-100b-1-stream");
    }
    if (rate < 1 || rate > MAX_RATE) {
      p.add("rate: was " + rate + " but must be between 1 and " + MAX_RATE
          + " operations per second, like rate: 1000");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      p.add("duration: was " + Units.format(duration) + " but must be between 1ms and 24h, like duration: 30s");
    } else if (rate >= 1 && rate <= MAX_RATE && !warmup.isNegative()
        && rate * (double) (duration.toNanos() + warmup.toNanos()) / 1e9 > 2e9) {
      p.add("rate: " + rate + " ops/s over " + Units.format(warmup.plus(duration))
          + " is more than 2 billion operations; shorten duration or lower rate");
    }
    if (warmup.isNegative() || warmup.compareTo(MAX_DURATION) > 0) {
      p.add("warmup: was " + Units.format(warmup) + " but must be between 0s and 24h, like warmup: 10s");
    }
    if (maxInFlight < 1 || maxInFlight > 100_000) {
      p.add("max-in-flight: was " + maxInFlight + " but must be between 1 and 100000, like max-in-flight: 256");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      p.add("timeout: was " + Units.format(timeout) + " but must be between 1ms and 10m, like timeout: 10s");
    }
    if (!MEDIA_TYPE.matcher(contentType).matches()) {
      p.add("content-type: '" + contentType + "' is not a media type; use type/subtype, like application/octet-stream");
    }
    if (type.uses("streams") && (streams < 1 || streams > 1_000_000)) {
      p.add("streams: was " + streams + " but must be between 1 and 1000000, like streams: 1");
    }
    if (type.uses("payload-size")) {
      long min = type.isFanout() ? Payloads.minStamped(contentType) : Payloads.minPlain(contentType);
      if (payloadSize < min || payloadSize > MAX_PAYLOAD) {
        String why = type.isFanout()
            ? " (fan-out messages carry a sequence number and send time"
                + (Payloads.isJson(contentType) ? " in a JSON object)" : ")")
            : Payloads.isJson(contentType) ? " (a JSON object padded to that size)" : "";
        p.add("payload-size: was " + Units.formatSize(payloadSize) + " but must be between " + min + "B"
            + why + " and 64MB, like payload-size: 100B");
      }
    }
    if (type.uses("readers") && (readers < 1 || readers > 100_000)) {
      p.add("readers: was " + readers + " but must be between 1 and 100000 readers per stream, like readers: 10");
    }
    if (type.uses("producers") && (producers < 1 || producers > 100_000)) {
      p.add("producers: was " + producers + " but must be between 1 and 100000, like producers: 16");
    }
    if (type.uses("stream-bytes")) {
      if (streamBytes < 1 || streamBytes > MAX_STREAM_BYTES) {
        p.add("stream-bytes: was " + Units.formatSize(streamBytes) + " but must be between 1B and 16GB, like stream-bytes: 64MB");
      } else if (payloadSize >= 1 && streamBytes < payloadSize) {
        p.add("stream-bytes: " + Units.formatSize(streamBytes) + " is less than one append of payload-size "
            + Units.formatSize(payloadSize) + "; raise stream-bytes or lower payload-size");
      }
    }
    return p;
  }

  /** Collects fields; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final String name;
    private final WorkloadType type;
    private String description = "";
    private long rate = 1000;
    private Duration duration = Duration.ofSeconds(30);
    private Duration warmup = Duration.ofSeconds(10);
    private int maxInFlight = 256;
    private Duration timeout = Duration.ofSeconds(10);
    private String contentType = "application/octet-stream";
    private int streams = 1;
    private long payloadSize = 100;
    private int readers = 10;
    private int producers = 16;
    private long streamBytes = 64L << 20;

    private Builder(String name, WorkloadType type) {
      this.name = name;
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder description(String v) { this.description = v; return this; }
    /** Operations per second; default 1000. */
    public Builder rate(long v) { this.rate = v; return this; }
    /** The measured window; default 30s. */
    public Builder duration(Duration v) { this.duration = v; return this; }
    /** Unmeasured run-in at the same rate; default 10s. */
    public Builder warmup(Duration v) { this.warmup = v; return this; }
    /** Default 256. */
    public Builder maxInFlight(int v) { this.maxInFlight = v; return this; }
    /** Per operation; default 10s. */
    public Builder timeout(Duration v) { this.timeout = v; return this; }
    /** Default application/octet-stream. */
    public Builder contentType(String v) { this.contentType = v; return this; }
    /** Default 1. */
    public Builder streams(int v) { this.streams = v; return this; }
    /** Bytes per append; default 100. */
    public Builder payloadSize(long v) { this.payloadSize = v; return this; }
    /** Readers per stream of fan-out types; default 10. */
    public Builder readers(int v) { this.readers = v; return this; }
    /** Idempotent producers; default 16. */
    public Builder producers(int v) { this.producers = v; return this; }
    /** Size of the catch-up stream; default 64MB. */
    public Builder streamBytes(long v) { this.streamBytes = v; return this; }

    /** @throws InvalidWorkloadException listing every invalid field */
    public Workload build() {
      return new Workload(name, type, description, rate, duration, warmup, maxInFlight, timeout,
          contentType, streams, payloadSize, readers, producers, streamBytes);
    }
  }
}
