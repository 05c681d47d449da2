package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pinned webhook transport over plain http: it connects to the approved addresses and nowhere
 * else, sends the URL's name as Host, and keeps the JDK client's limits (no redirects, bounded body,
 * answer timeout).
 */
class PinnedWebhookTransportTest {

  private static final byte[] BODY = "{\"wake_id\":\"w1\"}".getBytes(StandardCharsets.UTF_8);

  private Receiver receiver;
  private PinnedWebhookTransport transport;

  @BeforeEach
  void start() throws Exception {
    receiver = Receiver.http(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    transport = new PinnedWebhookTransport();
  }

  @AfterEach
  void stop() {
    transport.close();
    receiver.close();
  }

  private static Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Webhook-Signature", "t=1,kid=ds_k,ed25519=sig");
    return h;
  }

  private static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  private ApprovedTarget target(String url, InetAddress... addresses) {
    return new ApprovedTarget(URI.create(url), List.of(addresses));
  }

  private static WebhookTransport.Response await(java.util.concurrent.CompletableFuture<WebhookTransport.Response> f)
      throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void postsToTheApprovedAddressAndNeverResolvesTheName() throws Exception {
    // hooks.invalid cannot resolve (RFC 6761): the POST can only arrive through the approved address
    receiver.answering(Receiver.status(200, "{\"done\":true}", "Content-Type", "application/json"));
    String url = "http://hooks.invalid:" + receiver.port() + "/hook/in?x=1&y=%20";

    WebhookTransport.Response r = await(transport.post(target(url, ip("127.0.0.1")), headers(), BODY));

    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"done\":true}");
    assertThat(receiver.got).hasSize(1);
    Receiver.Got g = receiver.got.get(0);
    assertThat(g.method()).isEqualTo("POST");
    assertThat(g.target()).isEqualTo("/hook/in?x=1&y=%20");
    assertThat(g.header("Host")).isEqualTo("hooks.invalid:" + receiver.port());
    assertThat(g.header("Content-Type")).isEqualTo("application/json");
    assertThat(g.header("Webhook-Signature")).isEqualTo("t=1,kid=ds_k,ed25519=sig");
    assertThat(g.header("Content-Length")).isEqualTo(String.valueOf(BODY.length));
    assertThat(g.body()).isEqualTo(BODY);
  }

  @Test
  void aResolverThatWouldAnswerIsNeverAsked() throws Exception {
    // the address object carries a host name; connecting must use its address bytes, not the name
    InetAddress named = InetAddress.getByAddress("rebinds.example", new byte[] {127, 0, 0, 1});
    WebhookTransport.Response r = await(transport.post(
        target("http://rebinds.example:" + receiver.port() + "/h", named), headers(), BODY));
    assertThat(r.status()).isEqualTo(200);
    assertThat(receiver.got).singleElement().satisfies(g -> assertThat(g.header("Host")).isEqualTo("rebinds.example:" + receiver.port()));
  }

  @Test
  void triesTheApprovedAddressesInOrderWhenAConnectionFails() throws Exception {
    // nothing listens on 127.0.0.2 at the receiver's port, so that connection is refused
    WebhookTransport.Response r = await(transport.post(
        target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.2"), ip("127.0.0.1")), headers(), BODY));
    assertThat(r.status()).isEqualTo(200);
    assertThat(receiver.got).hasSize(1);
  }

  @Test
  void failsNamingTheAddressesWhenNoneConnects() throws Exception {
    int port = receiver.port();
    receiver.close();
    assertThatThrownBy(() -> await(transport.post(
        target("http://hooks.invalid:" + port + "/hook", ip("127.0.0.2"), ip("127.0.0.1")), headers(), BODY)))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IOException.class)
        .hasMessageContaining("http://hooks.invalid:" + port + "/hook")
        .hasMessageContaining("127.0.0.1 port " + port);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    receiver.answering(Receiver.status(302, "", "Location", "http://127.0.0.1:" + receiver.port() + "/elsewhere"));
    WebhookTransport.Response r = await(transport.post(
        target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.1")), headers(), BODY));
    assertThat(r.status()).isEqualTo(302);
    assertThat(receiver.got).extracting(Receiver.Got::target).containsExactly("/hook");
  }

  @Test
  void theStatusCountsButABodyOverTheLimitIsNotKept() throws Exception {
    String big = "{\"done\":true,\"pad\":\"" + "x".repeat(PinnedWebhookTransport.MAX_BODY) + "\"}";
    receiver.answering(Receiver.status(200, big, "Content-Type", "application/json"));
    WebhookTransport.Response r = await(transport.post(
        target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.1")), headers(), BODY));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();

    String fits = "x".repeat(PinnedWebhookTransport.MAX_BODY);
    receiver.answering(Receiver.status(503, fits));
    r = await(transport.post(target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.1")), headers(), BODY));
    assertThat(r.status()).isEqualTo(503);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(fits);
  }

  @Test
  void aReceiverThatNeverAnswersTimesOut() throws Exception {
    receiver.answering(receiver.silence());
    try (PinnedWebhookTransport quick = new PinnedWebhookTransport(SSLContext.getDefault(), 5_000, 200)) {
      assertThatThrownBy(() -> await(quick.post(
          target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.1")), headers(), BODY)))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(TimeoutException.class)
          .hasMessageContaining("did not answer within 200 ms");
    }
  }

  @Test
  void aClosedTransportRefusesAtOnce() throws Exception {
    transport.close();
    assertThatThrownBy(() -> await(transport.post(
        target("http://hooks.invalid:" + receiver.port() + "/hook", ip("127.0.0.1")), headers(), BODY)))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(receiver.got).isEmpty();
  }

  @Test
  void anApprovedTargetNeedsAnAddress() {
    assertThatThrownBy(() -> new ApprovedTarget(URI.create("https://hooks.example/x"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://hooks.example/x");
  }
}
