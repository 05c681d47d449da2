package io.streamcert.client.raw;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A response whose status line and headers have arrived and whose body is read incrementally, as
 * for Server-Sent Events or long-poll.
 *
 * <p>Every read takes its own timeout: it blocks at most that long, then throws a {@link
 * RawHttpException} of kind {@link RawHttpException.Kind#TIMED_OUT}. A timed-out read loses no bytes
 * (a half-received line stays buffered), so the caller may read again. The body is transfer-decoded
 * (chunk framing removed). Not thread-safe; {@link #close()} closes the connection and may be called
 * from another thread to abort a blocked read.
 */
public interface RawExchange extends AutoCloseable {

  /** The protocol version of the status line, such as {@code HTTP/1.1}. */
  String version();

  int status();

  /** The reason phrase, possibly empty. */
  String reason();

  /** The headers in wire order, duplicates kept. */
  List<RawHeader> headers();

  /** The value of the first header with this name (case-insensitive), if any. */
  default Optional<String> header(String name) {
    return RawHeader.first(headers(), name);
  }

  /** The values of every header with this name (case-insensitive), in wire order. */
  default List<String> headers(String name) {
    return RawHeader.all(headers(), name);
  }

  /**
   * Reads the next body line as UTF-8, without its terminator (LF, CRLF or a lone CR, as SSE
   * allows), blocking up to {@code timeout}; empty once the body has ended. A final line without a
   * terminator is returned before the end is reported.
   */
  Optional<String> readLine(Duration timeout) throws RawHttpException;

  /**
   * Reads between 1 and {@code maxBytes} body bytes, blocking up to {@code timeout} for the first;
   * an empty array means the body has ended.
   */
  byte[] read(int maxBytes, Duration timeout) throws RawHttpException;

  /**
   * Reads the rest of the body, blocking until it ends or {@code timeout} passes.
   *
   * @throws RawHttpException also of kind {@link RawHttpException.Kind#MALFORMED_RESPONSE} when the
   *     rest exceeds 64 MiB, the most this client buffers
   */
  byte[] readToEnd(Duration timeout) throws RawHttpException;

  /** Closes the connection; reading afterwards fails with {@link RawHttpException.Kind#CLOSED}. */
  @Override
  void close();
}
