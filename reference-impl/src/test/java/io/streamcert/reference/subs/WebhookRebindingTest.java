package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.storage.MemoryStore;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.CreateRequest;
import io.streamcert.reference.stream.Streams;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding against the subscription engine with the real transport. A scripted resolver
 * answers receiver A's address (127.0.0.1) to the delivery-time check and receiver B's (127.0.0.2,
 * same port) to every later lookup, the way a rebinding attacker answers a public address to the
 * check and an internal one to the connect. With loopback allowed both addresses pass the policy, so
 * only the pinning decides where the POST lands.
 */
class WebhookRebindingTest {

  private static final String ROOT = "/v1/stream/";
  private static final String HOST = "rebind.localhost";

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private final AtomicInteger lookups = new AtomicInteger();
  private Receiver a;
  private Receiver b;
  private PinnedWebhookTransport pinned;

  @BeforeEach
  void start() throws Exception {
    a = Receiver.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    b = Receiver.http(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), a.port()));
    a.answering(Receiver.status(200, "{\"done\":true}", "Content-Type", "application/json"));
    b.answering(Receiver.status(200, "{\"done\":true}", "Content-Type", "application/json"));
    pinned = new PinnedWebhookTransport();
  }

  @AfterEach
  void stop() {
    pinned.close();
    a.close();
    b.close();
  }

  /** The first lookup of {@link #HOST} gives A, every later one gives B. */
  private InetAddress[] rebindingDns(String host) throws UnknownHostException {
    if (!host.equals(HOST)) throw new UnknownHostException(host);
    return new InetAddress[] {InetAddress.getByName(lookups.incrementAndGet() == 1 ? "127.0.0.1" : "127.0.0.2")};
  }

  /** Builds an engine on {@code transport}, creates a webhook subscription and makes it deliver once. */
  private void deliverOnce(WebhookTransport transport) throws Exception {
    Streams streams = new Streams(new MemoryStore(), clock::get);
    MemorySubscriptionStore store = new MemorySubscriptionStore();
    Subscriptions engine = new Subscriptions(new StreamsAccess(streams, ROOT), store, Ed25519Signer.ephemeral(),
        new SafeWebhookUrlPolicy(true, this::rebindingDns), Fencing.STRICT, new CallbackTokens(CallbackTokens.newSecret()),
        transport, new Backoff(() -> 0.5), clock::get, Runnable::run, ROOT);
    streams.observe(new StreamEventRelay(engine, ROOT));
    streams.create(new CreateRequest(ROOT + "events/a", "application/json", Lifetime.NONE, false,
        new byte[0], null, null, null));
    String spec = "{\"type\":\"webhook\",\"streams\":[\"events/a\"],\"webhook\":{\"url\":\"http://" + HOST + ":" + a.port()
        + "/hook\"}}";
    engine.put("s1", SubscriptionSpec.parse(Json.parse(spec.getBytes(StandardCharsets.UTF_8))), "http://127.0.0.1:4437");
    assertThat(lookups).as("creation does not resolve").hasValue(0);
    streams.append(new AppendRequest(ROOT + "events/a", "application/json",
        "[{\"n\":1}]".getBytes(StandardCharsets.UTF_8), false, null, null));
  }

  @Test
  void theDeliveryGoesToTheAddressTheCheckApproved() throws Exception {
    deliverOnce(pinned);

    Receiver.Got got = a.first.get(30, TimeUnit.SECONDS);
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.header("Host")).isEqualTo(HOST + ":" + a.port());
    assertThat(got.header("Webhook-Signature")).startsWith("t=");
    Map<String, Object> payload = Json.object(Json.parse(got.body()));
    assertThat(payload.get("subscription_id")).isEqualTo("s1");
    assertThat(lookups).as("the name was looked up once, by the check, and never again").hasValue(1);
    assertThat(a.got).hasSize(1);
    assertThat(b.got).as("the rebound address got nothing").isEmpty();
  }

  @Test
  void aTransportThatLooksTheNameUpAgainIsCaughtByThisRig() throws Exception {
    // the old behaviour (the JDK client resolving the URL's host itself), played with the same DNS
    WebhookTransport resolvesAgain = (target, headers, body) -> {
      try {
        return pinned.post(new ApprovedTarget(target.uri(), List.of(rebindingDns(target.uri().getHost()))), headers, body);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    };
    deliverOnce(resolvesAgain);

    Receiver.Got got = b.first.get(30, TimeUnit.SECONDS);
    assertThat(got.header("Host")).isEqualTo(HOST + ":" + a.port());
    assertThat(lookups).hasValue(2);
    assertThat(a.got).isEmpty();
  }
}
