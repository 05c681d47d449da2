package io.streamcert.reference.subs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where subscription state lives: one JSON document per subscription (configuration, links and
 * acked offsets, wake, lease and retry schedule) plus named secrets (the webhook signing key and the
 * token secret). {@link #save} returns only once the state is as durable as the store promises.
 */
public interface SubscriptionStore extends AutoCloseable {

  /** Every saved subscription, as written by {@link #save}. */
  List<Map<String, Object>> load() throws IOException;

  /** Replaces the state of one subscription. */
  void save(String id, Map<String, Object> state) throws IOException;

  /** Forgets one subscription; absent ids are ignored. */
  void delete(String id) throws IOException;

  /** Returns the named secret, creating and keeping it with {@code create} when absent. */
  byte[] secret(String name, Supplier<byte[]> create) throws IOException;

  /** Returns the named secret, or null when there is none; creates nothing. */
  byte[] findSecret(String name) throws IOException;

  /**
   * Replaces (or creates) the named secret as one atomic step: afterwards the old value is gone
   * from the store, and a crash leaves either the old or the new value.
   */
  void putSecret(String name, byte[] value) throws IOException;

  /** Where the named secret is kept, for error messages (a file path, or a description). */
  default String whereIs(String name) {
    return "the secret " + name;
  }

  @Override
  default void close() {}
}
