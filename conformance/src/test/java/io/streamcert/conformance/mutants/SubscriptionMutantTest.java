package io.streamcert.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.conformance.run.CheckResult;
import io.streamcert.conformance.run.CheckStatus;
import io.streamcert.conformance.run.ConformanceReport;
import io.streamcert.conformance.run.ConformanceRunner;
import io.streamcert.fixtures.Feature;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.subs.ApprovedTarget;
import io.streamcert.reference.subs.Ed25519Signer;
import io.streamcert.reference.subs.Fencing;
import io.streamcert.reference.subs.Subscriptions;
import io.streamcert.reference.subs.WebhookSigner;
import io.streamcert.reference.subs.WebhookUrlPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shows that the subscription checks can fail. Two kinds of mutants:
 *
 * <ul>
 *   <li>reference servers started in this JVM with one subscription part replaced through the
 *       server's seams (unsigned or wrongly signed webhooks, no fencing, a URL policy that accepts
 *       private addresses, no loopback exception);
 *   <li>the clean reference server behind {@link MutantProxy} breaking one rule of the control API
 *       on the wire.
 * </ul>
 *
 * For each, the checks citing the broken rules are run (only those, so the test stays fast) and at
 * least one check of every broken rule must fail.
 */
class SubscriptionMutantTest {

  private static final Set<Feature> FEATURES = EnumSet.of(Feature.CORE, Feature.JSON, Feature.SUBSCRIPTIONS);

  /** The in-JVM servers deliver within milliseconds; mutants that never deliver fail after 3 s instead of 10 s. */
  private static final String PROMPT_PROPERTY = "streamcert.subscriptions.prompt.ms";

  private static ReferenceServer clean;
  private static String previousPrompt;

  @BeforeAll
  static void start() throws Exception {
    previousPrompt = System.setProperty(PROMPT_PROPERTY, "3000");
    clean = ReferenceServer.start(config(true));
  }

  @AfterAll
  static void stop() {
    if (clean != null) clean.close();
    if (previousPrompt == null) System.clearProperty(PROMPT_PROPERTY);
    else System.setProperty(PROMPT_PROPERTY, previousPrompt);
  }

  private static ServerConfig config(boolean allowLoopback) {
    return ServerConfig.builder().port(0).longPollTimeout(Duration.ofMillis(500)).allowLoopbackWebhooks(allowLoopback).build();
  }

  // --- mutants built from the server's seams ---

