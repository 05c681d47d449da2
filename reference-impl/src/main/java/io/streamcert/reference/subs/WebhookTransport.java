package io.streamcert.reference.subs;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends webhook POSTs without blocking the caller. */
public interface WebhookTransport {

  /** A receiver's answer. */
  record Response(int status, byte[] body) {}

  /**
   * POSTs {@code body} to the target's URL, connecting only to the target's approved addresses;
   * completes exceptionally on connection failures and timeouts.
   */
  CompletableFuture<Response> post(ApprovedTarget target, Map<String, String> headers, byte[] body);

  /**
   * The production transport ({@link PinnedWebhookTransport}): connects to the checked addresses
   * only, 5 s to connect, 10 s for the whole answer, redirects never followed (a redirect could
   * lead past the URL policy). Close it when the server stops.
   */
  static PinnedWebhookTransport pinned() {
    return new PinnedWebhookTransport();
  }
}
