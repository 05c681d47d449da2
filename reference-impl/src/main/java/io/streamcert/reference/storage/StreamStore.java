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

  @Override
  void close();
}
