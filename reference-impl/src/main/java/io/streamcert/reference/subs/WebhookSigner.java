package io.streamcert.reference.subs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs webhook deliveries (§7.1) and publishes the verification keys (§6.5): the current key
 * and any retired keys still within their overlap. A seam: tests replace it to build a server that
 * sends unsigned or wrongly signed webhooks.
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

  /**
   * The retired keys (public halves only) still published, most recently retired first; they sign
   * nothing. None unless the signer supports key rotation.
   */
  default List<RetiredKey> retiredKeys() {
    return List.of();
  }

  /**
   * The public half of a key that signs no more, published until {@code publishUntil}.
   *
   * @param x the raw public key, unpadded base64url (the JWK's {@code x})
   * @param retiredAt epoch milliseconds of the rotation that retired it
   * @param publishUntil epoch milliseconds after which the JWKS no longer lists it
   */
  record RetiredKey(String kid, String x, long retiredAt, long publishUntil) {
    public RetiredKey {
      Objects.requireNonNull(kid, "kid");
      Objects.requireNonNull(x, "x");
    }
  }
}
