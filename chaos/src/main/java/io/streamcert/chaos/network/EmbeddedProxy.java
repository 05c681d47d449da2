package io.streamcert.chaos.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process TCP proxy on 127.0.0.1 that implements every {@link NetworkFault} itself.
 *
 * <p>It uses blocking sockets and one pooled daemon thread per direction of each connection, plus
 * one acceptor thread and one scheduler thread; at most {@code maxConnections} connections are
 * carried at once and further ones are closed on accept. Jitter draws from a random seeded from
 * the proxy's seed, so a schedule replayed with the same seed draws the same delays per
 * connection. Latency is applied per chunk read, so a latency fault also caps the throughput of a
 * busy connection at about one read buffer (16 KiB) per delay.
 */
final class EmbeddedProxy implements FaultProxy {

  static final int DEFAULT_MAX_CONNECTIONS = 64;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final InetSocketAddress upstream;
  private final long seed;
  private final int maxConnections;
  private final InetSocketAddress listenAddress;
  private final ThreadPoolExecutor pumps;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong linkIds = new AtomicLong();
  private final Object lock = new Object();
  private final String threadPrefix;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  // Guarded by lock; read without it through the volatile snapshot.
  private volatile Map<NetworkFault, FaultParams> active = Map.of();
  private ServerSocket server;
  private Thread acceptor;
  private boolean closed;

  private EmbeddedProxy(InetSocketAddress upstream, long seed, int maxConnections) {
    this.upstream = upstream;
    this.seed = seed;
    this.maxConnections = maxConnections;
    this.threadPrefix = "streamcert-proxy-" + INSTANCES.incrementAndGet();
    this.pumps = new ThreadPoolExecutor(0, 2 * maxConnections, 5, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemonThreads(threadPrefix + "-pump-"));
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads(threadPrefix + "-timer-"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.scheduler.setKeepAliveTime(5, TimeUnit.SECONDS);
    this.scheduler.allowCoreThreadTimeOut(true);
    try {
      this.server = bind(0);
    } catch (IOException e) {
      shutdownThreads();
      throw new java.io.UncheckedIOException("cannot bind a proxy port on 127.0.0.1", e);
    }
    this.listenAddress = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    startAcceptor(server);
  }

  /** Starts a proxy to {@code upstream} on a free port of 127.0.0.1. */
  static EmbeddedProxy start(InetSocketAddress upstream, long seed, int maxConnections) {
    if (upstream == null) throw new IllegalArgumentException("the proxy needs an upstream address, was null");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections was " + maxConnections + " but must be at least 1");
    }
    return new EmbeddedProxy(upstream, seed, maxConnections);
  }

  @Override
  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  @Override
  public String upstream() {
    return upstream.getHostString() + ":" + upstream.getPort();
  }

  @Override
  public void apply(NetworkFault fault, FaultParams params) throws IOException {
    if (fault == null) throw new IllegalArgumentException("apply needs a fault, was null");
    fault.check(params);
    synchronized (lock) {
      ensureOpen();
      EnumMap<NetworkFault, FaultParams> next = copyActive();
      next.put(fault, params);
      publish(next);
      switch (fault) {
        case PARTITION_DROP -> {
          closeServer();
          for (Link link : links) link.close();
        }
        case RESET_PEER -> {
          for (Link link : links) scheduleReset(link, (FaultParams.ResetPeer) params);
        }
        default -> { }
      }
    }
  }

  @Override
  public void remove(NetworkFault fault) throws IOException {
    if (fault == null) throw new IllegalArgumentException("remove needs a fault, was null");
    synchronized (lock) {
      if (closed || !active.containsKey(fault)) return;
      EnumMap<NetworkFault, FaultParams> next = copyActive();
      next.remove(fault);
      publish(next);
      if (fault == NetworkFault.PARTITION_DROP) reopenServer();
    }
  }

  @Override
  public void heal() throws IOException {
    synchronized (lock) {
      if (closed) return;
      boolean wasDropped = active.containsKey(NetworkFault.PARTITION_DROP);
      publish(new EnumMap<>(NetworkFault.class));
      if (wasDropped) reopenServer();
    }
  }

