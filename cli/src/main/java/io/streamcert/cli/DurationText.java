package io.streamcert.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts durations between {@link Duration} and the text operators type, such as {@code 500ms},
 * {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT30S}.
 *
 * <p>A unit is required: a bare {@code 30} could mean seconds or milliseconds, and guessing wrong
 * turns a 30 s timeout into a 30 ms one.
 */
final class DurationText {

  private static final Pattern SHORT =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

  private DurationText() {}

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} (units in any case) or an ISO-8601
   * duration such as {@code PT1M30S}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms, also when the
   *     duration is too long to count in milliseconds
   */
  static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Duration parsed = shortForm(trimmed);
    if (parsed == null) {
      parsed = isoForm(trimmed);
    }
    if (parsed == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a number and a unit (ms, s, m, h) like 500ms"
              + " or 30s, or ISO-8601 like PT30S");
    }
    try {
      // Settings are checked and reported in milliseconds; reject what that cannot express.
      parsed.toMillis();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
    return parsed;
  }

  /**
   * Reads the value of a duration option that must be more than zero, such as
   * {@code --check-timeout}: {@code fallback} when the option was not given; on text that is not a
   * positive duration, a line naming the option, the value and the fix goes to {@code problems} and
   * the answer is {@code fallback}, so a command can report every bad option at once.
   */
  static Duration positiveOption(List<String> problems, String option, String text, Duration fallback) {
    return option(problems, option, text, fallback, false, "a positive duration like 500ms or 30s");
  }

  /** Like {@link #positiveOption}, for an option where zero means none, such as {@code --warmup}. */
  static Duration nonNegativeOption(List<String> problems, String option, String text, Duration fallback) {
    return option(problems, option, text, fallback, true, "a duration like 0s or 10s");
  }

  private static Duration option(List<String> problems, String option, String text, Duration fallback,
      boolean zeroAllowed, String fix) {
    if (text == null) return fallback;
    try {
      Duration d = parse(text);
      if (!d.isNegative() && (zeroAllowed || !d.isZero())) return d;
    } catch (IllegalArgumentException e) {
      // reported below, in the option's terms
    }
    problems.add(option + " was '" + text + "' but must be " + fix);
    return fallback;
  }

  /**
   * Formats a duration in the largest whole unit that {@link #parse} reads back to the same value,
   * such as {@code 30s} for 30 seconds or {@code 90s} for 90 seconds.
   */
  static String format(Duration duration) {
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
    if (millis != 0 && millis % 60_000 == 0) return millis / 60_000 + "m";
    if (millis != 0 && millis % 1_000 == 0) return millis / 1_000 + "s";
    return millis + "ms";
  }

  private static Duration shortForm(String text) {
    Matcher m = SHORT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
  }

  private static Duration isoForm(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
