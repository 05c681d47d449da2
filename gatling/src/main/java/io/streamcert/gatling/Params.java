package io.streamcert.gatling;

import io.streamcert.scenarios.driver.Workload;
import io.streamcert.scenarios.driver.WorkloadType;
import io.streamcert.scenarios.driver.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulation's settings, read from system properties (so that {@code mvn gatling:test -Dname=value}
 * and {@link GatlingLoad}'s child JVM set them the same way). The workload names the load shape and
 * gives every default; the other properties override single fields of it.
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>Property</th><th>Meaning</th></tr>
 *   <tr><td>{@code target}</td><td>stream base URL, default {@value #DEFAULT_TARGET}</td></tr>
 *   <tr><td>{@code workload}</td><td>built-in workload name or workload file path</td></tr>
 *   <tr><td>{@code rate}, {@code duration}, {@code warmup}, {@code timeout}</td><td>ops/s and durations ({@code 30s})</td></tr>
 *   <tr><td>{@code streams}, {@code payloadSize}, {@code readers}, {@code producers}, {@code streamBytes}, {@code contentType}</td><td>the workload's sizes and counts</td></tr>
 *   <tr><td>{@code p99}, {@code maxErrorPercent}</td><td>the assertions (gates): p99 in whole milliseconds ({@code 10ms}), failed share in percent</td></tr>
 * </table>
 */
final class Params {

  static final String DEFAULT_TARGET = "http://127.0.0.1:4437/v1/stream/";
  static final String DEFAULT_PATH = "/v1/stream/";

  /** The workload fields a system property may override, in the order they are applied. */
  static final List<String> OVERRIDES =
      List.of("rate", "duration", "warmup", "timeout", "streams", "payloadSize", "readers", "producers",
          "streamBytes", "contentType");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB)?");

  final String origin;
  final String streamPath;
  final Workload workload;
  final long p99Millis;
  final double maxErrorPercent;
  final String runId;

  private Params(String origin, String streamPath, Workload workload, long p99Millis, double maxErrorPercent) {
    this.origin = origin;
    this.streamPath = streamPath;
    this.workload = workload;
    this.p99Millis = p99Millis;
    this.maxErrorPercent = maxErrorPercent;
    this.runId = Long.toString(System.currentTimeMillis(), 36) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** Reads the JVM's system properties; {@code type} is what the simulation runs. */
  static Params fromSystemProperties(WorkloadType type, String defaultWorkload) {
    Map<String, String> props = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) props.put(name, System.getProperty(name));
    return from(props, type, defaultWorkload);
  }

  /**
   * Reads {@code props}.
   *
   * @throws IllegalArgumentException listing every bad property, naming the value and the fix
   */
  static Params from(Map<String, String> props, WorkloadType type, String defaultWorkload) {
    List<String> problems = new ArrayList<>();
    String target = props.getOrDefault("target", DEFAULT_TARGET).trim();
    URI uri = null;
    try {
      uri = URI.create(target);
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        uri = null;
      }
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null) {
      problems.add("target was '" + target + "' but must be an http URL like " + DEFAULT_TARGET);
    }

    String name = props.getOrDefault("workload", defaultWorkload).trim();
    Workload base = null;
    try {
      base = Workloads.resolve(name);
    } catch (IllegalArgumentException e) {
      problems.add("workload: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read workload " + name, e);
    }
    if (base != null && base.type() != type) {
      problems.add("workload '" + name + "' is of type " + base.type().spelling() + " but this simulation runs "
          + type.spelling() + "; pick the simulation for " + base.type().spelling() + " (see gatling/README.md)");
      base = null;
    }

    Workload workload = null;
    if (base != null) {
      Workload.Builder b = base.toBuilder();
      longProp(props, "rate", problems, v -> b.rate(v));
      durationProp(props, "duration", problems, b::duration);
      durationProp(props, "warmup", problems, b::warmup);
      durationProp(props, "timeout", problems, b::timeout);
      longProp(props, "streams", problems, v -> b.streams(Math.toIntExact(Math.min(v, Integer.MAX_VALUE))));
      sizeProp(props, "payloadSize", problems, b::payloadSize);
      longProp(props, "readers", problems, v -> b.readers(Math.toIntExact(Math.min(v, Integer.MAX_VALUE))));
      longProp(props, "producers", problems, v -> b.producers(Math.toIntExact(Math.min(v, Integer.MAX_VALUE))));
      sizeProp(props, "streamBytes", problems, b::streamBytes);
      if (props.containsKey("contentType")) b.contentType(props.get("contentType").trim());
      if (problems.isEmpty()) {
        try {
          workload = b.build();
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }

    long p99 = 10;
    if (props.containsKey("p99")) {
      Duration d = parseDuration(props.get("p99"));
      if (d == null || d.toMillis() < 1) {
        problems.add("p99 was '" + props.get("p99") + "' but must be a duration of at least 1ms, like 10ms"
            + " (Gatling measures whole milliseconds)");
      } else {
        p99 = d.toMillis();
      }
    }
    double maxErrors = 0.1;
    if (props.containsKey("maxErrorPercent")) {
      try {
        maxErrors = Double.parseDouble(props.get("maxErrorPercent").trim());
        if (!(maxErrors >= 0 && maxErrors <= 100)) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        problems.add("maxErrorPercent was '" + props.get("maxErrorPercent") + "' but must be a percentage in"
            + " [0, 100], like 0.1");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad simulation settings:\n  " + String.join("\n  ", problems));
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) path = DEFAULT_PATH;
    if (!path.endsWith("/")) path = path + "/";
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    return new Params(origin, path, workload, p99, maxErrors);
  }

  /** The system properties that make a child JVM's simulation run {@code w} with these gates. */
  static Map<String, String> toProperties(URI target, Workload w, long p99Millis, double maxErrorPercent) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("target", target.toString());
    m.put("workload", defaultWorkload(w.type()));
    m.put("rate", Long.toString(w.rate()));
    m.put("duration", w.duration().toMillis() + "ms");
    m.put("warmup", w.warmup().toMillis() + "ms");
    m.put("timeout", w.timeout().toMillis() + "ms");
    m.put("streams", Integer.toString(w.streams()));
    m.put("payloadSize", Long.toString(w.payloadSize()));
    m.put("readers", Integer.toString(w.readers()));
    m.put("producers", Integer.toString(w.producers()));
    m.put("streamBytes", Long.toString(w.streamBytes()));
    m.put("contentType", w.contentType());
    m.put("p99", p99Millis + "ms");
    m.put("maxErrorPercent", Double.toString(maxErrorPercent));
    return m;
  }

  /** The built-in workload whose shape a type's simulation takes by default. */
  static String defaultWorkload(WorkloadType type) {
    return switch (type) {
      case APPEND -> "append-100b-1-stream";
      case IDEMPOTENT_APPEND -> "idempotent-producers";
      case CREATE -> "create-storm";
      case FANOUT_LONG_POLL -> "fanout-long-poll";
      case FANOUT_SSE -> "fanout-sse";
      case CATCH_UP -> "catch-up-storm";
    };
  }

  String streamUrlPath(String streamName) {
    return streamPath + streamName;
  }

  String streamName(int k) {
    return "gatling-" + runId + "-" + k;
  }

  static Duration parseDuration(String text) {
    if (text == null) return null;
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) return null;
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static Long parseSize(String text) {
    if (text == null) return null;
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) return null;
    try {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "B" : m.group(2);
      int shift = switch (unit) {
        case "KB" -> 10;
        case "MB" -> 20;
        case "GB" -> 30;
        default -> 0;
      };
      if (shift > 0 && n > (Long.MAX_VALUE >> shift)) return null;
      return n << shift;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void longProp(Map<String, String> props, String name, List<String> problems,
      java.util.function.LongConsumer set) {
    if (!props.containsKey(name)) return;
    String v = props.get(name).trim();
    try {
      long n = Long.parseLong(v);
      if (n < 0) throw new NumberFormatException();
      set.accept(n);
    } catch (NumberFormatException e) {
      problems.add(name + " was '" + v + "' but must be a whole number, like 100");
    }
  }

  private static void durationProp(Map<String, String> props, String name, List<String> problems,
      Function<Duration, ?> set) {
    if (!props.containsKey(name)) return;
    Duration d = parseDuration(props.get(name));
    if (d == null) {
      problems.add(name + " was '" + props.get(name) + "' but must be a duration with a unit, like 500ms, 30s or 2m");
    } else {
      set.apply(d);
    }
  }

  private static void sizeProp(Map<String, String> props, String name, List<String> problems,
      Function<Long, ?> set) {
    if (!props.containsKey(name)) return;
    Long n = parseSize(props.get(name));
    if (n == null) {
      problems.add(name + " was '" + props.get(name) + "' but must be a size in bytes, like 100, 64KB or 1MB");
    } else {
      set.apply(n);
    }
  }
}
