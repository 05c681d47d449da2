package io.streamcert.reports.scorecard;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the scorecard's records; each message names the field and the bad value. */
final class Values {

  private Values() {}

  /** Returns {@code value} if it is present and not blank. */
  static String text(String value, String field) {
    Objects.requireNonNull(value, field + " is required");
    if (value.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
    return value;
  }

  /** Like {@link #text} but also allows null (absent). */
  static String optionalText(String value, String field) {
    if (value == null) return null;
    if (value.isBlank()) throw new IllegalArgumentException(field + " was blank; leave it out instead");
    return value;
  }

  /** Returns an unmodifiable copy with no null elements. */
  static <T> List<T> list(List<T> values, String field) {
    if (values == null) return List.of();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) throw new NullPointerException(field + "[" + i + "] is null");
    }
    return List.copyOf(values);
  }

  /** Returns {@code value} if it has no control characters (line breaks included). */
  static String singleLine(String value, String field) {
    if (value != null && value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " '" + value.replaceAll("\\p{Cntrl}", "?") + "' must not contain control characters or line breaks");
    }
    return value;
  }

  static double finite(double value, String field) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " was " + value + " but must be a finite number");
    return value;
  }
}
