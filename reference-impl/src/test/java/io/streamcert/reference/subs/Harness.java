package io.streamcert.reference.subs;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.storage.MemoryStore;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.CreateRequest;
import io.streamcert.reference.stream.Streams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscription engine over real {@link Streams} with a manual clock, a recording webhook
 * transport whose answers the test gives, and effects run on the calling thread.
 */
final class Harness {

  static final String ROOT = "/v1/stream/";
  static final String HOOK = "http://127.0.0.1:9/hook";

  /** One recorded webhook POST; complete {@link #answer} to reply. */
  record Sent(URI url, Map<String, String> headers, byte[] body, CompletableFuture<WebhookTransport.Response> answer) {
    Map<String, Object> json() {
      return Json.object(Json.parse(body));
    }

    void reply(int status, String body) {
      answer.complete(new WebhookTransport.Response(status, body.getBytes(StandardCharsets.UTF_8)));
    }
  }

  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final Streams streams = new Streams(new MemoryStore(), clock::get);
  final List<Sent> sent = new ArrayList<>();
  final SubscriptionStore store;
  final Subscriptions engine;
  final WebhookSigner signer;

  Harness() throws IOException {
    this(new MemorySubscriptionStore(), Fencing.STRICT, 0.5);
  }

  /** @param jitterRandom the fixed random value the backoff draws (0.5 means no jitter) */
  Harness(SubscriptionStore store, Fencing fencing, double jitterRandom) throws IOException {
    this.store = store;
    this.signer = Ed25519Signer.stored(store);
    WebhookTransport transport = (target, headers, body) -> {
      CompletableFuture<WebhookTransport.Response> f = new CompletableFuture<>();
      sent.add(new Sent(target.uri(), headers, body, f));
      return f;
    };
    this.engine = new Subscriptions(new StreamsAccess(streams, ROOT), store, signer,
        new SafeWebhookUrlPolicy(true, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}),
        fencing, new CallbackTokens(store.secret("callback-token-key", CallbackTokens::newSecret)), transport,
        new Backoff(() -> jitterRandom), clock::get, Runnable::run, ROOT);
    streams.observe(new StreamEventRelay(engine, ROOT));
  }

  void create(String path, String contentType, String body) {
    streams.create(new CreateRequest(ROOT + path, contentType, Lifetime.NONE, false,
        body.getBytes(StandardCharsets.UTF_8), null, null, null));
  }

  void append(String path, String contentType, String body) {
    streams.append(new AppendRequest(ROOT + path, contentType, body.getBytes(StandardCharsets.UTF_8), false, null, null));
  }

  String tail(String path) {
    return Subscriptions.offsetText(streams.openForHead(ROOT + path).snapshot().tail());
  }

  Subscriptions.Put put(String id, String json) {
    return engine.put(id, SubscriptionSpec.parse(Json.parse(json.getBytes(StandardCharsets.UTF_8))), "http://127.0.0.1:4437");
  }

  Map<String, Object> get(String id) {
    return engine.get(id, "http://127.0.0.1:4437");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> link(String id, String path) {
    for (Object o : (List<Object>) get(id).get("streams")) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (m.get("path").equals(path)) return m;
    }
    return null;
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  static Object parse(String json) {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Verifies a Webhook-Signature header against the signer's published JWK. */
  static boolean verifies(WebhookSigner signer, String header, byte[] body) throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^t=(\\d+),kid=([^,]+),ed25519=([A-Za-z0-9_-]+)$").matcher(header);
    if (!m.matches()) return false;
    Map<String, Object> jwk = signer.publicJwks().stream().filter(k -> k.get("kid").equals(m.group(2))).findFirst().orElse(null);
    if (jwk == null) return false;
    byte[] raw = Base64.getUrlDecoder().decode((String) jwk.get("x"));
    byte[] spki = new byte[44];
    System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
    System.arraycopy(raw, 0, spki, 12, 32);
    PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(pub);
    s.update((m.group(1) + ".").getBytes(StandardCharsets.US_ASCII));
    s.update(body);
    return s.verify(Base64.getUrlDecoder().decode(m.group(3)));
  }
}
