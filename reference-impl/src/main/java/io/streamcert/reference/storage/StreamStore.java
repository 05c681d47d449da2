package io.streamcert.reference.storage;

/**
 * The storage SPI: where streams' own data (and, for durable stores, the state each append
 * changes) is kept. The protocol engine owns every rule; a store only keeps records.
 *
 * <p>Implementations must let {@link StreamLog#read} run concurrently with {@link
 * StreamLog#append}; appends to one log are serialized by the caller.
 */
public interface StreamStore extends AutoCloseable {

  /** A short name for reports and the startup line, such as {@code memory}. */
  String kind();

  /** Opens a new, empty log for a stream whose own data starts at {@code startPosition}. */
  StreamLog create(StreamDescriptor descriptor, long startPosition);

  /**
   * Returns the streams a durable store holds from an earlier run, in creation order (a fork after
   * its source); a memory store returns none. Called once, before the server takes requests.
   */
  default java.util.List<RecoveredStream> recover() {
    return java.util.List.of();
  }

  /** The largest stream id recovered, so new ids never collide with old ones. */
  default long maxRecoveredId() {
    return 0;
  }

  /** One line on how durable acknowledged writes are (for the startup line and reports). */
  default String durability() {
    return "none: data lives in memory and is lost when the process ends";
  }

  /**
   * Tells whether {@link StreamLog#awaitDurable} blocks (an fsync per acknowledged write). The
   * server then runs writes off its event loops, so that one waiting writer does not stall every
   * connection of its loop and concurrent writers can share one fsync round (group commit).
   */
  default boolean waitsForDurability() {
    return false;
  }

  /**
   * Tells whether a read may wait on something slow, such as fetching a segment from S3 with
   * retries. The server then runs each connection's reads off its event loop, so that one slow read
   * does not stall every connection of its loop.
   */
  default boolean readsMayBlock() {
    return false;
  }

  /** Problems found at start or since (corrupt records), for the health endpoint; empty when sound. */
  default java.util.List<String> problems() {
    return java.util.List.of();
  }

  /**
   * Structured health details for {@code /health?format=json} (dependencies, breakers, backlogs);
   * empty for stores without dependencies.
   */
  default java.util.Map<String, Object> health() {
    return java.util.Map.of();
  }

  /** Gauges and counters for {@code /metrics}, by Prometheus name; empty when the store has none. */
  default java.util.Map<String, Number> metrics() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
