package io.streamcert.chaos.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection through an {@link EmbeddedProxy} and its connection to the upstream, with
 * one pump per direction that consults the proxy's active faults for every chunk.
 */
final class Link {

  private static final int BUFFER = 16 * 1024;

  private final EmbeddedProxy proxy;
  private final long id;
  private final Socket client;
  private final InetSocketAddress upstreamAddress;
  private final Duration connectTimeout;
  private final Socket upstream = new Socket();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger openDirections = new AtomicInteger(2);

  Link(EmbeddedProxy proxy, long id, Socket client, InetSocketAddress upstreamAddress, Duration connectTimeout) {
    this.proxy = proxy;
    this.id = id;
    this.client = client;
    this.upstreamAddress = upstreamAddress;
    this.connectTimeout = connectTimeout;
  }

  /** Connects upstream, starts the downstream pump, then pumps upstream on this thread. */
  void run() {
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(upstreamAddress, (int) connectTimeout.toMillis());
    } catch (IOException e) {
      close(); // like Toxiproxy: an unreachable upstream closes the client's connection
      return;
    }
    if (closed.get()) {
      close();
      return;
    }
    if (!proxy.startPump(() -> pump(upstream, client, Direction.DOWNSTREAM))) {
      close();
      return;
    }
    pump(client, upstream, Direction.UPSTREAM);
  }

  private void pump(Socket from, Socket to, Direction direction) {
    Random random = new Random(proxy.seedFor(id, direction));
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int n = in.read(buffer);
        long arrived = System.nanoTime();
        if (n < 0) {
          passOnClose(to, direction);
          return;
        }
        if (proxy.discards(direction)) continue;
        delay(arrived, proxy.latency(direction), random);
        write(out, buffer, n, direction);
      }
    } catch (IOException e) {
      close();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
    }
  }

  private static void delay(long arrived, FaultParams.Latency latency, Random random) throws InterruptedException {
    if (latency == null) return;
    long nanos = latency.latency().toNanos();
    long jitter = latency.jitter().toNanos();
    if (jitter > 0) nanos += (long) ((random.nextDouble() * 2 - 1) * jitter);
    sleepUntil(arrived + Math.max(0, nanos));
  }

  private void write(OutputStream out, byte[] buffer, int n, Direction direction)
      throws IOException, InterruptedException {
    int offset = 0;
    while (offset < n) {
      long rate = proxy.bytesPerSecond(direction);
      if (rate == 0) {
        out.write(buffer, offset, n - offset);
        break;
      }
      // Slices of a tenth of a second's worth keep the rate smooth and react to a changed limit.
      int slice = (int) Math.min(n - offset, Math.max(1, rate / 10));
      long start = System.nanoTime();
      out.write(buffer, offset, slice);
      offset += slice;
      sleepUntil(start + TimeUnit.SECONDS.toNanos(1) * slice / rate);
    }
    out.flush();
  }

  private void passOnClose(Socket to, Direction direction) throws InterruptedException, IOException {
    if (!proxy.awaitForwarding(direction, this)) {
      close();
      return;
    }
    Duration delay = proxy.closeDelay(direction);
    if (!delay.isZero()) sleepUntil(System.nanoTime() + delay.toNanos());
    if (!to.isClosed()) to.shutdownOutput();
    if (openDirections.decrementAndGet() == 0) close();
  }

  private static void sleepUntil(long deadlineNanos) throws InterruptedException {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Resets both sides with a TCP RST (SO_LINGER 0) and forgets the link. */
  void reset() {
    if (!closed.compareAndSet(false, true)) return;
    abort(client);
    abort(upstream);
    proxy.forget(this);
  }

  /** Closes both sides normally and forgets the link; idempotent. */
  void close() {
    if (!closed.compareAndSet(false, true)) return;
    closeQuietly(client);
    closeQuietly(upstream);
    proxy.forget(this);
  }

  private static void abort(Socket socket) {
    try {
      if (!socket.isClosed()) socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // the socket is going away anyway; a plain close is the best left
    }
    closeQuietly(socket);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing useful to do about a failing close
    }
  }
}
