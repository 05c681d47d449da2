package io.streamcert.reports.scorecard;

import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Spells enum constants as the lower-case, hyphenated labels the scorecard's files use, and parses them back. */
final class Labels {

  private Labels() {}

  static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a label, ignoring case and accepting {@code _} or a space for {@code -}.
   *
   * @throws IllegalArgumentException naming the bad text and every accepted label
   */
  static <E extends Enum<E>> E parse(Class<E> type, String what, String text, Function<E, String> label) {
    if (text != null) {
      String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
      for (E e : type.getEnumConstants()) {
        if (label.apply(e).equalsIgnoreCase(key) || of(e).equals(key)) return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + text + "'; use one of " + list(type, label));
  }

  static <E extends Enum<E>> String list(Class<E> type, Function<E, String> label) {
    return Stream.of(type.getEnumConstants()).map(label).collect(Collectors.joining(", "));
  }
}