  /** Publishes the real key but sends no Webhook-Signature. */
  private static WebhookSigner unsigned() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return real.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) { return null; }
      @Override public List<Map<String, Object>> publicJwks() { return real.publicJwks(); }
    };
  }

  /** Publishes one key and signs with another under the published kid. */
  private static WebhookSigner signsWithAnUnpublishedKey() {
    Ed25519Signer published = Ed25519Signer.ephemeral();
    Ed25519Signer secret = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return published.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) {
        return secret.signatureHeader(epochSeconds, body).replace("kid=" + secret.kid(), "kid=" + published.kid());
      }
      @Override public List<Map<String, Object>> publicJwks() { return published.publicJwks(); }
    };
  }

  /** Signs the body alone, without the {@code <t>.} prefix the receiver verifies. */
  private static WebhookSigner signsWithoutTheTimestamp() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return real.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) {
        String header = real.signatureHeader(epochSeconds, body);
        // Sign "0." + body but claim the real time: the signed text is not "<t>.<body>".
        String zero = real.signatureHeader(0, body);
        return header.substring(0, header.indexOf(",ed25519=")) + zero.substring(zero.indexOf(",ed25519="));
      }
      @Override public List<Map<String, Object>> publicJwks() { return real.publicJwks(); }
    };
  }

  /** Publishes a fresh key, under a fresh kid, on every JWKS fetch. */
  private static WebhookSigner unstableKids() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return real.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) { return real.signatureHeader(epochSeconds, body); }
      @Override public List<Map<String, Object>> publicJwks() { return Ed25519Signer.ephemeral().publicJwks(); }
    };
  }

  /** Publishes its key twice under the same kid. */
  private static WebhookSigner duplicateKids() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    Ed25519Signer other = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return real.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) { return real.signatureHeader(epochSeconds, body); }
      @Override public List<Map<String, Object>> publicJwks() {
        Map<String, Object> twin = new java.util.LinkedHashMap<>(other.publicJwks().get(0));
        twin.put("kid", real.kid());
        return List.of(real.publicJwks().get(0), twin);
      }
    };
  }

  /** Publishes its keys with a private member {@code d}. */
  private static WebhookSigner leaksPrivateKeys() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return real.kid(); }
      @Override public String signatureHeader(long epochSeconds, byte[] body) { return real.signatureHeader(epochSeconds, body); }
      @Override public List<Map<String, Object>> publicJwks() {
        Map<String, Object> k = new java.util.LinkedHashMap<>(real.publicJwks().get(0));
        k.put("d", "bm90LXJlYWxseS1hLXByaXZhdGUta2V5LWJ1dC1zaGFwZWQ");
        return List.of(k);
      }
    };
  }

  /** Names a kid in subscription metadata that its JWKS does not publish. */
  private static WebhookSigner unpublishedMetadataKid() {
    Ed25519Signer real = Ed25519Signer.ephemeral();
    return new WebhookSigner() {
      @Override public String kid() { return "ds_not-published"; }
      @Override public String signatureHeader(long epochSeconds, byte[] body) { return real.signatureHeader(epochSeconds, body); }
      @Override public List<Map<String, Object>> publicJwks() { return real.publicJwks(); }
    };
  }

  /** Accepts every webhook URL that parses, at creation and at delivery. */
  private static final WebhookUrlPolicy ACCEPTS_PRIVATE_ADDRESSES = new WebhookUrlPolicy() {
    @Override public URI checkAtCreation(String url) {
      try {
        return new URI(url);
      } catch (java.net.URISyntaxException e) {
        throw WebhookUrlPolicy.rejected(url, "it does not parse");
      }
    }
    @Override public ApprovedTarget checkAtDelivery(URI url) {
      try {
        return new ApprovedTarget(url, List.of(java.net.InetAddress.getAllByName(url.getHost())));
      } catch (java.net.UnknownHostException e) {
        throw WebhookUrlPolicy.rejected(url.toString(), "its host does not resolve");
      }
    }
  };

  /** Admits every callback, ack and release whatever wake or generation it names. */
  private static final Fencing NO_FENCING = (current, tokenGeneration, tokenId, wakeId, generation) -> null;

  static Stream<Arguments> serverMutants() {
    Subscriptions.Seams none = Subscriptions.Seams.DEFAULT;
    return Stream.of(
        Arguments.of("sends unsigned webhooks", none.withSigner(unsigned()), true, List.of("DS-7.1-02", "DS-7.1-01")),
        Arguments.of("signs with a key its JWKS does not publish", none.withSigner(signsWithAnUnpublishedKey()), true, List.of("DS-7.1-02")),
        Arguments.of("signs without the timestamp", none.withSigner(signsWithoutTheTimestamp()), true, List.of("DS-7.1-02")),
        Arguments.of("does no fencing", none.withFencing(NO_FENCING), true, List.of("DS-7.1-08", "DS-7.3-02", "DS-7.2-07", "DS-7.3-01", "DS-7.3-04")),
        Arguments.of("publishes a new kid on every JWKS fetch", none.withSigner(unstableKids()), true, List.of("DS-6.5-04")),
        Arguments.of("publishes two keys under one kid", none.withSigner(duplicateKids()), true, List.of("DS-6.5-05")),
        Arguments.of("publishes private key material", none.withSigner(leaksPrivateKeys()), true, List.of("DS-6.5-07")),
        Arguments.of("names an unpublished kid in its signing metadata", none.withSigner(unpublishedMetadataKid()), true, List.of("DS-6.3-02")),
        Arguments.of("accepts private addresses", none.withUrlPolicy(ACCEPTS_PRIVATE_ADDRESSES), true,
            List.of("DS-6.2-09", "DS-6.2-06", "DS-6.2-07", "DS-12.8-01", "DS-12.8-02", "DS-12.8-04", "DS-12.8-05")),
        Arguments.of("refuses the loopback development exception", none, false, List.of("DS-6.2-08", "DS-12.8-03")));
  }

  @ParameterizedTest(name = "a server that {0} fails the checks of {3}")
  @MethodSource("serverMutants")
  void theChecksOfTheBrokenRulesFailAgainstASeamMutant(String name, Subscriptions.Seams seams, boolean allowLoopback,
      List<String> broken) throws Exception {
    ServerConfig config = config(allowLoopback);
    try (ReferenceServer mutant = ReferenceServer.start(config, ReferenceServer.openStore(config), seams)) {
      assertCaught(name, mutant.baseUri(), broken);
    }
  }

  // --- mutants on the wire ---

  private static final String CONTROL = "/v1/stream/__ds";

  private static boolean isSubscriptionPut(HttpRequest q) {
    return q.method() == HttpMethod.PUT && q.uri().startsWith(CONTROL + "/subscriptions/") && q.uri().indexOf('/', (CONTROL + "/subscriptions/").length()) < 0;
  }

  private static String body(FullHttpRequest r) {
    return r.content().toString(StandardCharsets.UTF_8);
  }

  private static void replaceBody(FullHttpRequest r, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    r.content().clear().writeBytes(Unpooled.wrappedBuffer(bytes));
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
  }

  /** Remembers the raw body of each subscription's creation and calls every other byte sequence a conflict. */
  private static final class ComparesRawBytes implements Mutation {
    private static final String DIFFERENT = "X-Streamcert-Raw-Bytes-Differ";
    private final Map<String, String> firstBody = new ConcurrentHashMap<>();

    @Override public void request(FullHttpRequest r) {
      if (!isSubscriptionPut(r)) return;
      String b = body(r);
      if (!b.equals(firstBody.computeIfAbsent(r.uri(), k -> b))) r.headers().set(DIFFERENT, "true");
    }

    @Override public void response(HttpRequest q, HttpResponse r) {
      if (q.headers().contains(DIFFERENT) && r.status().code() == 200) r.setStatus(HttpResponseStatus.CONFLICT);
    }
  }

  static Stream<Arguments> wireMutants() {
    return Stream.of(
        Arguments.of("does not route __ds/jwks.json to the control API", List.of("DS-6-01"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            if (r.uri().equals(CONTROL + "/jwks.json")) r.setUri("/v1/stream/not-reserved/jwks.json");
          }
        }),
        Arguments.of("lets streams be created under __ds", List.of("DS-6-02"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            if (r.uri().startsWith(CONTROL + "/sc-")) r.setUri(r.uri().replace(CONTROL + "/", "/v1/stream/was-reserved-"));
          }
        }),
        Arguments.of("re-confirms a changed configuration with 200", List.of("DS-6.2-03", "DS-6.2-04"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (isSubscriptionPut(q) && r.status().code() == 409) r.setStatus(HttpResponseStatus.OK);
          }
        }),
        Arguments.of("compares raw request bytes instead of the normalized configuration", List.of("DS-6.2-04"), new ComparesRawBytes()),
        Arguments.of("accepts a subscription with neither pattern nor streams", List.of("DS-6.2-01"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            String b = body(r);
            if (isSubscriptionPut(r) && !b.contains("\"pattern\"") && !b.contains("\"streams\"")) {
              replaceBody(r, b.replaceFirst("\\{", "{\"pattern\":\"nothing-matches/*\","));
            }
          }
        }),
        Arguments.of("lets '*' span several segments", List.of("DS-6.2-02"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            if (isSubscriptionPut(r)) replaceBody(r, body(r).replace("/*\"", "/**\""));
          }
        }),
        Arguments.of("serves the JWKS as plain JSON", List.of("DS-6.5-01"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.uri().endsWith("/__ds/jwks.json")) r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          }
        }),
        Arguments.of("answers membership changes with 200", List.of("DS-6.4-01", "DS-6.4-02"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.uri().contains("/streams") && q.uri().startsWith(CONTROL) && r.status().code() == 204) r.setStatus(HttpResponseStatus.OK);
          }
        }),
        Arguments.of("answers DELETE of a subscription with 200", List.of("DS-6.3-05"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.method() == HttpMethod.DELETE && isSubscriptionPath(q) && r.status().code() == 204) r.setStatus(HttpResponseStatus.OK);
          }
        }),
        Arguments.of("answers a claim of a held lease with 503 instead of 409 ALREADY_CLAIMED", List.of("DS-7.2-03"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.uri().endsWith("/claim") && r.status().code() == 409) r.setStatus(HttpResponseStatus.SERVICE_UNAVAILABLE);
          }
        }),
        Arguments.of("answers release with 200", List.of("DS-7.2-05"), new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.uri().endsWith("/release") && r.status().code() == 204) r.setStatus(HttpResponseStatus.OK);
          }
        }),
        Arguments.of("answers heartbeats without extending the lease", List.of("DS-7.3-03"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            boolean action = r.uri().endsWith("/callback") || r.uri().endsWith("/ack");
            if (r.method() == HttpMethod.POST && r.uri().startsWith(CONTROL) && action && !body(r).contains("\"done\"")) {
              // The client gets a 200 (the subscription's JSON), the lease is never touched.
              r.setMethod(HttpMethod.GET);
              r.setUri(r.uri().substring(0, r.uri().lastIndexOf('/')));
              replaceBody(r, "");
            }
          }
        }),
        Arguments.of("keeps serving a subscription after DELETE", List.of("DS-6.3-06"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            if (r.method() == HttpMethod.DELETE && isSubscriptionPath(r)) r.setUri(r.uri() + "-never-existed");
          }
        }),
        Arguments.of("treats an ack with done as a heartbeat", List.of("DS-7.2-04"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            if (r.method() == HttpMethod.POST && r.uri().endsWith("/ack")) replaceBody(r, body(r).replace(",\"done\":true", ""));
          }
        }),
        Arguments.of("accepts callback tokens in the URL", List.of("DS-12.9-01"), new Mutation() {
          @Override public void request(FullHttpRequest r) {
            int i = r.uri().indexOf("?token=");
            if (i > 0 && r.uri().startsWith(CONTROL)) {
              String token = java.net.URLDecoder.decode(r.uri().substring(i + 7).split("&")[0], StandardCharsets.UTF_8);
              r.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
              r.setUri(r.uri().substring(0, i));
            }
          }
        }));
  }

  // --- mutants of webhook delivery, relayed through a WebhookInterposer ---

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

  static Stream<Arguments> deliveryMutants() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Set<String> seenFirst = ConcurrentHashMap.newKeySet();
    return Stream.of(
        Arguments.of("ignores a {\"done\":true} reply", List.of("DS-7.1-04", "DS-7.1-05", "DS-7.1-06"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              WebhookInterposer.Answer a = forward.send(d);
              return new String(a.body(), StandardCharsets.UTF_8).contains("done") ? new WebhookInterposer.Answer(a.status(), EMPTY_OBJECT) : a;
            }),
        Arguments.of("retries a failed delivery at once", List.of("DS-7.1-09"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              WebhookInterposer.Answer a = forward.send(d);
              return a.status() >= 500 ? forward.send(d) : a;
            }),
        Arguments.of("stays 'active' while its deliveries fail", List.of("DS-6.3-04"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              WebhookInterposer.Answer a = forward.send(d);
              return a.status() >= 500 ? new WebhookInterposer.Answer(200, EMPTY_OBJECT) : a;
            }),
        Arguments.of("starts a second wake while one is in flight", List.of("DS-7-01"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              WebhookInterposer.Answer a = forward.send(d);
              String text = d.text();
              if (!text.contains("\"wake_id\":\"dup-") && !new String(a.body(), StandardCharsets.UTF_8).contains("done")) {
                byte[] dup = text.replace("\"wake_id\":\"", "\"wake_id\":\"dup-").getBytes(StandardCharsets.UTF_8);
                Thread.sleep(200);
                forward.send(new WebhookInterposer.Delivery(d.target(), d.headers(), dup));
              }
              return a;
            }),
        Arguments.of("never increases the generation", List.of("DS-7-02"),
            (WebhookInterposer.Behaviour) (d, forward) -> forward.send(new WebhookInterposer.Delivery(d.target(), d.headers(),
                d.text().replaceAll("\"generation\":\\d+", "\"generation\":1").getBytes(StandardCharsets.UTF_8)))),
        Arguments.of("does not wake again after a lease expires", List.of("DS-7.3-05"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              String sub = d.text().replaceAll("(?s).*\"subscription_id\":\"([^\"]*)\".*", "$1");
              return seen.add(sub) ? forward.send(d) : new WebhookInterposer.Answer(200, EMPTY_OBJECT);
            }),
        Arguments.of("does not wake for a stream created under its pattern", List.of("DS-6.2-12"),
            (WebhookInterposer.Behaviour) (d, forward) -> {
              String sub = d.text().replaceAll("(?s).*\"subscription_id\":\"([^\"]*)\".*", "$1");
              return seenFirst.add(sub) ? new WebhookInterposer.Answer(200, "{\"done\":true}".getBytes(StandardCharsets.UTF_8)) : forward.send(d);
            }));
  }

  @ParameterizedTest(name = "a server that {0} fails the checks of {1}")
  @MethodSource("deliveryMutants")
  void theChecksOfTheBrokenRulesFailAgainstADeliveryMutant(String name, List<String> broken, WebhookInterposer.Behaviour behaviour)
      throws Exception {
    try (WebhookInterposer relay = new WebhookInterposer(behaviour);
        MutantProxy proxy = new MutantProxy(clean.baseUri(), relay.rewritingWebhookUrls())) {
      assertCaught(name, proxy.baseUri(), broken);
    }
  }

  // --- mutants of what the bodies say, through a BodyRewritingProxy ---

  private static final String SUBSCRIPTIONS = CONTROL + "/subscriptions/";

  private static boolean isSubscriptionRead(BodyRewritingProxy.Exchange q) {
    return q.method().equals("GET") && q.uri().startsWith(SUBSCRIPTIONS);
  }

  /** Accepts any token for a pull-wake subscription: it swaps in the last token it saw the server issue. */
  private static final class IgnoresTokens implements BodyRewritingProxy.Rewrite {
    private final Map<String, String> issued = new ConcurrentHashMap<>();

    private static String subscriptionOf(String uri) {
      return uri.substring(0, uri.lastIndexOf('/'));
    }

    @Override public BodyRewritingProxy.Exchange request(BodyRewritingProxy.Exchange q) {
      boolean action = q.uri().endsWith("/ack") || q.uri().endsWith("/release");
      String token = issued.get(subscriptionOf(q.uri()));
      return action && token != null ? q.withHeader("Authorization", "Bearer " + token) : q;
    }

    @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
      if (q.uri().endsWith("/claim") && status == 200) {
        try {
          issued.put(subscriptionOf(q.uri()), JSON.readTree(body).path("token").asText());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return body;
    }
  }

  /** Shows only the first wake event of each subscription in any JSON read. */
  private static String firstWakeEventOnly(String body) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(body);
      if (n == null || !n.isArray()) return body;
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
      Set<String> seen = new java.util.HashSet<>();
      for (com.fasterxml.jackson.databind.JsonNode e : n) {
        if (!"wake".equals(e.path("type").asText()) || seen.add(e.path("subscription_id").asText())) out.add(e);
      }
      return out.toString();
    } catch (java.io.IOException e) {
      return body;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  static Stream<Arguments> bodyMutants() {
    return Stream.of(
        Arguments.of("hands out a webhook secret", List.of("DS-6.2-05"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return q.uri().startsWith(SUBSCRIPTIONS) && body.startsWith("{\"id\"") ? "{\"webhook_secret\":\"whsec_streamcert\"," + body.substring(1) : body;
          }
        }),
        Arguments.of("shows explicit links as glob links", List.of("DS-6.1-01"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return isSubscriptionRead(q) ? body.replace("\"link_type\":\"explicit\"", "\"link_type\":\"glob\"") : body;
          }
        }),
        Arguments.of("links no existing stream on creation", List.of("DS-6.2-10"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return isSubscriptionRead(q) ? body.replaceAll("\"streams\":\\[[^\\]]*\\]", "\"streams\":[]") : body;
          }
        }),
        Arguments.of("links existing streams at their start, replaying history", List.of("DS-6.2-11"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return isSubscriptionRead(q) ? body.replaceAll("\"acked_offset\":\"[^\"]*\"", "\"acked_offset\":\"-1\"") : body;
          }
        }),
        Arguments.of("leaves created_at out of the subscription", List.of("DS-6.3-01"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return isSubscriptionRead(q) ? body.replaceAll("\"created_at\":\"[^\"]*\",?", "") : body;
          }
        }),
        Arguments.of("writes wake events of another type", List.of("DS-7.2-02"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return q.method().equals("GET") && !q.uri().startsWith(CONTROL) ? body.replace("\"type\":\"wake\"", "\"type\":\"woken\"") : body;
          }
        }),
        Arguments.of("writes no further wake event after a release", List.of("DS-7.2-06"), new BodyRewritingProxy.Rewrite() {
          @Override public String response(BodyRewritingProxy.Exchange q, int status, String body) {
            return q.method().equals("GET") && !q.uri().startsWith(CONTROL) ? firstWakeEventOnly(body) : body;
          }
        }),
        Arguments.of("ignores the acks of a callback", List.of("DS-7.1-07"), new BodyRewritingProxy.Rewrite() {
          @Override public BodyRewritingProxy.Exchange request(BodyRewritingProxy.Exchange q) {
            return q.uri().endsWith("/callback") ? q.withBody(q.body().replaceAll("\"acks\":\\[[^\\]]*\\],?", "")) : q;
          }
        }),
        Arguments.of("does not verify tokens", List.of("DS-12.9-03"), new IgnoresTokens()));
  }

  @ParameterizedTest(name = "a server that {0} fails the checks of {1}")
  @MethodSource("bodyMutants")
  void theChecksOfTheBrokenRulesFailAgainstABodyMutant(String name, List<String> broken, BodyRewritingProxy.Rewrite rewrite)
      throws Exception {
    try (BodyRewritingProxy proxy = new BodyRewritingProxy(clean.baseUri(), rewrite)) {
      assertCaught(name, proxy.baseUri(), broken);
    }
  }

  private static boolean isSubscriptionPath(HttpRequest q) {
    String prefix = CONTROL + "/subscriptions/";
    return q.uri().startsWith(prefix) && q.uri().indexOf('/', prefix.length()) < 0;
  }

  @ParameterizedTest(name = "a server that {0} fails the checks of {1}")
  @MethodSource("wireMutants")
  void theChecksOfTheBrokenRulesFailAgainstAWireMutant(String name, List<String> broken, Mutation mutation) {
    try (MutantProxy proxy = new MutantProxy(clean.baseUri(), mutation)) {
      assertCaught(name, proxy.baseUri(), broken);
    }
  }

  /** Every requirement a subscription check cites is broken by at least one mutant above. */
  @org.junit.jupiter.api.Test
  void everyRequirementTheSubscriptionChecksCiteHasAMutant() throws Exception {
    Set<String> cited = new java.util.TreeSet<>();
    for (String name : List.of("SubscriptionApiChecks", "WebhookUrlChecks", "WebhookDeliveryChecks", "PullWakeChecks")) {
      for (java.lang.reflect.Method m : Class.forName(ConformanceRunner.CHECKS_PACKAGE + "." + name).getDeclaredMethods()) {
        io.streamcert.conformance.kit.Check c = m.getAnnotation(io.streamcert.conformance.kit.Check.class);
        if (c != null) cited.addAll(List.of(c.requirements()));
      }
    }
    Set<String> broken = new java.util.TreeSet<>();
    Stream.of(serverMutants().map(a -> a.get()[3]), wireMutants().map(a -> a.get()[1]), deliveryMutants().map(a -> a.get()[1]),
            bodyMutants().map(a -> a.get()[1]))
        .flatMap(s -> s)
        .forEach(l -> ((List<?>) l).forEach(r -> broken.add((String) r)));
    assertThat(cited).as("the subscription checks cite requirements").hasSizeGreaterThan(40);
    Set<String> missing = new java.util.TreeSet<>(cited);
    missing.removeAll(broken);
    assertThat(missing).as("requirements cited by subscription checks that no mutant breaks").isEmpty();
  }

  private static void assertCaught(String name, URI target, List<String> broken) {
    ConformanceReport report = ConformanceRunner.builder()
        .target(target)
        .features(FEATURES)
        .longPollTimeout(Duration.ofMillis(500))
        .onlyRequirements(broken.toArray(String[]::new))
        .build()
        .run();
    report.failures().forEach(f -> System.out.println("mutant '" + name + "' caught by " + f.id() + ": " + f.message().lines().findFirst().orElse("")));
    List<CheckResult> ran = report.checks().stream().filter(c -> c.status() != CheckStatus.NOT_APPLICABLE && c.status() != CheckStatus.SKIP).toList();
    assertThat(ran).as("checks citing " + broken).isNotEmpty();
    for (String requirement : broken) {
      List<String> caught = report.failures().stream().filter(c -> c.requirements().contains(requirement)).map(CheckResult::id).toList();
      assertThat(caught).as("a server that " + name + " must fail at least one check of " + requirement
          + "; failures: " + report.failures().stream().map(CheckResult::id).toList()).isNotEmpty();
    }
    assertThat(report.failures()).allSatisfy(f -> assertThat(f.message()).as("failures name the rule and show evidence").isNotBlank());
  }
}
