package io.streamcert.client.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One header field line, sent or received: a name and a value, in the casing and order they had.
 *
 * <p>Nothing else is checked, so that a request can carry names and values a real client would
 * refuse (empty names, spaces before the colon, control characters).
 */
public record RawHeader(String name, String value) {

  public RawHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** Tells whether this header has the given name, compared case-insensitively as HTTP requires. */
  public boolean hasName(String other) {
    return name.equalsIgnoreCase(other);
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }

  static Optional<String> first(List<RawHeader> headers, String name) {
    for (RawHeader h : headers) {
      if (h.hasName(name)) return Optional.of(h.value);
    }
    return Optional.empty();
  }

  static List<String> all(List<RawHeader> headers, String name) {
    List<String> values = new ArrayList<>();
    for (RawHeader h : headers) {
      if (h.hasName(name)) values.add(h.value);
    }
    return List.copyOf(values);
  }
}
