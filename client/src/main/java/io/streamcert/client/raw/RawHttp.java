package io.streamcert.client.raw;

import java.net.URI;
import java.time.Duration;

/**
 * Sends {@link RawRequest}s to one server, each on a fresh TCP connection that is closed afterwards.
 *
 * <p>Nothing blocks without a bound: connecting is limited by {@link #connectTimeout()} and waiting
 * for the response by {@link #readTimeout()}, counted from when the connection is established, not
 * per read, so a server that trickles bytes cannot stall the caller either. Requests larger than a
 * few kilobytes are written on a helper thread while the response is read, so a server that answers
 * early (413, 431) and stops reading is still heard. Instances are immutable and thread-safe.
 */
public interface RawHttp {

  /** The connect timeout used unless {@link #withConnectTimeout(Duration)} says otherwise. */
  Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The response timeout used unless {@link #withReadTimeout(Duration)} says otherwise. */
  Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  /** Returns a client for {@code host:port} with the default timeouts. */
  static RawHttp to(String host, int port) {
    return new RealRawHttp(host, port, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  /** Returns a client for the host and port of an http origin, like {@code http://127.0.0.1:4437}. */
  static RawHttp to(URI origin) {
    if (!"http".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null) {
      throw new IllegalArgumentException(
          "origin was '" + origin + "' but must be an http URI with a host, like http://127.0.0.1:4437");
    }
    String host = origin.getHost();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return to(host, origin.getPort() == -1 ? 80 : origin.getPort());
  }

  /** Returns a copy that gives up connecting after {@code timeout}. */
  RawHttp withConnectTimeout(Duration timeout);

  /** Returns a copy that gives up waiting for a response (head, or head and body) after this long. */
  RawHttp withReadTimeout(Duration timeout);

  String host();

  int port();

  Duration connectTimeout();

  Duration readTimeout();

  /**
   * Sends the request and reads the whole response, blocking up to {@link #connectTimeout()} plus
   * {@link #readTimeout()}. Interim 1xx responses (other than 101) are skipped.
   *
   * @throws RawHttpException when no complete response arrives; see {@link RawHttpException.Kind}
   */
  RawResponse send(RawRequest request) throws RawHttpException;

  /**
   * Sends the request and returns once the status line and headers have arrived (within {@link
   * #readTimeout()}), leaving the body to be read incrementally; the caller must close the exchange.
   *
   * @throws RawHttpException when no response head arrives; see {@link RawHttpException.Kind}
   */
  RawExchange open(RawRequest request) throws RawHttpException;
}
