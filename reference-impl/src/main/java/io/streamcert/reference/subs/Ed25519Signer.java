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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Ed25519 webhook signatures: {@code Webhook-Signature: t=<unix seconds>,kid=<kid>,ed25519=<unpadded
 * base64url signature over "<t>.<raw body>">}. The kid is {@code ds_} plus the RFC 7638 thumbprint
 * of the public JWK, so it is stable for the key's lifetime. {@link #stored} keeps the private
 * key (PKCS#8, owner-only permissions where the file system has them) so signatures verify with
 * the same published key after a restart.
 *
 * <p>Rotation ({@link #stored(SubscriptionStore, boolean, Duration, LongSupplier)}) replaces the
 * signing key with a new one and keeps only the public half of the old key, as a <em>retired</em>
 * key published in the JWKS (after the current key) until its deadline. The retired keys live in
 * their own record ({@code webhook-retired-keys}), so a data directory written before rotation
 * existed loads unchanged.
 */
public final class Ed25519Signer implements WebhookSigner {

  /** The name of the stored key pair. */
  public static final String KEY_NAME = "webhook-signing-key";

  /** The name of the stored list of retired public keys and their deadlines. */
  public static final String RETIRED_NAME = "webhook-retired-keys";

  /** How long receivers may cache the JWKS ({@code Cache-Control: public, max-age=300}). */
  public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

  /** How long a retired key stays published unless told otherwise. */
  public static final Duration DEFAULT_OVERLAP = Duration.ofHours(1);

  private static final Logger LOG = Logger.getLogger(Ed25519Signer.class.getName());
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final PrivateKey privateKey;
  private final String x;
  private final String kid;
  private final List<RetiredKey> retired;
  private final LongSupplier clock;

  public Ed25519Signer(KeyPair pair) {
    this(pair, List.of(), System::currentTimeMillis);
  }

  private Ed25519Signer(KeyPair pair, List<RetiredKey> retired, LongSupplier clock) {
    this.privateKey = pair.getPrivate();
    this.x = rawPublic(pair.getPublic());
    this.kid = kidOf(x);
    // A crash between the two writes of a rotation can leave the current key in the retired list too.
    this.retired = retired.stream().filter(r -> !r.kid().equals(kid)).toList();
    this.clock = Objects.requireNonNull(clock);
  }

  /** A signer with a fresh key that lives as long as the process. */
  public static Ed25519Signer ephemeral() {
    return new Ed25519Signer(generate());
  }

  /**
   * A signer whose key pair is kept by the subscription store under {@code webhook-signing-key}:
   * loaded when present, generated and stored when not. Retired keys still within their deadline
   * are published too; nothing is rotated.
   *
   * @throws IOException when the stored key cannot be read or is not an Ed25519 key pair
   */
  public static Ed25519Signer stored(SubscriptionStore store) throws IOException {
    return stored(store, false, DEFAULT_OVERLAP, System::currentTimeMillis);
  }

  /**
   * Like {@link #stored(SubscriptionStore)}, and with {@code rotate} replaces the stored key by a
   * new one first. The old key's public half is recorded as retired until {@code now + overlap}
   * (written before the new key, so a crash in between never leaves it unpublished); the new key
   * pair then replaces the old one in a single atomic write, so the old private key is gone from
   * the store and never signs again. A store without a key has nothing to retire: rotating it just
   * creates the first key. Retired keys past their deadline are dropped from the store.
   *
   * @param overlap how long the retired key stays in the JWKS; at least {@link #JWKS_MAX_AGE}
   * @param clock epoch milliseconds; decides the deadlines and which retired keys are published
   * @throws IOException when a stored record cannot be read or written; the message names it and the fix
   * @throws IllegalArgumentException when {@code overlap} is shorter than {@link #JWKS_MAX_AGE}
   */
  public static Ed25519Signer stored(SubscriptionStore store, boolean rotate, Duration overlap, LongSupplier clock)
      throws IOException {
    if (overlap == null || overlap.compareTo(JWKS_MAX_AGE) < 0) {
      throw new IllegalArgumentException("the webhook key overlap was " + overlap + " but must be at least "
          + JWKS_MAX_AGE.toMinutes() + " minutes, the time receivers may cache the JWKS");
    }
    long now = clock.getAsLong();
    boolean[] created = {false};
    byte[] text = store.secret(KEY_NAME, () -> {
      created[0] = true;
      return encode(generate());
    });
    KeyPair current = decode(text, store.whereIs(KEY_NAME));
    List<RetiredKey> stored = readRetired(store);
    List<RetiredKey> live = new ArrayList<>();
    for (RetiredKey r : stored) {
      if (r.publishUntil() > now) live.add(r);
    }
    boolean dirty = live.size() != stored.size();
    if (rotate && !created[0]) {
      String oldX = rawPublic(current.getPublic());
      RetiredKey old = new RetiredKey(kidOf(oldX), oldX, now, now + overlap.toMillis());
      List<RetiredKey> next = new ArrayList<>();
      next.add(old);
      for (RetiredKey r : live) {
        if (!r.kid().equals(old.kid())) next.add(r);
      }
      writeRetired(store, next);
      KeyPair fresh = generate();
      store.putSecret(KEY_NAME, encode(fresh));
      current = fresh;
      live = next;
      dirty = false;
      LOG.info("webhook signing key rotated: new deliveries are signed with " + kidOf(rawPublic(fresh.getPublic()))
          + "; the retired key " + old.kid() + " stays in the JWKS until " + Instant.ofEpochMilli(old.publishUntil()));
    } else if (rotate) {
      LOG.info("webhook key rotation asked for, but there was no key to retire; created the first one");
    }
    if (dirty) writeRetired(store, live);
    return new Ed25519Signer(current, live, clock);
  }

  private static byte[] encode(KeyPair pair) {
    return (Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static KeyPair decode(byte[] text, String where) throws IOException {
    String[] lines = new String(text, StandardCharsets.US_ASCII).split("\n");
    try {
      if (lines.length < 2) throw new IllegalArgumentException("expected two lines (private, public)");
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0].trim())));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1].trim())));
      KeyPair pair = new KeyPair(pub, priv);
      byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(pub);
      v.update("0.".getBytes(StandardCharsets.US_ASCII));
      v.update(probe);
      if (!v.verify(new Ed25519Signer(pair).sign(0, probe))) {
        throw new IllegalArgumentException("its public key does not match its private key");
      }
      return pair;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the stored webhook signing key (" + KEY_NAME + ", " + where + ") is not a usable Ed25519 key pair ("
          + e.getMessage() + "); restore it from a backup, or delete it to generate a new key (receivers must then refetch"
          + " the JWKS, and signatures by the lost key no longer verify)", e);
    }
  }

  private static List<RetiredKey> readRetired(SubscriptionStore store) throws IOException {
    byte[] text = store.findSecret(RETIRED_NAME);
    if (text == null) return List.of();
    try {
      Map<String, Object> doc = Json.object(Json.parse(text));
      if (doc == null || !(doc.get("retired") instanceof List<?> entries)) {
        throw new IllegalArgumentException("expected a JSON object with a \"retired\" array");
      }
      List<RetiredKey> out = new ArrayList<>();
      for (Object o : entries) {
        Map<String, Object> e = Json.object(o);
        if (e == null || !(e.get("kid") instanceof String kid) || !(e.get("x") instanceof String x)
            || !(e.get("retired_at") instanceof Long at) || !(e.get("publish_until") instanceof Long until)) {
          throw new IllegalArgumentException("each entry needs kid, x (strings), retired_at and publish_until (epoch ms)");
        }
        if (Base64.getUrlDecoder().decode(x).length != 32 || !kid.equals(kidOf(x))) {
          throw new IllegalArgumentException("the entry " + kid + " does not hold the Ed25519 public key its kid names");
        }
        out.add(new RetiredKey(kid, x, at, until));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new IOException("the retired webhook keys (" + RETIRED_NAME + ", " + store.whereIs(RETIRED_NAME) + ") are unreadable ("
          + e.getMessage() + "); restore the file from a backup, or delete it to stop publishing the retired keys"
          + " (signatures made with them then no longer verify)", e);
    }
  }

  private static void writeRetired(SubscriptionStore store, List<RetiredKey> keys) throws IOException {
    List<Object> entries = new ArrayList<>();
    for (RetiredKey r : keys) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("kid", r.kid());
      e.put("x", r.x());
      e.put("retired_at", r.retiredAt());
      e.put("publish_until", r.publishUntil());
      entries.add(e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("retired", entries);
    store.putSecret(RETIRED_NAME, Json.write(doc));
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is required)", e);
    }
  }

  /** The raw 32-byte public key, unpadded base64url (the JWK's {@code x}). */
  private static String rawPublic(PublicKey pub) {
    byte[] spki = pub.getEncoded();
    // The X.509 SubjectPublicKeyInfo of an Ed25519 key ends with the raw 32-byte public key.
    return B64URL.encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
  }

  private static String kidOf(String x) {
    return "ds_" + thumbprint(x);
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

  /** The raw signature over {@code "<t>.<body>"}, always by the current key. */
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

  /** The retired keys still published now (their deadline not yet reached), most recently retired first. */
  @Override
  public List<RetiredKey> retiredKeys() {
    long now = clock.getAsLong();
    return retired.stream().filter(r -> r.publishUntil() > now).toList();
  }

  /** The current key first, then every retired key whose deadline has not passed. */
  @Override
  public List<Map<String, Object>> publicJwks() {
    List<Map<String, Object>> keys = new ArrayList<>();
    keys.add(jwk(x, kid));
    for (RetiredKey r : retiredKeys()) keys.add(jwk(r.x(), r.kid()));
    return keys;
  }

  private static Map<String, Object> jwk(String x, String kid) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("kty", "OKP");
    k.put("crv", "Ed25519");
    k.put("x", x);
    k.put("kid", kid);
    k.put("use", "sig");
    k.put("alg", "EdDSA");
    return k;
  }
}
