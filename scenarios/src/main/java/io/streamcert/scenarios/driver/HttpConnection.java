package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One keep-alive HTTP/1.1 connection running one {@link Exchange} at a time (no pipelining).
 *
 * <p>{@link #send} may be called from any thread. When the connection is up and idle the calling
 * thread writes the request itself, so a scheduled request leaves without waiting for the I/O
 * thread to wake; otherwise the request is handed to the connection's {@link IoLoop}, which also
 * does all reading. A lock guards the state; a sender that finds it held hands over to the loop
 * rather than wait, so callbacks that send on other connections never block on each other.
 *
 * <p>The socket is opened lazily and without blocking; a request sent before the connection is up
 * is written once it is. Any I/O error, protocol error or timeout closes the connection and fails
 * its exchange; a closed connection fails every later exchange at once.
 */
final class HttpConnection implements ResponseParser.Listener {

  /** Told once when the connection closes, on the I/O thread. */
  interface CloseListener {
    void closed(HttpConnection connection);
  }

  private final IoLoop loop;
  private final InetSocketAddress address;
  private final ResponseParser parser = new ResponseParser(this);
  private final CloseListener closeListener;
  private final ReentrantLock lock = new ReentrantLock();
  private SocketChannel channel;
  private SelectionKey key;
  private boolean connected;
  private volatile boolean closed;

  private Exchange current;
  private ResponseHead head;
  private ByteBuffer[] writing;
  private long sentNanos;
  private long deadlineNanos;

  HttpConnection(IoLoop loop, InetSocketAddress address, CloseListener closeListener) {
    this.loop = loop;
    this.address = address;
    this.closeListener = closeListener;
  }

  /** Whether the connection has closed (it never reopens). */
  boolean isClosed() {
    return closed;
  }

  /** Starts {@code exchange} on this connection, which must not be running another. */
  void send(Exchange exchange) {
    if (lock.tryLock()) {
      try {
        if (connected && !closed) {
          start(exchange);
          return;
        }
      } finally {
        lock.unlock();
      }
    }
    loop.execute(() -> locked(() -> start(exchange)));
  }

  /** Closes the connection, failing a running exchange. Safe from any thread. */
  void close() {
    loop.execute(() -> fail("io: closed by the driver", null));
  }

  private void locked(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  private void start(Exchange exchange) {
    long now = System.nanoTime();
    if (closed) {
      exchange.onFailure("io: connection closed", null, 0, now);
      return;
    }
    if (current != null) {
      exchange.onFailure("driver error: connection busy", new IllegalStateException(
          "an exchange was started on a connection that is running " + current.request()), 0, now);
      return;
    }
    current = exchange;
    head = null;
    sentNanos = 0;
    long timeout = exchange.timeoutNanos();
    deadlineNanos = timeout > 0 ? now + timeout : 0;
    parser.expect(exchange.request().responseHasNoBody());
    writing = exchange.request().buffers();
    if (channel == null) {
      open();
    } else if (connected) {
      flush();
    }
  }

  private void open() {
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      loop.track(this);
      boolean now = channel.connect(address);
      key = channel.register(loop.selector(), now ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
      if (now) {
        connected = true;
        flush();
      }
    } catch (IOException | RuntimeException e) {
      fail("connect: " + describe(e), e);
    }
  }

  void onReady(SelectionKey k) {
    lock.lock();
    try {
      ready(k);
    } finally {
      lock.unlock();
    }
  }

  private void ready(SelectionKey k) {
    if (closed || !k.isValid()) return;
    try {
      if (k.isConnectable()) {
        channel.finishConnect();
        connected = true;
        k.interestOps(SelectionKey.OP_READ);
        if (writing != null) flush();
        return;
      }
      if (k.isWritable()) flush();
      if (k.isValid() && k.isReadable()) read();
    } catch (ResponseParser.ProtocolException e) {
      fail("protocol: " + e.getMessage(), e);
    } catch (IOException e) {
      fail((connected ? "io: " : "connect: ") + describe(e), e);
    }
  }

  private void flush() {
    if (writing == null) return;
    try {
      if (sentNanos == 0) sentNanos = System.nanoTime();
      channel.write(writing);
      if (writing[writing.length - 1].hasRemaining()) {
        if (loop.inLoop()) key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        else loop.execute(() -> locked(this::flush)); // the rest is written as the socket drains
      } else {
        writing = null;
        if (loop.inLoop() && key.interestOps() != SelectionKey.OP_READ) key.interestOps(SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      fail("io: " + describe(e), e);
    }
  }

  private void read() throws IOException, ResponseParser.ProtocolException {
    ByteBuffer buf = loop.readBuffer();
    for (int round = 0; round < 8 && !closed; round++) {
      buf.clear();
      int n = channel.read(buf);
      if (n < 0) {
        endOfInput();
        return;
      }
      if (n == 0) return;
      parser.feed(buf.array(), 0, n);
      if (n < buf.capacity()) return;
    }
  }

  private void endOfInput() {
    if (current != null && parser.endOfInput()) {
      return; // complete() ran and closed the connection
    }
    fail(current == null ? "io: closed while idle" : "io: connection closed by the server", null);
  }

  @Override
  public void head(ResponseHead h) {
    head = h;
    if (current != null) current.onHead(h);
  }

  @Override
  public void body(byte[] data, int offset, int length) {
    if (current != null) current.onBody(data, offset, length);
  }

  @Override
  public void complete() {
    long done = System.nanoTime();
    Exchange ex = current;
    ResponseHead h = head;
    long sent = sentNanos;
    current = null;
    head = null;
    deadlineNanos = 0;
    if (writing != null) {
      // The server answered before reading the whole request; the connection cannot be reused.
      writing = null;
      closeChannel();
    } else if (parser.connectionClose()) {
      closeChannel();
    }
    if (ex != null) ex.onComplete(h, sent == 0 ? done : sent, done);
  }

  void checkTimeout(long now) {
    locked(() -> {
      if (current != null && deadlineNanos != 0 && now - deadlineNanos > 0) fail("timeout", null);
    });
  }

  /** Closes the connection and fails the running exchange with {@code kind}; idempotent. */
  void fail(String kind, Throwable cause) {
    lock.lock();
    try {
      failLocked(kind, cause);
    } finally {
      lock.unlock();
    }
  }

  private void failLocked(String kind, Throwable cause) {
    Exchange ex = current;
    long sent = sentNanos;
    current = null;
    writing = null;
    closeChannel();
    if (ex != null) ex.onFailure(kind, cause, sent, System.nanoTime());
  }

  private void closeChannel() {
    if (closed) return;
    closed = true;
    if (loop.inLoop()) loop.untrack(this);
    else loop.execute(() -> loop.untrack(this)); // the loop's connection set is confined to its thread
    if (key != null) key.cancel();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing is best effort; the socket is gone either way.
      }
    }
    closeListener.closed(this);
  }

  static String describe(Throwable e) {
    String msg = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (msg == null || msg.isBlank()) return name;
    return name + " " + (msg.length() > 60 ? msg.substring(0, 60) : msg);
  }
}
