package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Glob matching, config hashing, backoff, URL policy, tokens and signing keys. */
class SubscriptionPartsTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "events/*, events/a, true",
      "events/*, events, false",
      "events/*, events/a/b, false",
      "events/*, other/a, false",
      "/events/*/, events/a, true",
      "events/**, events, true",
      "events/**, events/a/b/c, true",
      "**, anything/at/all, true",
      "a/**/z, a/z, true",
      "a/**/z, a/b/c/z, true",
      "a/**/z, a/b/c/y, false",
      "*/x, a/x, true",
      "*/x, a/b/x, false",
      "ev*, events, false",
      "events/a, events/a, true",
  })
  void globsMatchWholeSegments(String pattern, String path, boolean expected) {
    assertThat(Glob.matches(pattern, path)).isEqualTo(expected);
  }

  private static SubscriptionSpec spec(String json) {
    return SubscriptionSpec.parse(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theConfigHashIgnoresOrderDuplicatesSlashesAndDefaults() {
    String a = spec("{\"type\":\"pull-wake\",\"streams\":[\"b\",\"a\",\"/a\"],\"wake_stream\":\"/w/\"}").hash();
    String b = spec("{\"wake_stream\":\"w\",\"streams\":[\"a\",\"b\"],\"type\":\"pull-wake\",\"lease_ttl_ms\":30000}").hash();
    assertThat(a).isEqualTo(b);
    for (String other : List.of(
        "{\"type\":\"pull-wake\",\"streams\":[\"a\"],\"wake_stream\":\"w\"}",
        "{\"type\":\"pull-wake\",\"streams\":[\"a\",\"b\"],\"wake_stream\":\"w2\"}",
        "{\"type\":\"pull-wake\",\"streams\":[\"a\",\"b\"],\"wake_stream\":\"w\",\"lease_ttl_ms\":1000}",
        "{\"type\":\"pull-wake\",\"streams\":[\"a\",\"b\"],\"wake_stream\":\"w\",\"description\":\"d\"}",
        "{\"type\":\"pull-wake\",\"streams\":[\"a\",\"b\"],\"wake_stream\":\"w\",\"pattern\":\"x/*\"}")) {
      assertThat(spec(other).hash()).as(other).isNotEqualTo(a);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "{\"type\":\"push\",\"pattern\":\"a\"}",
      "{\"type\":\"webhook\",\"webhook\":{\"url\":\"https://x.example\"}}",
      "{\"type\":\"webhook\",\"pattern\":\"a/*\"}",
      "{\"type\":\"pull-wake\",\"pattern\":\"a/*\"}",
      "{\"type\":\"pull-wake\",\"pattern\":\"a/*\",\"wake_stream\":\"w\",\"lease_ttl_ms\":999}",
      "{\"type\":\"pull-wake\",\"pattern\":\"a/*\",\"wake_stream\":\"w\",\"lease_ttl_ms\":600001}",
      "{\"type\":\"pull-wake\",\"streams\":[1],\"wake_stream\":\"w\"}",
      "{\"type\":\"pull-wake\",\"streams\":[\"__ds/x\"],\"wake_stream\":\"w\"}",
  })
  void invalidRequestsAreRejectedWith400(String json) {
    assertThatThrownBy(() -> spec(json)).isInstanceOfSatisfying(SubscriptionException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("INVALID_REQUEST");
    });
  }

  @Test
  void backoffDoublesFromOneSecondToSixtyWithTwentyPercentJitter() {
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 50).stream().map(Backoff::baseDelay).toList())
        .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);
    assertThat(new Backoff(() -> 0.0).delay(1)).isEqualTo(800);
    assertThat(new Backoff(() -> 0.5).delay(1)).isEqualTo(1000);
    assertThat(new Backoff(() -> 0.999999).delay(1)).isEqualTo(1200);
    assertThat(new Backoff(() -> 0.0).delay(20)).isEqualTo(48000);
    assertThat(new Backoff(() -> 0.999999).delay(20)).isEqualTo(72000);
    Backoff real = new Backoff();
    for (int attempt = 1; attempt <= 10; attempt++) {
      long base = Backoff.baseDelay(attempt);
      for (int i = 0; i < 200; i++) {
        assertThat(real.delay(attempt)).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
      }
    }
    assertThatThrownBy(() -> Backoff.baseDelay(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static final SafeWebhookUrlPolicy STRICT = new SafeWebhookUrlPolicy(false, h -> {
    throw new UnknownHostException(h);
  });

  @ParameterizedTest
  @ValueSource(strings = {
      "http://10.0.0.1/hook", "https://10.0.0.1/hook", "https://172.16.0.1/", "https://172.31.255.255/",
      "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fc00::1]/",
      "https://[fd12:3456::1]/", "https://[fe80::1]/", "https://[::ffff:10.0.0.1]/", "https://127.0.0.1/",
      "https://localhost/", "http://127.0.0.1:8080/hook", "http://localhost:8080/", "http://example.com/hook",
      "ftp://example.com/", "https://0.0.0.0/", "https://metadata.google.internal/", "not a url", "/relative",
  })
  void unsafeUrlsAreRefusedAtCreation(String url) {
    assertThatThrownBy(() -> STRICT.checkAtCreation(url)).isInstanceOfSatisfying(SubscriptionException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("WEBHOOK_URL_REJECTED");
    });
  }

  @Test
  void loopbackIsAcceptedOnlyWhenAllowedAndPrivateTargetsNever() {
    SafeWebhookUrlPolicy dev = new SafeWebhookUrlPolicy(true, h -> new InetAddress[0]);
    assertThat(dev.checkAtCreation("http://127.0.0.1:9999/webhook").getPort()).isEqualTo(9999);
    dev.checkAtCreation("http://localhost:1/");
    dev.checkAtCreation("http://[::1]:1/");
    assertThatThrownBy(() -> dev.checkAtCreation("http://10.0.0.1/hook")).isInstanceOf(SubscriptionException.class);
    assertThatThrownBy(() -> dev.checkAtCreation("http://example.com/hook")).isInstanceOf(SubscriptionException.class);
    assertThatThrownBy(() -> dev.checkAtCreation("https://169.254.169.254/")).isInstanceOf(SubscriptionException.class);
    assertThat(STRICT.checkAtCreation("https://hooks.example.com/x").getHost()).isEqualTo("hooks.example.com");
    assertThat(STRICT.checkAtCreation("https://93.184.216.34/x")).isNotNull();
  }

  @Test
  void deliveryReChecksEveryResolvedAddress() throws Exception {
    Map<String, InetAddress[]> dns = new HashMap<>();
    dns.put("good.example", new InetAddress[] {InetAddress.getByName("93.184.216.34")});
    dns.put("two.example", new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("2606:2800:220:1::1")});
    dns.put("rebound.example", new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")});
    dns.put("meta.example", new InetAddress[] {InetAddress.getByName("169.254.169.254")});
    dns.put("v6.example", new InetAddress[] {InetAddress.getByName("fd00::5")});
    SafeWebhookUrlPolicy p = new SafeWebhookUrlPolicy(false, h -> {
      InetAddress[] a = dns.get(h);
      if (a == null) throw new UnknownHostException(h);
      return a;
    });
    ApprovedTarget good = p.checkAtDelivery(p.checkAtCreation("https://good.example/hook"));
    assertThat(good.uri()).isEqualTo(URI.create("https://good.example/hook"));
    assertThat(good.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
    // the delivery may connect to exactly the checked addresses, in the resolver's order
    assertThat(p.checkAtDelivery(p.checkAtCreation("https://two.example/x")).addresses())
        .containsExactly(dns.get("two.example"));
    for (String host : List.of("rebound.example", "meta.example", "v6.example", "missing.example")) {
      URI u = p.checkAtCreation("https://" + host + "/hook");
      assertThatThrownBy(() -> p.checkAtDelivery(u)).as(host).isInstanceOfSatisfying(SubscriptionException.class,
          e -> assertThat(e.code()).isEqualTo("WEBHOOK_URL_REJECTED"));
    }
  }

  @Test
  void tokensAreBoundToSubscriptionAndExpireAndResistTampering() {
    CallbackTokens t = new CallbackTokens(CallbackTokens.newSecret());
    String tok = t.issue("sub|a", 7, 1000);
    CallbackTokens.Claims c = t.verify(tok, "sub|a", 2000);
    assertThat(c.generation()).isEqualTo(7);
    assertThat(c.subscriptionId()).isEqualTo("sub|a");
    assertThat(t.issue("sub|a", 7, 1000)).as("each token has its own id").isNotEqualTo(tok);
    assertThatThrownBy(() -> t.verify(tok, "other", 2000)).isInstanceOfSatisfying(SubscriptionException.class,
        e -> assertThat(e.code()).isEqualTo("TOKEN_INVALID"));
    assertThatThrownBy(() -> t.verify(tok, "sub|a", 1000 + CallbackTokens.LIFETIME_MS + 1))
        .isInstanceOfSatisfying(SubscriptionException.class, e -> assertThat(e.code()).isEqualTo("TOKEN_EXPIRED"));
    String tampered = (tok.charAt(0) == 'A' ? 'B' : 'A') + tok.substring(1);
    assertThatThrownBy(() -> t.verify(tampered, "sub|a", 2000)).isInstanceOf(SubscriptionException.class);
    assertThatThrownBy(() -> new CallbackTokens(CallbackTokens.newSecret()).verify(tok, "sub|a", 2000))
        .as("another server's secret").isInstanceOf(SubscriptionException.class);
  }

  @Test
  void theSigningKeyIsPublishedWithoutPrivatePartsAndSurvivesReopening(@TempDir java.nio.file.Path dir) throws Exception {
    Ed25519Signer s = Ed25519Signer.stored(new FileSubscriptionStore(dir));
    Map<String, Object> jwk = s.publicJwks().get(0);
    assertThat(jwk).containsEntry("kty", "OKP").containsEntry("crv", "Ed25519").containsEntry("alg", "EdDSA")
        .containsEntry("kid", s.kid()).doesNotContainKey("d");
    assertThat(s.kid()).startsWith("ds_");
    assertThat(java.util.Base64.getUrlDecoder().decode((String) jwk.get("x"))).hasSize(32);
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    String header = s.signatureHeader(1_700_000_000L, body);
    assertThat(header).matches("t=1700000000,kid=ds_[A-Za-z0-9_-]+,ed25519=[A-Za-z0-9_-]+");
    assertThat(Harness.verifies(s, header, body)).isTrue();
    Ed25519Signer again = Ed25519Signer.stored(new FileSubscriptionStore(dir));
    assertThat(again.kid()).isEqualTo(s.kid());
    assertThat(Harness.verifies(again, header, body)).as("the reopened key verifies old signatures").isTrue();
    assertThat(Ed25519Signer.stored(new FileSubscriptionStore(dir.resolve("other"))).kid()).isNotEqualTo(s.kid());
    java.nio.file.Files.writeString(dir.resolve(Ed25519Signer.KEY_NAME + ".secret"), "garbage\nmore\n");
    assertThatThrownBy(() -> Ed25519Signer.stored(new FileSubscriptionStore(dir)))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining(Ed25519Signer.KEY_NAME);
  }
}
