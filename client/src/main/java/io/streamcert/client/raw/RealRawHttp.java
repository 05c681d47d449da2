package io.streamcert.client.raw;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link RawHttp} that opens one plain TCP socket per exchange. */
record RealRawHttp(String host, int port, Duration connectTimeout, Duration readTimeout)
    implements RawHttp {

  /** The largest body {@link RawHttp#send} and {@link RawExchange#readToEnd} keep in memory: 64 MiB. */
  static final int MAX_BUFFERED_BODY = 64 * 1024 * 1024;

  /** Requests up to this size fit in the socket buffers, so writing them cannot block. */
  private static final int INLINE_WRITE_LIMIT = 8 * 1024;

  RealRawHttp {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host was empty but must name a server, like 127.0.0.1");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port was " + port + " but must be between 1 and 65535");
    }
    requirePositive("connect timeout", connectTimeout);
    requirePositive("read timeout", readTimeout);
  }

  @Override
  public RawHttp withConnectTimeout(Duration timeout) {
    return new RealRawHttp(host, port, timeout, readTimeout);
  }

  @Override
  public RawHttp withReadTimeout(Duration timeout) {
    return new RealRawHttp(host, port, connectTimeout, timeout);
  }

  @Override
  public RawResponse send(RawRequest request) throws RawHttpException {
    try (RealRawExchange exchange = exchange(request)) {
      byte[] body = exchange.readToEnd(exchange.headDeadline(), readTimeout);
      return new RawResponse(
          exchange.version(), exchange.status(), exchange.reason(), exchange.headers(), body);
    }
  }

  @Override
  public RawExchange open(RawRequest request) throws RawHttpException {
    return exchange(request);
  }

  private RealRawExchange exchange(RawRequest request) throws RawHttpException {
    String endpoint = authority() + " " + request;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
    } catch (IOException e) {
      closeQuietly(socket);
      throw new RawHttpException(RawHttpException.Kind.CONNECT_FAILED,
          "could not connect to " + authority() + " within " + connectTimeout.toMillis() + "ms: " + e,
          e);
    }
    long deadline = System.nanoTime() + readTimeout.toNanos();
    AtomicReference<IOException> writeFailure = new AtomicReference<>();
    try {
      write(socket, request.encode(authority()), writeFailure);
      return RealRawExchange.start(socket, request.method(), endpoint, deadline, writeFailure);
    } catch (IOException e) {
      closeQuietly(socket);
      throw RealRawExchange.failure(
          e, endpoint, "waiting for the response head", readTimeout, writeFailure);
    }
  }

  private static void write(Socket socket, byte[] bytes, AtomicReference<IOException> failure)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    Runnable writing = () -> {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // A server may answer and close before reading everything; its response still counts.
        failure.set(e);
      }
    };
    if (bytes.length <= INLINE_WRITE_LIMIT) {
      writing.run();
    } else {
      Thread writer = new Thread(writing, "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
    }
  }

  private String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static void requirePositive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " was " + d + " but must be positive, like 5s");
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is best effort; the exchange is over either way.
    }
  }
}
