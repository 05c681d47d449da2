package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A position in one stream's offset space, as the server wrote it in {@code Stream-Next-Offset} or
 * as a reader sent it in {@code ?offset=}.
 *
 * <p>The protocol makes offsets opaque but lexicographically sortable within a stream, so two
 * concrete offsets compare as text. The sentinels {@code -1} (the beginning) and {@code now} (the
 * tail) are never minted by a server; they sort before and after every concrete offset. Offsets
 * of different streams must not be compared.
 */
public record Offset(String value) implements Comparable<Offset> {

  /** The sentinel {@code -1}: the beginning of the stream. */
  public static final Offset BEGINNING = new Offset("-1");

  /** The sentinel {@code now}: the tail of the stream at the time of the request. */
  public static final Offset NOW = new Offset("now");

  /** Validates that the text could be an offset: non-empty and free of {@code , & = ? /} and whitespace. */
  public Offset {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("an offset must not be empty; use -1 for the beginning of a stream");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '&' || c == '=' || c == '?' || c == '/' || c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("offset '" + abbreviate(value) + "' contains '" + printable(c)
            + "', which the protocol forbids in offsets; record the Stream-Next-Offset header value unchanged");
      }
    }
  }

  /** Returns the offset with this text; {@code -1} and {@code now} give the sentinels. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Offset of(String value) {
    if (BEGINNING.value.equals(value)) return BEGINNING;
    if (NOW.value.equals(value)) return NOW;
    return new Offset(value);
  }

  /** The offset's text as it appears on the wire. */
  @JsonValue
  @Override
  public String value() {
    return value;
  }

  /** Whether this is {@code -1} or {@code now} rather than an offset a server minted. */
  public boolean isSentinel() {
    return value.equals(BEGINNING.value) || value.equals(NOW.value);
  }

  /** Whether this is an offset a server minted, as opposed to a sentinel. */
  public boolean isConcrete() {
    return !isSentinel();
  }

  /** Orders {@code -1} first, then concrete offsets as text, then {@code now}. */
  @Override
  public int compareTo(Offset o) {
    int a = rank();
    int b = o.rank();
    if (a != b) return Integer.compare(a, b);
    return a == 1 ? value.compareTo(o.value) : 0;
  }

  private int rank() {
    if (value.equals(BEGINNING.value)) return 0;
    if (value.equals(NOW.value)) return 2;
    return 1;
  }

  @Override
  public String toString() {
    return value;
  }

  private static String printable(char c) {
    return c <= ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
