package io.streamcert.reference.storage;

import java.time.Duration;
import java.util.Locale;

/**
 * When the file store forces appended data to disk, and so what a crash can cost.
 *
 * <ul>
 *   <li>{@code always} (default): an append is acknowledged only after an fsync that covers it;
 *       concurrent appends share one fsync round (group commit). A crash loses nothing
 *       acknowledged.
 *   <li>{@code interval:<duration>}: data is forced every interval and appends are acknowledged at
 *       once; a crash of the machine (not only the process) can lose up to one interval of
 *       acknowledged appends.
 *   <li>{@code never}: the operating system decides; a machine crash can lose any acknowledged
 *       append not yet written back. A process crash alone loses nothing, since the data is in the
 *       page cache.
 * </ul>
 */
public record FsyncPolicy(Mode mode, Duration interval) {

  public enum Mode { ALWAYS, INTERVAL, NEVER }

  public static final FsyncPolicy ALWAYS = new FsyncPolicy(Mode.ALWAYS, null);
  public static final FsyncPolicy NEVER = new FsyncPolicy(Mode.NEVER, null);

  public FsyncPolicy {
    if (mode == Mode.INTERVAL && (interval == null || interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException("an fsync interval must be positive");
    }
  }

  /**
   * Parses {@code always}, {@code never} or {@code interval:<duration>} with the duration as a
   * number and unit ({@code ms}, {@code s}, {@code m}).
   */
  public static FsyncPolicy parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("always")) return ALWAYS;
    if (t.equals("never")) return NEVER;
    if (t.startsWith("interval:")) {
      String d = t.substring("interval:".length());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(d);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration dur = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMinutes(n);
        };
        if (!dur.isZero()) return new FsyncPolicy(Mode.INTERVAL, dur);
      }
    }
    throw new IllegalArgumentException(
        "--fsync was '" + text + "' but must be always, never or interval:<duration> like interval:100ms");
  }

  /** What a crash can cost under this policy, for the startup line and reports. */
  public String risk() {
    return switch (mode) {
      case ALWAYS -> "an append is acknowledged after an fsync (group commit); a crash loses nothing acknowledged";
      case INTERVAL -> "fsync every " + interval.toMillis() + "ms; a machine crash can lose up to that much acknowledged data";
      case NEVER -> "no fsync; a machine crash can lose acknowledged data the OS had not written back";
    };
  }

  @Override
  public String toString() {
    return mode == Mode.INTERVAL ? "interval:" + interval.toMillis() + "ms" : mode.name().toLowerCase(Locale.ROOT);
  }
}
