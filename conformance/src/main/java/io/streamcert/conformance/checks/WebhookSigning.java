package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies webhook signatures the way a receiver must (PROTOCOL.md §6.5, §7.1): the
 * {@code Webhook-Signature: t=<unix seconds>,kid=<key id>,ed25519=<unpadded base64url>} header is an
 * Ed25519 signature over {@code <t>.<raw body>} made with the key the JWKS publishes under that kid.
 */
final class WebhookSigning {

  /** The header's grammar; the signature is unpadded base64url. */
  static final Pattern HEADER = Pattern.compile("^t=(\\d+),kid=([^,]+),ed25519=([A-Za-z0-9_-]+)$");

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private WebhookSigning() {}

  /** The parts of a well-formed header. */
  record Header(long timestamp, String kid, byte[] signature) {}

  /** Parses a header value, or explains why it is not of the form {@code t=…,kid=…,ed25519=…}. */
  static Header parse(String value) {
    Matcher m = HEADER.matcher(value.trim());
    if (!m.matches()) {
      throw new AssertionError("Webhook-Signature must be t=<unix seconds>,kid=<key id>,ed25519=<unpadded base64url> but was: " + value);
    }
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      throw new AssertionError("the ed25519 part of Webhook-Signature is not base64url: " + value, e);
    }
    return new Header(Long.parseLong(m.group(1)), m.group(2), sig);
  }

  /**
   * The public keys of a JWK Set by kid. Fails the check when a key is not an Ed25519 OKP key with a
   * 32-byte {@code x}, when a kid repeats, or when a key carries private material ({@code d}).
   */
  static Map<String, PublicKey> keys(JsonNode jwks) {
    JsonNode keys = jwks.path("keys");
    if (!keys.isArray() || keys.isEmpty()) {
      throw new AssertionError("a JWK Set must hold a non-empty \"keys\" array (PROTOCOL.md §6.5) but was: " + jwks);
    }
    Map<String, PublicKey> out = new LinkedHashMap<>();
    for (JsonNode k : keys) {
      String kid = k.path("kid").asText("");
      if (kid.isEmpty()) throw new AssertionError("every JWK needs a kid (PROTOCOL.md §6.5) but this one has none: " + k);
      if (k.has("d")) throw new AssertionError("the JWKS publishes private key material (member \"d\") for kid " + kid + " (PROTOCOL.md §6.5)");
      if (!"OKP".equals(k.path("kty").asText()) || !"Ed25519".equals(k.path("crv").asText())) {
        throw new AssertionError("webhook signing keys are Ed25519 OKP keys (kty OKP, crv Ed25519) but kid " + kid + " is: " + k);
      }
      if (out.containsKey(kid)) throw new AssertionError("kid " + kid + " names more than one key in the JWKS (PROTOCOL.md §6.5)");
      out.put(kid, publicKey(kid, k.path("x").asText("")));
    }
    return out;
  }

  /** The Ed25519 public key of a JWK's {@code x} member (unpadded base64url of the raw 32 bytes). */
  static PublicKey publicKey(String kid, String x) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(x);
    } catch (IllegalArgumentException e) {
      throw new AssertionError("the x member of JWK " + kid + " is not base64url: " + x, e);
    }
    if (raw.length != 32) throw new AssertionError("the x member of Ed25519 JWK " + kid + " must hold 32 bytes but holds " + raw.length);
    byte[] der = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("JWK " + kid + " is not a usable Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Checks one signed body: returns empty when the header verifies against the key of its kid, or a
   * description of what is wrong.
   */
  static Optional<String> problem(String headerValue, byte[] body, Map<String, PublicKey> keys) {
    if (headerValue == null) return Optional.of("the delivery carries no Webhook-Signature header");
    Header h;
    try {
      h = parse(headerValue);
    } catch (AssertionError e) {
      return Optional.of(e.getMessage());
    }
    PublicKey key = keys.get(h.kid());
    if (key == null) return Optional.of("the signature names kid " + h.kid() + ", which the JWKS does not publish (it has " + keys.keySet() + ")");
    byte[] prefix = (h.timestamp() + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(signed);
      if (!v.verify(h.signature())) {
        return Optional.of("the Ed25519 signature does not verify over '<t>.<raw body>' with the key of kid " + h.kid());
      }
    } catch (GeneralSecurityException e) {
      return Optional.of("the Ed25519 signature cannot be verified: " + e.getMessage());
    }
    return Optional.empty();
  }
}
