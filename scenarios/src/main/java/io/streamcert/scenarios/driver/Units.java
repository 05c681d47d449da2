package io.streamcert.scenarios.driver;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the durations and sizes of workload files: {@code 500ms}, {@code 30s}, {@code
 * 2m}, {@code 1h} (or ISO-8601 like {@code PT30S}); {@code 100}, {@code 100B}, {@code 64KB},
 * {@code 1MB} with binary multiples (1KB = 1024 bytes), as the reference server reads sizes.
 */
final class Units {

  static final String DURATION_FIX = "use a number with a unit, like 500ms, 30s or 2m";
  static final String SIZE_FIX = "use a byte count or a number with a unit, like 100, 64KB or 1MB";

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,15})\\s*(B|KB|KIB|K|MB|MIB|M|GB|GIB|G)?", Pattern.CASE_INSENSITIVE);

  private Units() {}

  /** Parses a duration; a bare number is rejected because seconds and milliseconds are both plausible. */
  static Duration duration(String text) {
    String t = text == null ? "" : text.trim();
    Matcher m = DURATION.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(t);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; " + DURATION_FIX, e);
    }
  }

  /** Parses a size in bytes. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size; " + SIZE_FIX);
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "B" -> 1L;
          case "K", "KB", "KIB" -> 1L << 10;
          case "M", "MB", "MIB" -> 1L << 20;
          default -> 1L << 30;
        };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size", e);
    }
  }

  /** Formats {@code d} in the largest whole unit {@link #duration} reads back, like {@code 30s}. */
  static String format(Duration d) {
    if (d.getNano() % 1_000_000 != 0) return d.toString();
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms != 0 && ms % 1_000 == 0) return ms / 1_000 + "s";
    return ms + "ms";
  }

  /** Formats a byte count in the largest whole binary unit, like {@code 1MB} or {@code 100B}. */
  static String formatSize(long bytes) {
    if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "GB";
    if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "MB";
    if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "KB";
    return bytes + "B";
  }

  /** Formats nanoseconds as milliseconds with three decimals, like {@code 1.234ms}. */
  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
  }
}
