package io.streamcert.scenarios.driver;

/**
 * One request and what to do with its response, run on an {@link HttpConnection}. The callbacks
 * run on the connection's I/O thread and must not block; exactly one of {@link #onComplete} and
 * {@link #onFailure} is called.
 */
interface Exchange {

  HttpRequest request();

  /** How long the exchange may take from the moment it is started, in nanoseconds; 0 for no limit. */
  long timeoutNanos();

  /** The status line and headers have arrived. */
  default void onHead(ResponseHead head) {}

  /** Part of the body has arrived; the bytes are valid only during the call. */
  default void onBody(byte[] data, int offset, int length) {}

  /**
   * The response is complete.
   *
   * @param sentNanos when the request's first bytes were written
   * @param doneNanos when the response's last bytes were read
   */
  void onComplete(ResponseHead head, long sentNanos, long doneNanos);

  /**
   * The exchange failed; the connection is closed.
   *
   * @param kind a short, stable description for counting, like {@code timeout} or {@code io:
   *     Connection reset}
   * @param sentNanos when the request was written, or 0 if it never was
   */
  void onFailure(String kind, Throwable cause, long sentNanos, long nowNanos);
}
