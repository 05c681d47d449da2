package io.streamcert.cli;

import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import java.net.URI;
import java.time.Duration;

/**
 * Asks a black-box target for any HTTP answer before a run: a target that cannot be reached, or
 * that accepts connections and never answers, is an environment error (exit 2), not hundreds of
 * timed-out checks.
 */
final class TargetProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private TargetProbe() {}

  /** Returns null when the target answers HTTP at all (any status), otherwise what is wrong. */
  static String problem(URI origin) {
    try {
      RawHttp.to(origin).withConnectTimeout(TIMEOUT).withReadTimeout(TIMEOUT)
          .send(RawRequest.builder("HEAD", "/v1/stream/").build());
      return null;
    } catch (RawHttpException e) {
      return switch (e.kind()) {
        case CONNECT_FAILED -> "is not reachable (no TCP connection within 5 s); start the server or correct --target";
        case TIMED_OUT -> "accepts connections but sent no HTTP response within 5 s; is it a Durable Streams server, and is it healthy?";
        default -> "does not answer HTTP/1.1 (" + e.getMessage() + "); check --target";
      };
    }
  }
}
