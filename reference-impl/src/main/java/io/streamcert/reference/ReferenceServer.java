package io.streamcert.reference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcert.reference.http.HttpServerPipeline;
import io.streamcert.reference.storage.FileStore;
import io.streamcert.reference.storage.MemoryStore;
import io.streamcert.reference.storage.StreamStore;
import io.streamcert.reference.stream.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The reference Durable Streams server: streams live under {@value #STREAM_ROOT} on one HTTP port.
 *
 * <p>{@link #start(ServerConfig)} binds and returns once the server accepts connections; {@link
 * #close()} stops accepting, ends live readers and releases the port. Netty runs the I/O on as
 * many event-loop threads as there are cores (epoll where the platform offers it); long-poll and
 * SSE readers wait on those loops without holding a thread each.
 */
public final class ReferenceServer implements AutoCloseable {

  /** The path prefix under which every stream URL lives. */
  public static final String STREAM_ROOT = "/v1/stream/";

  private final ServerConfig config;
  private final int port;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final StreamStore store;
  private final Streams streams;
  private final ScheduledFuture<?> sweeper;

  private ReferenceServer(ServerConfig config, int port, EventLoopGroup boss, EventLoopGroup workers,
      Channel channel, StreamStore store, Streams streams, ScheduledFuture<?> sweeper) {
    this.config = config;
    this.port = port;
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
    this.store = store;
    this.streams = streams;
    this.sweeper = sweeper;
  }

  /**
   * Starts a server with the given settings.
   *
   * @throws IOException when the address cannot be bound (for example, the port is taken)
   */
  public static ReferenceServer start(ServerConfig config) throws IOException {
    return start(config, openStore(config));
  }

  /**
   * Opens the store a config names (benchmarks use this to measure the server's own stores).
   *
   * @throws IOException when a file store's directory cannot be used or is locked
   */
  public static StreamStore openStore(ServerConfig config) throws IOException {
    return switch (config.storage()) {
      case MEMORY -> new MemoryStore();
      case FILE -> FileStore.open(config.dataDir(), config.fsync());
      case TIERED -> io.streamcert.reference.storage.tiered.TieredStore.open(config.dataDir(), config.fsync(), config.tiered());
    };
  }

  /**
   * Starts a server over a given store (tests use this to run deliberately broken stores); the
   * server closes the store when it stops. Durable stores are recovered before the port opens.
   */
  public static ReferenceServer start(ServerConfig config, StreamStore store) throws IOException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
    Streams streams;
    try {
      streams = new Streams(store, System::currentTimeMillis);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      store.close();
      throw new IOException("recovering the store failed: " + e.getMessage(), e);
    }
    try {
      Channel ch = new ServerBootstrap()
          .group(boss, workers)
          .channel(channelType)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
          .childHandler(new HttpServerPipeline(streams, config))
          .bind(new InetSocketAddress(config.host(), config.port()))
          .syncUninterruptibly()
          .channel();
      int port = ((InetSocketAddress) ch.localAddress()).getPort();
      ScheduledFuture<?> sweeper = workers.next().scheduleWithFixedDelay(streams::sweepExpired, 5, 5, TimeUnit.SECONDS);
      return new ReferenceServer(config, port, boss, workers, ch, store, streams, sweeper);
    } catch (Exception e) {
      // Netty rethrows the bind failure (a checked java.net.BindException) without declaring it.
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      store.close();
      if (e instanceof IOException io2) {
        throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + io2.getMessage()
            + " (choose another --port, or --port 0 for any free one)", io2);
      }
      throw (RuntimeException) e;
    }
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

  /** The storage engine's name, such as {@code memory}. */
  public String storageKind() {
    return store.kind();
  }

  /** One line on how durable acknowledged writes are. */
  public String durability() {
    return store.durability();
  }

  /** How long recovering the store took at start, in milliseconds (0 for memory). */
  public long recoveryMillis() {
    if (store instanceof io.streamcert.reference.storage.tiered.TieredStore t) return t.recoveryMillis();
    return store instanceof FileStore f ? f.recoveryMillis() : 0;
  }

  /** Number of streams held, soft-deleted ones included. */
  public int streamCount() {
    return streams.size();
  }

  /** Stops accepting, closes every connection (live readers included) and releases the port. */
  @Override
  public void close() {
    sweeper.cancel(false);
    channel.close().syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    store.close();
  }
}
