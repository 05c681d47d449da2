package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's HTTP/1.1 client: a few {@link IoLoop} threads and the connections to one origin
 * spread over them. Written on NIO rather than {@code java.net.http} so that a connection costs a
 * socket and a small parser, not a thread or a future per request.
 */
final class HttpEngine implements AutoCloseable {

  private final URI origin;
  private final String authority;
  private final InetSocketAddress address;
  private final List<IoLoop> loops = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();

  /**
   * Creates the engine for {@code origin} ({@code http://host:port}) with {@code ioThreads}
   * threads.
   */
  HttpEngine(URI origin, int ioThreads) {
    if (!"http".equalsIgnoreCase(origin.getScheme())) {
      throw new IllegalArgumentException(
          "target was " + origin + " but the driver speaks plain HTTP/1.1; use an http:// URL");
    }
    if (origin.getHost() == null) {
      throw new IllegalArgumentException("target was " + origin + " but has no host; use http://host:port/");
    }
    this.origin = origin;
    int port = origin.getPort() == -1 ? 80 : origin.getPort();
    this.authority = origin.getHost() + (origin.getPort() == -1 ? "" : ":" + port);
    this.address = new InetSocketAddress(origin.getHost(), port);
    for (int i = 0; i < ioThreads; i++) loops.add(new IoLoop("streamcert-driver-io-" + i));
  }

  URI origin() {
    return origin;
  }

  /** The value of the Host header: host and, when not 80, the port. */
  String authority() {
    return authority;
  }

  int ioThreads() {
    return loops.size();
  }

  /** Connections open right now. */
  int openConnections() {
    return open.get();
  }

  /** A new connection on the next loop; it connects when its first exchange starts. */
  HttpConnection connection() {
    return connection(c -> {});
  }

  /** As {@link #connection()}, telling {@code onClose} when it closes. */
  HttpConnection connection(HttpConnection.CloseListener onClose) {
    IoLoop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    open.incrementAndGet();
    return new HttpConnection(
        loop,
        address,
        c -> {
          open.decrementAndGet();
          onClose.closed(c);
        });
  }

  /**
   * Sends one request on a new connection, waits for the whole response and closes the
   * connection; for setup and checks, not for measured operations.
   *
   * @throws IOException when the exchange fails or takes longer than {@code timeout}
   */
  HttpResponse exchange(HttpRequest request, Duration timeout) throws IOException {
    HttpConnection c = connection();
    try {
      return exchange(c, request, timeout);
    } finally {
      c.close();
    }
  }

  /** As {@link #exchange(HttpRequest, Duration)} on an existing idle connection, left open. */
  HttpResponse exchange(HttpConnection c, HttpRequest request, Duration timeout) throws IOException {
    CompletableFuture<HttpResponse> result = new CompletableFuture<>();
    c.send(new Collecting(request, timeout.toNanos(), result));
    try {
      return result.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during " + request);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException(request + " to " + origin + " got no answer within " + timeout.toMillis() + "ms", e);
    }
  }

  /** Builds a request to {@code target} on this engine's origin. */
  HttpRequest request(String method, String target, Map<String, String> headers, byte[] body) {
    return HttpRequest.of(method, authority, target, headers, body);
  }

  /** The first unexpected exception of an I/O thread (a driver bug), or null. */
  Throwable firstUnexpected() {
    for (IoLoop l : loops) {
      if (l.firstUnexpected() != null) return l.firstUnexpected();
    }
    return null;
  }

  @Override
  public void close() {
    for (IoLoop l : loops) l.close();
  }

  /** Collects a whole response into an {@link HttpResponse}. */
  private static final class Collecting implements Exchange {
    private final HttpRequest request;
    private final long timeout;
    private final CompletableFuture<HttpResponse> result;
    private final BodyBuffer body = new BodyBuffer();

    Collecting(HttpRequest request, long timeout, CompletableFuture<HttpResponse> result) {
      this.request = request;
      this.timeout = timeout;
      this.result = result;
    }

    @Override
    public HttpRequest request() {
      return request;
    }

    @Override
    public long timeoutNanos() {
      return timeout;
    }

    @Override
    public void onBody(byte[] data, int offset, int length) {
      body.append(data, offset, length);
    }

    @Override
    public void onComplete(ResponseHead head, long sentNanos, long doneNanos) {
      result.complete(new HttpResponse(head, body.toArray()));
    }

    @Override
    public void onFailure(String kind, Throwable cause, long sentNanos, long nowNanos) {
      result.completeExceptionally(new IOException(request + " failed: " + kind, cause));
    }
  }
}
