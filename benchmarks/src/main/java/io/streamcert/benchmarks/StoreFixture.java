package io.streamcert.benchmarks;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.storage.FsyncPolicy;
import io.streamcert.reference.storage.StreamStore;
import io.streamcert.reference.stream.CreateRequest;
import io.streamcert.reference.stream.Streams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The protocol engine over a storage engine, opened from a benchmark's {@code store} parameter the
 * way the server opens it from {@code --storage} and {@code --fsync}: {@code memory}, {@code file}
 * (the server's default fsync, {@code always}) or {@code file:<fsync>} such as {@code file:never}
 * or {@code file:interval:100ms}. A file store lives in a new directory under {@code
 * java.io.tmpdir}, which {@link #close()} deletes.
 */
final class StoreFixture implements AutoCloseable {

  static final String CONTENT_TYPE = "application/octet-stream";

  private final StreamStore store;
  private final Path dataDir;
  private final Streams streams;

  private StoreFixture(StreamStore store, Path dataDir) {
    this.store = store;
    this.dataDir = dataDir;
    this.streams = new Streams(store, System::currentTimeMillis);
  }

  /**
   * Opens an empty store.
   *
   * @throws IllegalArgumentException when the spec names no storage the server knows, or gives an
   *     fsync policy to a store that has none
   * @throws IOException when the file store's directory cannot be created or opened
   */
  static StoreFixture open(String spec) throws IOException {
    int colon = spec.indexOf(':');
    ServerConfig.Storage kind = ServerConfig.Storage.parse(colon < 0 ? spec : spec.substring(0, colon));
    ServerConfig.Builder builder = ServerConfig.builder().storage(kind);
    if (colon >= 0) {
      if (kind != ServerConfig.Storage.FILE) {
        throw new IllegalArgumentException(
            "store was '" + spec + "' but only file takes an fsync policy; use " + kind + " alone");
      }
      builder.fsync(FsyncPolicy.parse(spec.substring(colon + 1)));
    }
    Path dir = kind == ServerConfig.Storage.FILE ? Files.createTempDirectory("streamcert-bench-") : null;
    ServerConfig config = builder.dataDir(dir).build();
    StreamStore store = ReferenceServer.openStore(config);
    return new StoreFixture(store, dir);
  }

  Streams streams() {
    return streams;
  }

  /** The file store's data directory, or null for memory. */
  Path dataDir() {
    return dataDir;
  }

  /** Replaces whatever stream is at {@code path} with a new, empty one. */
  void freshStream(String path) {
    try {
      streams.delete(path);
    } catch (ProtocolException e) {
      if (e.status() != 404) throw e; // 404: nothing to replace yet
    }
    streams.create(new CreateRequest(path, CONTENT_TYPE, Lifetime.NONE, false, new byte[0], null, null, null));
  }

  /** Closes the store and deletes its data directory. */
  @Override
  public void close() {
    store.close();
    if (dataDir == null) return;
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the benchmark's data directory " + dataDir, e);
    }
  }
}
