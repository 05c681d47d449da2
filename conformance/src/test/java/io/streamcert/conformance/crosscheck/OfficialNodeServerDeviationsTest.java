package io.streamcert.conformance.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.official.OfficialNodeServer;
import io.streamcert.conformance.run.CheckResult;
import io.streamcert.conformance.run.CheckStatus;
import io.streamcert.conformance.run.ConformanceReport;
import io.streamcert.conformance.run.ConformanceRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Cross-validation: the streamcert suite against the official Node reference server 0.3.7 must
 * report its known deviations, each citing its requirement, and nothing that is not a real
 * deviation. Every documented deviation below names the rule that proves it.
 */
class OfficialNodeServerDeviationsTest {

  /** The deviations the foundation research found by running the official suite 0.3.6 against it. */
  private static final Map<String, String> HEADLINE = Map.of(
      "ttl.sliding-refresh",
      "DS-5.1-13/15/16: the sliding TTL is refreshed by every read and write but HEAD; the official suite 0.3.6 pins "
          + "offset=now reads and close-only POSTs (with and without producer headers), and 0.3.7 does not refresh on them",
      "cors.preflight-allows-protocol-header",
      "DS-10.1-08: a CORS preflight must allow If-None-Match (the official suite 0.3.6 pins it); 0.3.7's list lacks it",
      "sse.control-after-every-data",
      "DS-5.8-20: '`control` event ... Emitted after every data event'; 0.3.7 sends a backlog as several data events and one control",
      "reads.caching.catch-up-cache-control",
      "DS-10.1-01 (SHOULD): catch-up reads carry 'Cache-Control: public, max-age=60, stale-while-revalidate=300'; 0.3.7 sends none");

  /** Further deviations streamcert finds, each a real breach of the text quoted. */
  private static final Map<String, String> FURTHER = new LinkedHashMap<>();

  static {
    FURTHER.put("reads.caching.preflight-allows-if-none-match", "DS-10.1-08, as above (the caching area's own preflight check)");
    FURTHER.put("long-poll.data-cache-control-public", "DS-10.1-01 (SHOULD): long-poll 200s are cacheable like catch-up reads");
    FURTHER.put("reads.caching.if-none-match-forms-304",
        "DS-10.1-06 with RFC 9110 §13.1.2: If-None-Match carries a list of entity tags compared weakly; "
            + "0.3.7 answers 200 to a list containing the current tag and to W/\"tag\"");
    FURTHER.put("closure.value-any-case-closes",
        "DS-4.1-01 (§4.1): Stream-Closed counts when its value is 'true' compared case-insensitively; 0.3.7 compares "
            + "with === \"true\" (upstream PR #248) and answers 400 to TRUE");
    FURTHER.put("create.closed-value-any-case", "DS-4.1-01, as above, on PUT: a stream created with Stream-Closed: TRUE stays open");
    FURTHER.put("create.malformed-expires-at-400",
        "DS-5.1-20 (§5.1): Stream-Expires-At is an RFC 3339 timestamp; 0.3.7 accepts date-only values, times without an offset and HTTP dates");
    FURTHER.put("ttl.malformed-expires-at-400", "DS-5.1-20, as above (the TTL area's own check)");
    FURTHER.put("create.malformed-ttl-400", "DS-5.1-12 (§5.1): Stream-TTL is a non-negative integer; 0.3.7 accepts an empty value");
    FURTHER.put("create.valid-ttl-accepted", "DS-5.1-12: 'Stream-TTL: 0' is a valid TTL; 0.3.7 answers 500");
    FURTHER.put("ttl.well-formed-ttl-201", "DS-5.1-12, as above (the TTL area's own check)");
    FURTHER.put("http.405-lists-allowed-methods",
        "RFC 9110 §15.5.6: 'The origin server MUST generate an Allow header field in a 405 response'; 0.3.7 sends none");
    FURTHER.put("http.unknown-method-405-or-501",
        "RFC 9110 §9.1: an origin server that receives an unrecognized method SHOULD respond with 501; 0.3.7 answers 400");
    FURTHER.put("http.path-traversal-refused",
        "DS-12.2-02 (§12.2, SHOULD): stream URLs are validated so traversal cannot reach other streams; 0.3.7 "
            + "normalizes '..' and encoded dot segments and creates or serves streams through them");
    FURTHER.put("reads.json.value-round-trip",
        "DS-9.1.4-03 (§9.1): JSON values round-trip unchanged; 0.3.7 re-encodes numbers through doubles "
            + "(123456789012345678901234567890 reads back as 1.2345678901234568E29)");
    FURTHER.put("producer-close.stale-epoch-403",
        "DS-5.2.1-27: fencing survives closure, a stale epoch gets 403 not the closed-stream 409 (the official "
            + "suite pins this for close-only; 0.3.7 answers 409 to a stale append-and-close)");
    FURTHER.put("properties.producer-close",
        "DS-5.2.1-27, as above, found by the property checks' random producer sequences on closed streams");
    FURTHER.put("sse.leading-spaces-preserved",
        "DS-5.8-03/17 (§5.8): text data events carry the UTF-8 text as-is; with 0.3.7 a leading space of a payload "
            + "line is lost to SSE parsing, so ' x' arrives as 'x'");
    FURTHER.put("sse.closed-at-tail-single-control",
        "DS-5.8-31/32 (§5.8): SSE at the tail of a closed stream emits one control event with streamClosed, then closes");
    FURTHER.put("sse.now-on-closed", "DS-8-31 (§8): SSE with offset=now on a closed stream sends one final control event, then closes");
    FURTHER.put("sse.periodic-close",
        "DS-5.8-33 (§5.8, SHOULD): servers end SSE connections about every 60 s so CDNs can collapse readers; "
            + "0.3.7 never closes them (it sends keep-alive control events instead)");
  }

