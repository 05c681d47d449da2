package io.streamcert.conformance.kit;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A protocol feature a target may declare. The spec lets a server implement a subset; checks of an
 * undeclared feature are reported not-applicable, never passed. {@link #CORE} is always required.
 */
public enum Feature {
  CORE,
  JSON,
  LONG_POLL,
  SSE,
  IDEMPOTENT_PRODUCER,
  CLOSURE,
  FORK,
  TTL,
  CACHING,
  SECURITY_HEADERS,
  SUBSCRIPTIONS;

  /** The spelling used in catalogs, flags and reports ({@code long-poll}, {@code idempotent-producer}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a label such as {@code long-poll}. */
  public static Feature parse(String label) {
    String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Feature f : values()) {
      if (f.name().equals(key)) return f;
    }
    throw new IllegalArgumentException("unknown feature '" + label + "'; known features: " + labels(EnumSet.allOf(Feature.class)));
  }

  /** Parses a comma-separated list; {@code core} is added when missing. */
  public static Set<Feature> parseList(String list) {
    EnumSet<Feature> out = EnumSet.of(CORE);
    if (list == null || list.isBlank()) return out;
    for (String part : list.split(",")) {
      if (!part.isBlank()) out.add(parse(part));
    }
    return out;
  }

  /** Every feature but subscriptions, which is opt-in as in the official suite. */
  public static Set<Feature> defaults() {
    EnumSet<Feature> all = EnumSet.allOf(Feature.class);
    all.remove(SUBSCRIPTIONS);
    return all;
  }

  public static String labels(Set<Feature> features) {
    StringBuilder sb = new StringBuilder();
    for (Feature f : features) {
      if (sb.length() > 0) sb.append(',');
      sb.append(f.label());
    }
    return sb.toString();
  }
}
