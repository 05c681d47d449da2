package io.streamcert.reference.subs;

import java.util.List;
import java.util.Map;

/**
 * Signs webhook deliveries (§7.1) and publishes the verification keys (§6.5). A seam: tests
 * replace it to build a server that sends unsigned or wrongly signed webhooks.
 */
public interface WebhookSigner {

  /** The key id of the current signing key. */
  String kid();

  /**
   * The {@code Webhook-Signature} header value for a body sent at {@code epochSeconds}, or null to
   * send none.
   */
  String signatureHeader(long epochSeconds, byte[] body);

  /** The public keys as JWK objects, for {@code __ds/jwks.json}; never private material. */
  List<Map<String, Object>> publicJwks();
}
