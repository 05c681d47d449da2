package io.streamcert.scenarios.driver;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongFunction;

/**
 * Runs scheduled operations over a pool of keep-alive connections: an idle connection when there
 * is one, a new one otherwise. The runner's max-in-flight bounds how many connections exist, since
 * each connection carries one request at a time.
 */
final class HttpTransport implements Transport {

  private final HttpEngine engine;
  private final LongFunction<Operation> operations;
  private final long timeoutNanos;
  private final Queue<HttpConnection> idle = new ConcurrentLinkedQueue<>();

  /**
   * @param operations builds operation {@code i}; called on the scheduler thread
   * @param timeoutNanos the limit of each request
   */
  HttpTransport(HttpEngine engine, LongFunction<Operation> operations, long timeoutNanos) {
    this.engine = engine;
    this.operations = operations;
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void send(long op, long intendedNanos, Completion done) {
    Operation operation;
    try {
      operation = operations.apply(op);
    } catch (RuntimeException e) {
      long now = System.nanoTime();
      done.completed(op, intendedNanos, now, now, "driver error: " + HttpConnection.describe(e), 0);
      return;
    }
    HttpConnection c = acquire();
    c.send(new OpExchange(op, intendedNanos, operation, done).on(c));
  }

  private HttpConnection acquire() {
    HttpConnection c;
    while ((c = idle.poll()) != null) {
      if (!c.isClosed()) return c;
    }
    return engine.connection();
  }

  private void release(HttpConnection c) {
    if (!c.isClosed()) idle.add(c);
  }

  /** Closes the idle connections. */
  void closeIdle() {
    HttpConnection c;
    while ((c = idle.poll()) != null) c.close();
  }

  /** Drives one operation's requests on one connection. */
  private final class OpExchange implements Exchange {
    private final long op;
    private final long intended;
    private final Operation operation;
    private final Completion done;
    private final BodyBuffer body = new BodyBuffer();
    private HttpConnection connection;
    private long firstSent;
    private long bodyBytes;

    OpExchange(long op, long intended, Operation operation, Completion done) {
      this.op = op;
      this.intended = intended;
      this.operation = operation;
      this.done = done;
    }

    OpExchange on(HttpConnection c) {
      this.connection = c;
      return this;
    }

    @Override
    public HttpRequest request() {
      return operation.request();
    }

    @Override
    public long timeoutNanos() {
      return timeoutNanos;
    }

    @Override
    public void onBody(byte[] data, int offset, int length) {
      bodyBytes += length;
      if (operation.needsBody()) body.append(data, offset, length);
    }

    @Override
    public void onComplete(ResponseHead head, long sentNanos, long doneNanos) {
      if (firstSent == 0) firstSent = sentNanos;
      boolean more;
      try {
        more = operation.advance(head, body, bodyBytes);
      } catch (Operation.Failed f) {
        finish(doneNanos, f.getMessage());
        return;
      } catch (RuntimeException e) {
        finish(doneNanos, "driver error: " + HttpConnection.describe(e));
        return;
      }
      body.clear();
      bodyBytes = 0;
      if (!more) {
        finish(doneNanos, null);
        return;
      }
      HttpConnection next = connection == null || connection.isClosed() ? acquire() : connection;
      next.send(on(next));
    }

    @Override
    public void onFailure(String kind, Throwable cause, long sentNanos, long nowNanos) {
      if (firstSent == 0) firstSent = sentNanos == 0 ? nowNanos : sentNanos;
      done.completed(op, intended, firstSent, nowNanos, kind, 0);
    }

    private void finish(long doneNanos, String error) {
      if (connection != null) release(connection);
      done.completed(op, intended, firstSent, doneNanos, error, error == null ? operation.payloadBytes() : 0);
    }
  }
}
