package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The control API over HTTP on a file-storage server, across a restart. */
class SubscriptionHttpTest {

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

  private static ReferenceServer start(Path dir, boolean loopback) throws Exception {
    return ReferenceServer.start(ServerConfig.builder().port(0).storage(ServerConfig.Storage.FILE).dataDir(dir)
        .allowLoopbackWebhooks(loopback).build());
  }

  private HttpResponse<String> send(ReferenceServer s, String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUri() + ReferenceServer.STREAM_ROOT + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> json(HttpResponse<String> r) {
    return Json.object(Json.parse(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  private static String errorCode(HttpResponse<String> r) {
    return (String) ((Map<String, Object>) json(r).get("error")).get("code");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theControlApiWorksOverHttpAndItsStateSurvivesARestart(@TempDir Path dir) throws Exception {
    String sub = "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"webhook\":{\"url\":\"" + hook + "\"},\"lease_ttl_ms\":60000}";
    String kid;
    String acked;
    try (ReferenceServer s = start(dir, true)) {
      HttpResponse<String> created = send(s, "PUT", "__ds/subscriptions/sub-1", sub);
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(created.body()).doesNotContain("secret");
      Map<String, Object> signing = (Map<String, Object>) ((Map<String, Object>) json(created).get("webhook")).get("signing");
      kid = (String) signing.get("kid");
      assertThat(signing.get("jwks_url")).isEqualTo(s.baseUri() + "/v1/stream/__ds/jwks.json");
      assertThat(send(s, "PUT", "__ds/subscriptions/sub-1", sub).statusCode()).isEqualTo(200);
      HttpResponse<String> conflict = send(s, "PUT", "__ds/subscriptions/sub-1", sub.replace("60000", "1000"));
      assertThat(conflict.statusCode()).isEqualTo(409);
      assertThat(errorCode(conflict)).isEqualTo("SUBSCRIPTION_ALREADY_EXISTS");

      HttpResponse<String> jwks = send(s, "GET", "__ds/jwks.json", null);
      assertThat(jwks.statusCode()).isEqualTo(200);
      assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
      assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
      assertThat(jwks.body()).contains("\"kid\":\"" + kid + "\"").doesNotContain("\"d\"");

      HttpResponse<String> unsafe = send(s, "PUT", "__ds/subscriptions/bad",
          "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"webhook\":{\"url\":\"http://10.0.0.1/hook\"}}");
      assertThat(unsafe.statusCode()).isEqualTo(400);
      assertThat(errorCode(unsafe)).isEqualTo("WEBHOOK_URL_REJECTED");
      assertThat(send(s, "GET", "__ds/subscriptions/bad", null).statusCode()).isEqualTo(404);

      HttpResponse<String> stream = send(s, "PUT", "events/a", "{\"event\":\"created\"}");
      assertThat(stream.statusCode()).isEqualTo(201);
      String tail = stream.headers().firstValue("Stream-Next-Offset").orElseThrow();
      Receiver.Got wake = receiver.first.get(10, TimeUnit.SECONDS);
      assertThat(Harness.verifies(jwksSigner(jwks.body()), wake.header("Webhook-Signature"), wake.body())).isTrue();
      Map<String, Object> body = Json.object(Json.parse(wake.body()));
      assertThat(body.get("callback_url")).isEqualTo(s.baseUri() + "/v1/stream/__ds/subscriptions/sub-1/callback");
      String ack = "{\"wake_id\":\"" + body.get("wake_id") + "\",\"generation\":" + body.get("generation")
          + ",\"acks\":[{\"stream\":\"events/a\",\"offset\":\"" + tail + "\"}],\"done\":true}";
      String callback = "__ds/subscriptions/sub-1/callback";
      HttpResponse<String> noToken = send(s, "POST", callback, ack);
      assertThat(noToken.statusCode()).isEqualTo(401);
      HttpResponse<String> ok = send(s, "POST", callback, ack, "Authorization", "Bearer " + body.get("callback_token"));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(json(ok)).isEqualTo(Map.of("ok", true, "next_wake", false));
      HttpResponse<String> stale = send(s, "POST", callback, ack, "Authorization", "Bearer " + body.get("callback_token"));
      assertThat(stale.statusCode()).isEqualTo(409);
      assertThat(errorCode(stale)).isEqualTo("FENCED");

      assertThat(send(s, "POST", "__ds/subscriptions/sub-1/streams", "{\"streams\":[\"manual/a\",\"manual/b\"]}").statusCode())
          .isEqualTo(204);
      assertThat(send(s, "DELETE", "__ds/subscriptions/sub-1/streams/manual%2Fb", null).statusCode()).isEqualTo(204);
      assertThat(send(s, "DELETE", "__ds/subscriptions/sub-1/streams/manual%2Fb", null).statusCode()).isEqualTo(204);
      assertThat(send(s, "GET", "__ds/subscriptions/sub-1/callback", null).statusCode()).isEqualTo(405);
      assertThat(send(s, "GET", "__ds/elsewhere", null).statusCode()).isEqualTo(404);
      HttpResponse<String> head = send(s, "HEAD", "__ds/jwks.json", null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(send(s, "HEAD", "__ds/subscriptions/none", null).statusCode()).isEqualTo(404);
      assertThat(send(s, "GET", "__ds/subscriptions/sub-1", null).statusCode()).as("the connection is still in step").isEqualTo(200);
      acked = tail;
    }
    try (ReferenceServer s = start(dir, true)) {
      HttpResponse<String> get = send(s, "GET", "__ds/subscriptions/sub-1", null);
      assertThat(get.statusCode()).isEqualTo(200);
      List<Object> links = (List<Object>) json(get).get("streams");
      assertThat(links).containsExactly(
          Map.of("path", "events/a", "link_type", "glob", "acked_offset", acked),
          Map.of("path", "manual/a", "link_type", "explicit", "acked_offset", "-1"));
      assertThat(send(s, "GET", "__ds/jwks.json", null).body()).as("the signing key survives").contains(kid);
      assertThat(send(s, "PUT", "__ds/subscriptions/sub-1", sub).statusCode()).isEqualTo(200);
      assertThat(send(s, "DELETE", "__ds/subscriptions/sub-1", null).statusCode()).isEqualTo(204);
      assertThat(send(s, "GET", "__ds/subscriptions/sub-1", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void loopbackWebhooksNeedTheDevelopmentFlag(@TempDir Path dir) throws Exception {
    try (ReferenceServer s = start(dir, false)) {
      HttpResponse<String> r = send(s, "PUT", "__ds/subscriptions/dev",
          "{\"type\":\"webhook\",\"pattern\":\"events/*\",\"webhook\":{\"url\":\"" + hook + "\"}}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(errorCode(r)).isEqualTo("WEBHOOK_URL_REJECTED");
      assertThat(json(r).toString()).contains("--allow-loopback-webhooks");
    }
  }

  /** A verifier over the keys a JWKS document publishes. */
  @SuppressWarnings("unchecked")
  private static WebhookSigner jwksSigner(String jwks) {
    List<Map<String, Object>> keys = (List<Map<String, Object>>) (List<?>) Json.object(
        Json.parse(jwks.getBytes(StandardCharsets.UTF_8))).get("keys");
    return new WebhookSigner() {
      @Override public String kid() { return (String) keys.get(0).get("kid"); }
      @Override public String signatureHeader(long t, byte[] b) { throw new UnsupportedOperationException(); }
      @Override public List<Map<String, Object>> publicJwks() { return keys; }
    };
  }
}
