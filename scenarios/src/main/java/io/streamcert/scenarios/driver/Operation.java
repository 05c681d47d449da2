package io.streamcert.scenarios.driver;

/**
 * One scheduled operation as HTTP: one request, or a chain of requests on one connection (a
 * catch-up read that follows {@code Stream-Next-Offset}). Built on the scheduler thread, then
 * driven on an I/O thread.
 */
interface Operation {

  /** The request to send now. */
  HttpRequest request();

  /** Whether {@link #advance} needs the response body (otherwise its bytes are only counted). */
  default boolean needsBody() {
    return false;
  }

  /**
   * Takes the response to {@link #request()}.
   *
   * @param body the body when {@link #needsBody()}, otherwise empty
   * @param bodyBytes the body's length in bytes
   * @return true when there is another request to send ({@link #request()} now returns it)
   * @throws Failed when the response means the operation failed
   */
  boolean advance(ResponseHead head, BodyBuffer body, long bodyBytes) throws Failed;

  /** Payload bytes the operation moved, for throughput in bytes; read once it is done. */
  default long payloadBytes() {
    return 0;
  }

  /** The operation failed; the message is its kind, counted in the results (keep it short). */
  final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String kind) {
      super(kind, null, false, false);
    }

    /** A failure for an unexpected status, like {@code status 409}. */
    static Failed status(ResponseHead head) {
      return new Failed("status " + head.status());
    }
  }

  /** One request that succeeds on any 2xx status. */
  static Operation single(HttpRequest request, long payloadBytes) {
    return new Operation() {
      @Override
      public HttpRequest request() {
        return request;
      }

      @Override
      public boolean advance(ResponseHead head, BodyBuffer body, long bodyBytes) throws Failed {
        if (head.isSuccess()) return false;
        throw Failed.status(head);
      }

      @Override
      public long payloadBytes() {
        return payloadBytes;
      }
    };
  }
}
