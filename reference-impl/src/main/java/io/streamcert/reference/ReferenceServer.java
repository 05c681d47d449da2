package io.streamcert.reference;

import java.io.IOException;
import java.net.URI;

/**
 * The reference Durable Streams server: streams live under {@value #STREAM_ROOT} on one HTTP port.
 *
 * <p>{@link #start(ServerConfig)} binds and returns once the server accepts connections; {@link
 * #close()} stops accepting, ends live readers and releases the port.
 */
public final class ReferenceServer implements AutoCloseable {

  /** The path prefix under which every stream URL lives. */
  public static final String STREAM_ROOT = "/v1/stream/";

  private final ServerConfig config;
  private final int port;

  private ReferenceServer(ServerConfig config, int port) {
    this.config = config;
    this.port = port;
  }

  /**
   * Starts a server with the given settings.
   *
   * @throws IOException when the address cannot be bound (for example, the port is taken)
   */
  public static ReferenceServer start(ServerConfig config) throws IOException {
    throw new IOException("not yet implemented");
  }

  /** The port the server listens on (the real one when the config asked for port 0). */
  public int port() {
    return port;
  }

  /** The origin, such as {@code http://127.0.0.1:4437}; stream URLs are this plus {@link #STREAM_ROOT}. */
  public URI baseUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port);
  }

  public ServerConfig config() {
    return config;
  }

  @Override
  public void close() {}
}
