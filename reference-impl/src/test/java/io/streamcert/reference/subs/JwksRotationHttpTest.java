package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation seen from outside: the JWKS and the webhooks of a file-storage server across restarts. */
class JwksRotationHttpTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Receiver receiver;
  private String hook;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = Receiver.http(new InetSocketAddress("127.0.0.1", 0));
    hook = "http://127.0.0.1:" + receiver.port() + "/hook";
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private static ReferenceServer start(Path dir, boolean rotate) throws Exception {
    return ReferenceServer.start(ServerConfig.builder().port(0).storage(ServerConfig.Storage.FILE).dataDir(dir)
        .allowLoopbackWebhooks(true).rotateWebhookKey(rotate).build());
  }

  private HttpResponse<String> send(ReferenceServer s, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUri() + ReferenceServer.STREAM_ROOT + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> jwks(ReferenceServer s) throws Exception {
    HttpResponse<String> r = send(s, "GET", "__ds/jwks.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    return (List<Map<String, Object>>) (List<?>) Json.object(Json.parse(r.body().getBytes(StandardCharsets.UTF_8))).get("keys");
  }

  private static List<Object> kids(List<Map<String, Object>> keys) {
    return keys.stream().map(k -> k.get("kid")).toList();
  }

  private static WebhookSigner verifier(List<Map<String, Object>> keys) {
    return new WebhookSigner() {
      @Override public String kid() { return (String) keys.get(0).get("kid"); }
      @Override public String signatureHeader(long t, byte[] b) { throw new UnsupportedOperationException(); }
      @Override public List<Map<String, Object>> publicJwks() { return keys; }
    };
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRotatedServerSignsWithTheNewKeyAndStillPublishesTheOldOneAfterARestart(@TempDir Path dir) throws Exception {
    String sub = "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"webhook\":{\"url\":\"" + hook + "\"},\"lease_ttl_ms\":60000}";
    String oldKid;
    try (ReferenceServer s = start(dir, false)) {
      assertThat(send(s, "PUT", "__ds/subscriptions/sub-1", sub).statusCode()).isEqualTo(201);
      oldKid = (String) jwks(s).get(0).get("kid");
    }

    String newKid;
    try (ReferenceServer s = start(dir, true)) {
      List<Map<String, Object>> keys = jwks(s);
      newKid = (String) keys.get(0).get("kid");
      assertThat(newKid).isNotEqualTo(oldKid);
      assertThat(kids(keys)).containsExactly(newKid, oldKid);
      assertThat(keys).allSatisfy(k -> assertThat(k).doesNotContainKey("d"));
      Map<String, Object> view = Json.object(Json.parse(send(s, "GET", "__ds/subscriptions/sub-1", null).body()
          .getBytes(StandardCharsets.UTF_8)));
      assertThat(((Map<String, Object>) ((Map<String, Object>) view.get("webhook")).get("signing")).get("kid")).isEqualTo(newKid);

      assertThat(send(s, "PUT", "events/a", "{\"event\":\"created\"}").statusCode()).isEqualTo(201);
      Receiver.Got wake = receiver.first.get(10, TimeUnit.SECONDS);
      String signature = wake.header("Webhook-Signature");
      assertThat(signature).contains("kid=" + newKid + ",");
      assertThat(Harness.verifies(verifier(List.of(keys.get(0))), signature, wake.body())).as("verifies with the new JWK").isTrue();
      assertThat(Harness.verifies(verifier(List.of(keys.get(1))), signature, wake.body())).isFalse();
    }

    try (ReferenceServer s = start(dir, false)) {
      assertThat(kids(jwks(s))).as("a restart within the overlap").containsExactly(newKid, oldKid);
    }
  }

  @Test
  void anOverlapShorterThanTheJwksMaxAgeIsAConfigError() {
    assertThatThrownBy(() -> ServerConfig.builder().rotateWebhookKey(true).webhookKeyOverlap(Duration.ofSeconds(299)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--webhook-key-overlap was 299s but must be at least 5m")
        .hasMessageContaining("like 1h");
    assertThat(ServerConfig.defaults().webhookKeyOverlap()).isEqualTo(Duration.ofHours(1));
    assertThat(ServerConfig.defaults().rotateWebhookKey()).isFalse();
    assertThat(ServerConfig.builder().webhookKeyOverlap(Duration.ofMinutes(5)).build().webhookKeyOverlap())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aCorruptSigningKeyFileStopsTheStartNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
    String oldKid;
    try (ReferenceServer s = start(dir, false)) {
      oldKid = (String) jwks(s).get(0).get("kid");
    }
    Path keyFile = dir.resolve("subscriptions").resolve(Ed25519Signer.KEY_NAME + ".secret");
    assertThat(keyFile).exists();
    java.nio.file.Files.writeString(keyFile, "not a key\n");

    assertThatThrownBy(() -> start(dir, true)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(keyFile.toString())
        .hasMessageContaining("restore it from a backup, or delete it to generate a new key");

    java.nio.file.Files.delete(keyFile);
    try (ReferenceServer s = start(dir, false)) {
      assertThat(kids(jwks(s))).as("the failed start released the data directory; the fix works").hasSize(1)
          .doesNotContain(oldKid);
    }
  }
}
