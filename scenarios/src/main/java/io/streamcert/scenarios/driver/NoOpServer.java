package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 endpoint that answers every request with {@code 204 No Content} at once, keeping
 * connections alive: the driver's yardstick. Running a workload against it measures the driver
 * (and the loopback network), not a server, so its rate and latency are the ceiling the driver
 * can measure on this machine.
 *
 * <p>Requests are read with {@code Content-Length} framing (the driver's only framing); a chunked
 * request is answered {@code 400} and the connection closed. Long-poll and SSE requests get the
 * same instant 204, so fan-out readers cannot be measured against it.
 */
public final class NoOpServer implements AutoCloseable {

  private static final byte[] NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEAD = 64 * 1024;

  private final ServerSocketChannel server;
  private final List<Loop> loops = new ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final int port;

  private NoOpServer(int threads) throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.configureBlocking(false);
    port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    for (int i = 0; i < threads; i++) loops.add(new Loop(i));
    // Registered before the threads start, so no select is running yet.
    server.register(loops.get(0).selector, SelectionKey.OP_ACCEPT);
    for (Loop l : loops) l.thread.start();
  }

  /** Starts an endpoint on a free port of 127.0.0.1 with one I/O thread. */
  public static NoOpServer start() throws IOException {
    return start(1);
  }

  /** Starts an endpoint on a free port of 127.0.0.1 with {@code threads} I/O threads. */
  public static NoOpServer start(int threads) throws IOException {
    if (threads < 1) throw new IllegalArgumentException("threads was " + threads + " but must be at least 1");
    return new NoOpServer(threads);
  }

  /** The origin, such as {@code http://127.0.0.1:40123}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Requests answered so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    for (Loop l : loops) l.stop();
    try {
      server.close();
    } catch (IOException ignored) {
      // The port is released either way.
    }
  }

  /** One selector thread; loop 0 also accepts and deals connections out in turn. */
  private final class Loop {
    final Selector selector;
    final Thread thread;
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    volatile boolean running = true;
    private int nextLoop;

    Loop(int index) throws IOException {
      selector = Selector.open();
      thread = new Thread(this::run, "streamcert-noop-" + index);
      thread.setDaemon(true);
    }

    void run() {
      while (running) {
        try {
          selector.select(this::onKey, 50);
          Runnable t;
          while ((t = tasks.poll()) != null) t.run();
        } catch (IOException | RuntimeException e) {
          // Keep serving; a broken connection is closed by its own handler.
        }
      }
      for (SelectionKey k : selector.keys()) {
        try {
          k.channel().close();
        } catch (IOException ignored) {
          // Closing anyway.
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }

    void stop() {
      running = false;
      selector.wakeup();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void onKey(SelectionKey key) {
      try {
        if (key.isAcceptable()) {
          SocketChannel ch;
          while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Loop target = loops.get(nextLoop++ % loops.size());
            SocketChannel accepted = ch;
            target.tasks.add(() -> {
              try {
                accepted.register(target.selector, SelectionKey.OP_READ, new Conn(accepted));
              } catch (IOException e) {
                closeQuietly(accepted);
              }
            });
            target.selector.wakeup();
          }
          return;
        }
        Conn c = (Conn) key.attachment();
        if (key.isWritable()) c.flush(key);
        if (key.isValid() && key.isReadable()) c.read(key);
      } catch (IOException e) {
        key.cancel();
        closeQuietly(key.channel());
      }
    }
  }

  /** One client connection: reads requests, queues one 204 per request. */
  private final class Conn {
    final SocketChannel ch;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    ByteBuffer out = ByteBuffer.allocate(4 * 1024);
    long skip;
    boolean closeAfterWrite;

    Conn(SocketChannel ch) {
      this.ch = ch;
      out.flip();
    }

    void read(SelectionKey key) throws IOException {
      int n = ch.read(in);
      if (n < 0) {
        key.cancel();
        ch.close();
        return;
      }
      in.flip();
      parse();
      in.compact();
      if (in.position() == in.capacity()) {
        if (in.capacity() >= MAX_HEAD) {
          respond(BAD_REQUEST);
          closeAfterWrite = true;
          in.clear();
        } else {
          ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
          in.flip();
          bigger.put(in);
          in = bigger;
        }
      }
      flush(key);
    }

    private void parse() {
      while (in.hasRemaining() && !closeAfterWrite) {
        if (skip > 0) {
          int k = (int) Math.min(skip, in.remaining());
          in.position(in.position() + k);
          skip -= k;
          continue;
        }
        int end = headEnd();
        if (end < 0) return;
        String head = new String(in.array(), in.position(), end - in.position(), StandardCharsets.ISO_8859_1)
            .toLowerCase(java.util.Locale.ROOT);
        in.position(end + 4);
        if (head.contains("\ntransfer-encoding:")) {
          respond(BAD_REQUEST);
          closeAfterWrite = true;
          return;
        }
        int cl = head.indexOf("\ncontent-length:");
        if (cl >= 0) {
          int eol = head.indexOf('\r', cl + 1);
          String v = head.substring(cl + 16, eol < 0 ? head.length() : eol).trim();
          try {
            skip = Long.parseLong(v);
          } catch (NumberFormatException e) {
            respond(BAD_REQUEST);
            closeAfterWrite = true;
            return;
          }
        }
        requests.incrementAndGet();
        respond(NO_CONTENT);
      }
    }

    /** Index of the CR of the first CRLFCRLF in the unread bytes, or -1. */
    private int headEnd() {
      byte[] a = in.array();
      for (int i = in.position(); i + 3 < in.limit(); i++) {
        if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') return i;
      }
      return -1;
    }

    private void respond(byte[] bytes) {
      out.compact();
      if (out.remaining() < bytes.length) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes.length));
        out.flip();
        bigger.put(out);
        out = bigger;
      }
      out.put(bytes);
      out.flip();
    }

    void flush(SelectionKey key) throws IOException {
      if (out.hasRemaining()) ch.write(out);
      if (out.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      } else {
        key.interestOps(SelectionKey.OP_READ);
        if (closeAfterWrite) {
          key.cancel();
          ch.close();
        }
      }
    }
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