  @Test
  void reportsTheNodeReferenceServersDeviationsAndNothingElse() throws Exception {
    assumeTrue(OfficialNodeServer.toolchainProblem().isEmpty(),
        () -> "skipped: " + OfficialNodeServer.toolchainProblem().orElse(""));
    try (OfficialNodeServer node = OfficialNodeServer.builder()
        .outputDirectory(Path.of("target", "official-node-server"))
        .longPollTimeout(Duration.ofMillis(500))
        .start()) {
      // A fixed seed makes the property checks' random operation sequences the same on every run.
      String previousSeed = System.setProperty("streamcert.seed", "20261125");
      ConformanceReport report;
      try {
        report = ConformanceRunner.builder()
          .target(node.baseUri())
          .features(Feature.defaults())
          .longPollTimeout(Duration.ofMillis(500))
          .sseReconnectInterval(Duration.ofSeconds(3))
          .build()
          .run();
      } finally {
        if (previousSeed == null) System.clearProperty("streamcert.seed");
        else System.setProperty("streamcert.seed", previousSeed);
      }
      List<CheckResult> failures = report.failures();
      System.out.printf("streamcert suite against @durable-streams/server %s: %d passed, %d failed%n",
          OfficialNodeServer.VERSION, report.count(CheckStatus.PASS), failures.size());
      Set<String> failedBases = failures.stream().map(c -> base(c.id())).collect(Collectors.toCollection(TreeSet::new));
      failures.forEach(f -> System.out.println("  deviation " + f.id() + " " + f.requirements()));

      assertThat(failedBases).as("the headline deviations of the Node reference server are reported")
          .containsAll(HEADLINE.keySet());
      List<String> undocumented = failures.stream()
          .filter(f -> !HEADLINE.containsKey(base(f.id())) && !FURTHER.containsKey(base(f.id())))
          .map(f -> f.id() + " " + f.requirements() + ": " + firstLine(f.message()))
          .toList();
      assertThat(undocumented).as("failures that are not documented deviations (a check bug, or a new deviation to document here)")
          .isEmpty();
      assertThat(failures).as("every failure cites its requirement ids").allSatisfy(f -> assertThat(f.requirements()).isNotEmpty());
    }
  }

  /**
   * The subscription deviations of 0.3.7 (started with webhooks on): its URL policy checks IPv4
   * literals only, so IPv6 unique-local and link-local targets and IPv4-mapped private addresses
   * pass creation.
   */
  private static final Map<String, String> SUBSCRIPTION_DEVIATIONS = Map.of(
      "webhook-url.private-and-link-local-refused",
      "DS-6.2-09, DS-12.8-04 (§6.2, §12.8): RFC 1918, link-local and unique-local webhook targets are rejected; 0.3.7 accepts "
          + "https://[fc00::1], https://[fd12:3456:789a::1], https://[fe80::1] and https://[::ffff:10.0.0.1]",
      "webhook-url.metadata-endpoint-refused",
      "DS-12.8-05 (§12.8): cloud metadata endpoints are blocked; 0.3.7 accepts https://[::ffff:169.254.169.254] and the IPv6 one of AWS, https://[fd00:ec2::254]");

  @Test
  void reportsTheNodeReferenceServersSubscriptionDeviationsAndNothingElse() throws Exception {
    assumeTrue(OfficialNodeServer.toolchainProblem().isEmpty(),
        () -> "skipped: " + OfficialNodeServer.toolchainProblem().orElse(""));
    try (OfficialNodeServer node = OfficialNodeServer.builder()
        .outputDirectory(Path.of("target", "official-node-server-subscriptions"))
        .longPollTimeout(Duration.ofMillis(500))
        .webhooks(true)
        .start()) {
      ConformanceReport report = ConformanceRunner.builder()
          .target(node.baseUri())
          .features(java.util.EnumSet.of(Feature.CORE, Feature.JSON, Feature.SUBSCRIPTIONS))
          .longPollTimeout(Duration.ofMillis(500))
          .only("SubscriptionApiChecks,WebhookUrlChecks,WebhookDeliveryChecks,PullWakeChecks")
          .build()
          .run();
      List<CheckResult> failures = report.failures();
      System.out.printf("streamcert subscription checks against @durable-streams/server %s: %d passed, %d failed%n",
          OfficialNodeServer.VERSION, report.count(CheckStatus.PASS), failures.size());
      failures.forEach(f -> System.out.println("  deviation " + f.id() + " " + f.requirements()));
      assertThat(report.count(CheckStatus.PASS)).as("the subscription checks ran").isGreaterThan(50);
      Set<String> failedBases = failures.stream().map(c -> base(c.id())).collect(Collectors.toCollection(TreeSet::new));
      assertThat(failedBases)
          .as("the documented subscription deviations are reported")
          .containsAll(SUBSCRIPTION_DEVIATIONS.keySet());
      List<String> undocumented = failures.stream()
          .filter(f -> !SUBSCRIPTION_DEVIATIONS.containsKey(base(f.id())))
          .map(f -> f.id() + " " + f.requirements() + ": " + firstLine(f.message()))
          .toList();
      assertThat(undocumented).as("subscription failures that are not documented deviations").isEmpty();
    }
  }

  private static String base(String id) {
    int i = id.indexOf('[');
    return i < 0 ? id : id.substring(0, i);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