  @Override
  public Map<NetworkFault, FaultParams> activeFaults() {
    return active;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      publish(new EnumMap<>(NetworkFault.class));
      closeServer();
    }
    for (Link link : links) link.close();
    shutdownThreads();
    // Every thread is told to stop above (closed sockets, interrupts); wait a bounded time so
    // that none outlives close.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try {
      for (Thread thread : threads) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) break;
        thread.join(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedProxy[" + listenAddress + " -> " + upstream() + ", faults=" + active.keySet() + "]";
  }

  // --- what the pumps ask -------------------------------------------------------------------

  /** Tells whether bytes travelling {@code direction} are currently thrown away. */
  boolean discards(Direction direction) {
    Map<NetworkFault, FaultParams> faults = active;
    if (faults.containsKey(NetworkFault.PARTITION_BLACKHOLE)) return true;
    FaultParams halfOpen = faults.get(NetworkFault.HALF_OPEN);
    return halfOpen != null && ((FaultParams.HalfOpen) halfOpen).stopped() == direction;
  }

  /** The latency fault for {@code direction}, or null. */
  FaultParams.Latency latency(Direction direction) {
    FaultParams p = active.get(NetworkFault.LATENCY);
    return p != null && ((FaultParams.Latency) p).direction().includes(direction) ? (FaultParams.Latency) p : null;
  }

  /** The bandwidth limit in bytes per second for {@code direction}, or 0 for none. */
  long bytesPerSecond(Direction direction) {
    FaultParams p = active.get(NetworkFault.BANDWIDTH);
    if (p == null || !((FaultParams.Bandwidth) p).direction().includes(direction)) return 0;
    return ((FaultParams.Bandwidth) p).rateKBps() * 1024;
  }

  /** How long a close travelling {@code direction} is held back. */
  Duration closeDelay(Direction direction) {
    FaultParams p = active.get(NetworkFault.SLOW_CLOSE);
    if (p == null || !((FaultParams.SlowClose) p).direction().includes(direction)) return Duration.ZERO;
    return ((FaultParams.SlowClose) p).delay();
  }

  /**
   * Blocks while bytes travelling {@code direction} are discarded, so that a close is not passed
   * on through a black hole either; returns false if the proxy or {@code link} closed meanwhile.
   * Re-checks the link every 100 ms, since a link closes without taking the proxy's lock.
   */
  boolean awaitForwarding(Direction direction, Link link) throws InterruptedException {
    synchronized (lock) {
      while (!closed && !link.isClosed() && discards(direction)) lock.wait(100);
      return !closed && !link.isClosed();
    }
  }

  long seedFor(long linkId, Direction direction) {
    return seed * 31 + linkId * 2 + direction.ordinal();
  }

  void forget(Link link) {
    links.remove(link);
  }

  // --- internals ----------------------------------------------------------------------------

  private void publish(EnumMap<NetworkFault, FaultParams> next) {
    active = Collections.unmodifiableMap(next);
    lock.notifyAll();
  }

  private EnumMap<NetworkFault, FaultParams> copyActive() {
    EnumMap<NetworkFault, FaultParams> copy = new EnumMap<>(NetworkFault.class);
    copy.putAll(active);
    return copy;
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the proxy " + listenAddress + " is closed; start a new one");
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private void reopenServer() throws IOException {
    if (server != null) return;
    try {
      server = bind(listenAddress.getPort());
    } catch (IOException e) {
      throw new IOException("cannot listen again on " + listenAddress + " after the partition healed;"
          + " another process may have taken the port", e);
    }
    startAcceptor(server);
  }

  private void closeServer() {
    if (server == null) return;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing a listener that is going away anyway
    }
    server = null;
    // While a thread is blocked in accept, the JDK defers the real close of the listening socket
    // until that thread leaves accept; until then the kernel still completes handshakes. Waiting
    // for the acceptor makes "new connections are refused" true when apply returns.
    try {
      if (acceptor != null && acceptor != Thread.currentThread()) acceptor.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acceptor = null;
  }

  private void startAcceptor(ServerSocket socket) {
    Thread thread = track(new Thread(() -> acceptLoop(socket), threadPrefix + "-accept"));
    thread.setDaemon(true);
    acceptor = thread;
    thread.start();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // the listener was closed by a drop partition or by close()
      }
      admit(client);
    }
  }

  private void admit(Socket client) {
    if (links.size() >= maxConnections || active.containsKey(NetworkFault.PARTITION_DROP)) {
      Link.closeQuietly(client);
      return;
    }
    Link link = new Link(this, linkIds.incrementAndGet(), client, upstream, CONNECT_TIMEOUT);
    links.add(link);
    try {
      pumps.execute(link::run);
    } catch (RejectedExecutionException e) {
      link.close();
      return;
    }
    FaultParams reset = active.get(NetworkFault.RESET_PEER);
    if (reset != null) scheduleReset(link, (FaultParams.ResetPeer) reset);
  }

  /** Starts the downstream pump of {@code link}; false if no thread is left. */
  boolean startPump(Runnable pump) {
    try {
      pumps.execute(pump);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void scheduleReset(Link link, FaultParams.ResetPeer params) {
    Runnable reset = () -> {
      // A heal or a new reset_peer before the timeout cancels this one.
      if (active.get(NetworkFault.RESET_PEER) == params) link.reset();
    };
    if (params.timeout().isZero()) {
      reset.run();
      return;
    }
    try {
      scheduler.schedule(reset, params.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the proxy is closing and closes the link itself
    }
  }

  private void shutdownThreads() {
    pumps.shutdownNow();
    scheduler.shutdownNow();
  }

  private ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = track(new Thread(runnable, prefix + count.incrementAndGet()));
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Remembers {@code thread} until it ends, so that close can wait for it. */
  private Thread track(Thread thread) {
    threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
    threads.add(thread);
    return thread;
  }
}
