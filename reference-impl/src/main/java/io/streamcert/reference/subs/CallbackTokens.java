package io.streamcert.reference.subs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callback and claim tokens (§12.9): {@code <payload>.<HMAC-SHA256>}, both base64url, where the
 * payload is {@code <subscription id>|<generation>|<token id>|<expiry ms>}. They travel only in the
 * Authorization header; tampered, foreign or expired ones are refused with 401.
 */
public final class CallbackTokens {

  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  /** How long a token is accepted at most; staleness before that is decided by fencing. */
  public static final long LIFETIME_MS = 24L * 3600 * 1000;

  private final byte[] secret;
  private final SecureRandom random = new SecureRandom();

  public CallbackTokens(byte[] secret) {
    if (secret.length < 16) throw new IllegalArgumentException("the token secret must have at least 16 bytes");
    this.secret = secret.clone();
  }

  public static byte[] newSecret() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** A verified token. */
  public record Claims(String subscriptionId, long generation, String tokenId, long expiresAtMillis) {}

  /** Issues a token; the returned claims carry its fresh id. */
  public String issue(String subscriptionId, long generation, long nowMillis) {
    byte[] id = new byte[12];
    random.nextBytes(id);
    String payload = subscriptionId + "|" + generation + "|" + ENC.encodeToString(id) + "|" + (nowMillis + LIFETIME_MS);
    String p = ENC.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return p + "." + ENC.encodeToString(mac(p));
  }

  /**
   * Verifies a token for a subscription.
   *
   * @throws SubscriptionException 401 TOKEN_INVALID or TOKEN_EXPIRED
   */
  public Claims verify(String token, String subscriptionId, long nowMillis) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) throw invalid("it is not a token this server issued");
    String p = token.substring(0, dot);
    byte[] given;
    try {
      given = DEC.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("its signature is not base64url");
    }
    if (!MessageDigest.isEqual(mac(p), given)) throw invalid("its signature does not verify");
    String[] f;
    try {
      f = new String(DEC.decode(p), StandardCharsets.UTF_8).split("\\|", -1);
    } catch (IllegalArgumentException e) {
      throw invalid("its payload is not base64url");
    }
    int n = f.length;
    if (n < 4) throw invalid("its payload is malformed");
    String sub = String.join("|", java.util.Arrays.copyOfRange(f, 0, n - 3));
    if (!sub.equals(subscriptionId)) throw invalid("it was issued for another subscription");
    long gen = Long.parseLong(f[n - 3]);
    long exp = Long.parseLong(f[n - 1]);
    if (nowMillis > exp) {
      throw new SubscriptionException(401, "TOKEN_EXPIRED", "the bearer token expired; use the token of the current wake");
    }
    return new Claims(sub, gen, f[n - 2], exp);
  }

  private static SubscriptionException invalid(String why) {
    return new SubscriptionException(401, "TOKEN_INVALID", "the bearer token is invalid: " + why);
  }

  private byte[] mac(String payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
