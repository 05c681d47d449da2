package io.streamcert.reference.subs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ed25519 webhook signatures: {@code Webhook-Signature: t=<unix seconds>,kid=<kid>,ed25519=<unpadded
 * base64url signature over "<t>.<raw body>">}. The kid is {@code ds_} plus the RFC 7638 thumbprint
 * of the public JWK, so it is stable for the key's lifetime. {@link #stored} keeps the private
 * key (PKCS#8, owner-only permissions where the file system has them) so signatures verify with
 * the same published key after a restart.
 */
public final class Ed25519Signer implements WebhookSigner {

  /** The name of the stored key pair. */
  public static final String KEY_NAME = "webhook-signing-key";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final PrivateKey privateKey;
  private final String x;
  private final String kid;

  public Ed25519Signer(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    byte[] spki = pair.getPublic().getEncoded();
    // The X.509 SubjectPublicKeyInfo of an Ed25519 key ends with the raw 32-byte public key.
    this.x = B64URL.encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    this.kid = "ds_" + thumbprint(x);
  }

  /** A signer with a fresh key that lives as long as the process. */
  public static Ed25519Signer ephemeral() {
    return new Ed25519Signer(generate());
  }

  /**
   * A signer whose key pair is kept by the subscription store under {@code webhook-signing-key}:
   * loaded when present, generated and stored when not.
   *
   * @throws IOException when the stored key cannot be read or is not an Ed25519 key pair
   */
  public static Ed25519Signer stored(SubscriptionStore store) throws IOException {
    byte[] text = store.secret(KEY_NAME, () -> {
      KeyPair pair = generate();
      return (Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
          + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
    });
    String[] lines = new String(text, StandardCharsets.US_ASCII).split("\n");
    try {
      if (lines.length < 2) throw new IllegalArgumentException("expected two lines (private, public)");
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0].trim())));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1].trim())));
      Ed25519Signer signer = new Ed25519Signer(new KeyPair(pub, priv));
      byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(pub);
      v.update("0.".getBytes(StandardCharsets.US_ASCII));
      v.update(probe);
      if (!v.verify(signer.sign(0, probe))) throw new IllegalArgumentException("its public key does not match its private key");
      return signer;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the stored webhook signing key (" + KEY_NAME + ") is not a usable Ed25519 key pair (" + e.getMessage()
          + "); restore it from a backup, or delete it to generate a new key (receivers must then refetch the JWKS)", e);
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is required)", e);
    }
  }

  private static String thumbprint(String x) {
    String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
    try {
      return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String kid() {
    return kid;
  }

  @Override
  public String signatureHeader(long epochSeconds, byte[] body) {
    return "t=" + epochSeconds + ",kid=" + kid + ",ed25519=" + B64URL.encodeToString(sign(epochSeconds, body));
  }

  /** The raw signature over {@code "<t>.<body>"}. */
  public byte[] sign(long epochSeconds, byte[] body) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      s.update(body);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing a webhook failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Map<String, Object>> publicJwks() {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("kty", "OKP");
    k.put("crv", "Ed25519");
    k.put("x", x);
    k.put("kid", kid);
    k.put("use", "sig");
    k.put("alg", "EdDSA");
    return List.of(k);
  }
}
