package io.streamcert.client.raw;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link RawExchange} over one socket whose response head has been read. */
final class RealRawExchange implements RawExchange {

  private static final int READ_SIZE = 16 * 1024;

  private final Socket socket;
  private final ResponseInput input;
  private final ResponseHead head;
  private final BodyDecoder body;
  private final String endpoint;
  private final long headDeadline;
  private final AtomicReference<IOException> writeFailure;
  /** Decoded body bytes fetched for line splitting but not yet returned. */
  private byte[] pending = new byte[0];
  private int pendingPos;
  /** The last line ended with CR at the end of what had arrived; an LF that follows belongs to it. */
  private boolean skipLf;

  private RealRawExchange(Socket socket, ResponseInput input, ResponseHead head, BodyDecoder body,
      String endpoint, long headDeadline, AtomicReference<IOException> writeFailure) {
    this.socket = socket;
    this.input = input;
    this.head = head;
    this.body = body;
    this.endpoint = endpoint;
    this.headDeadline = headDeadline;
    this.writeFailure = writeFailure;
  }

  static RealRawExchange start(Socket socket, String method, String endpoint, long deadlineNanos,
      AtomicReference<IOException> writeFailure) throws IOException {
    ResponseInput input = new ResponseInput(socket);
    ResponseHead head = ResponseHead.read(input, deadlineNanos);
    BodyDecoder body = BodyDecoder.forResponse(method, head.status(), head.headers());
    return new RealRawExchange(socket, input, head, body, endpoint, deadlineNanos, writeFailure);
  }

  long headDeadline() {
    return headDeadline;
  }

  @Override
  public String version() {
    return head.version();
  }

  @Override
  public int status() {
    return head.status();
  }

  @Override
  public String reason() {
    return head.reason();
  }

  @Override
  public List<RawHeader> headers() {
    return head.headers();
  }

  @Override
  public Optional<String> readLine(Duration timeout) throws RawHttpException {
    long deadline = deadline(timeout);
    try {
      while (true) {
        for (int i = pendingPos; i < pending.length; i++) {
          byte b = pending[i];
          if (b == '\n' || b == '\r') {
            String line = new String(pending, pendingPos, i - pendingPos, StandardCharsets.UTF_8);
            pendingPos = i + 1;
            if (b == '\r') {
              if (pendingPos < pending.length) {
                if (pending[pendingPos] == '\n') pendingPos++;
              } else {
                skipLf = true;
              }
            }
            return Optional.of(line);
          }
        }
        if (!fetch(deadline)) {
          if (pendingPos == pending.length) return Optional.empty();
          String last = new String(pending, pendingPos, pending.length - pendingPos, StandardCharsets.UTF_8);
          pendingPos = pending.length;
          return Optional.of(last);
        }
      }
    } catch (IOException e) {
      throw failure(e, endpoint, "reading a body line", timeout, writeFailure);
    }
  }

  @Override
  public byte[] read(int maxBytes, Duration timeout) throws RawHttpException {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes was " + maxBytes + " but must be at least 1");
    }
    long deadline = deadline(timeout);
    try {
      if (pendingPos == pending.length && !fetch(deadline)) return new byte[0];
      int n = Math.min(maxBytes, pending.length - pendingPos);
      byte[] out = Arrays.copyOfRange(pending, pendingPos, pendingPos + n);
      pendingPos += n;
      return out;
    } catch (IOException e) {
      throw failure(e, endpoint, "reading the body", timeout, writeFailure);
    }
  }

  @Override
  public byte[] readToEnd(Duration timeout) throws RawHttpException {
    return readToEnd(deadline(timeout), timeout);
  }

  byte[] readToEnd(long deadline, Duration timeout) throws RawHttpException {
    try {
      while (fetch(deadline)) {
        if (pending.length - pendingPos > RealRawHttp.MAX_BUFFERED_BODY) {
          throw new ProtocolException("the body is larger than " + RealRawHttp.MAX_BUFFERED_BODY
              + " bytes, the most this client buffers; read it with RawExchange.read instead");
        }
      }
      byte[] out = Arrays.copyOfRange(pending, pendingPos, pending.length);
      pendingPos = pending.length;
      return out;
    } catch (IOException e) {
      throw failure(e, endpoint, "reading the body", timeout, writeFailure);
    }
  }

  @Override
  public void close() {
    RealRawHttp.closeQuietly(socket);
  }

  /**
   * Appends the next decoded body bytes to {@link #pending}, compacting what was already returned;
   * false once the body has ended.
   */
  private boolean fetch(long deadline) throws IOException {
    while (true) {
      if (socket.isClosed()) throw new SocketException("the exchange was closed");
      byte[] next = body.next(input, READ_SIZE, deadline);
      if (next == null) return false;
      int from = 0;
      if (skipLf && next.length > 0) {
        skipLf = false;
        if (next[0] == '\n') from = 1;
      }
      if (from == next.length) continue;
      int kept = pending.length - pendingPos;
      byte[] joined = new byte[kept + next.length - from];
      System.arraycopy(pending, pendingPos, joined, 0, kept);
      System.arraycopy(next, from, joined, kept, next.length - from);
      pending = joined;
      pendingPos = 0;
      return true;
    }
  }

  private static long deadline(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout was " + timeout + " but must be positive, like 5s");
    }
    return System.nanoTime() + timeout.toNanos();
  }

  /** Turns a socket-level failure into the typed exception, naming the server and the request. */
  static RawHttpException failure(IOException e, String endpoint, String doing, Duration timeout,
      AtomicReference<IOException> writeFailure) {
    RawHttpException.Kind kind;
    String what;
    if (e instanceof SocketTimeoutException) {
      kind = RawHttpException.Kind.TIMED_OUT;
      what = "nothing more arrived within " + timeout.toMillis() + "ms while " + doing;
    } else if (e instanceof EOFException) {
      kind = RawHttpException.Kind.CLOSED;
      what = e.getMessage();
    } else if (e instanceof ProtocolException) {
      kind = RawHttpException.Kind.MALFORMED_RESPONSE;
      what = e.getMessage();
    } else if (e instanceof SocketException) {
      kind = RawHttpException.Kind.CLOSED;
      what = "the connection failed while " + doing + ": " + e.getMessage();
    } else {
      kind = RawHttpException.Kind.IO_ERROR;
      what = "I/O failed while " + doing + ": " + e;
    }
    IOException sendFailure = writeFailure.get();
    if (sendFailure != null && kind != RawHttpException.Kind.MALFORMED_RESPONSE) {
      what += "; sending the request had failed too: " + sendFailure.getMessage();
    }
    RawHttpException failure = new RawHttpException(kind, endpoint + ": " + what, e);
    if (sendFailure != null) failure.addSuppressed(sendFailure);
    return failure;
  }
}
