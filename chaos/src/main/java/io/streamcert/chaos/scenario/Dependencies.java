package io.streamcert.chaos.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The services a target runs on, started for a chaos run (its S3 store behind a fault gateway, its
 * PostgreSQL cluster), by type, so that scenarios which inject faults into them can reach them.
 * Immutable; {@link #with} returns a copy.
 */
public final class Dependencies {

  private static final Dependencies NONE = new Dependencies(Map.of());

  private final Map<Class<?>, Object> byType;

  private Dependencies(Map<Class<?>, Object> byType) {
    this.byType = byType;
  }

  /** No dependencies: a target that needs nothing, or one whose services the harness did not start. */
  public static Dependencies none() {
    return NONE;
  }

  /** Returns a copy that also holds {@code service} under {@code type}. */
  public <T> Dependencies with(Class<T> type, T service) {
    Map<Class<?>, Object> copy = new LinkedHashMap<>(byType);
    copy.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(service, "service"));
    return new Dependencies(Map.copyOf(copy));
  }

  /** Returns the service held under {@code type}, if any. */
  public <T> Optional<T> find(Class<T> type) {
    return Optional.ofNullable(type.cast(byType.get(type)));
  }

  /**
   * Returns the service held under {@code type}.
   *
   * @throws java.io.IOException naming the scenario, what it needs and how to get it, when absent
   */
  public <T> T require(Class<T> type, String scenario, String what) throws java.io.IOException {
    Optional<T> found = find(type);
    if (found.isEmpty()) {
      throw new java.io.IOException("the " + scenario + " scenario needs " + what
          + ", which the harness starts for the built-in reference server with --reference-storage tiered");
    }
    return found.get();
  }
}
