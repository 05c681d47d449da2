package io.streamcert.reference.stream;

/**
 * Observes committed changes to streams (the subscription engine listens here). Called after the
 * change is durable and outside every stream lock, on the thread that made the change; paths are
 * the full request paths (such as {@code /v1/stream/events/a}).
 */
public interface StreamEvents {

  /** A stream was created; its own data starts at {@code start} and ends at {@code tail}. */
  default void created(String path, long start, long tail) {}

  /** Data (or a closure) was appended: the tail moved from {@code before} to {@code tail}. */
  default void appended(String path, long before, long tail) {}

  /** A stream was deleted (or expired, or soft-deleted for its forks). */
  default void deleted(String path) {}

  StreamEvents NONE = new StreamEvents() {};
}
