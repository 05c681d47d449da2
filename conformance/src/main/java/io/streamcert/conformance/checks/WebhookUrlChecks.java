package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Subscriptions.put;
import static io.streamcert.conformance.checks.Subscriptions.subscription;
import static io.streamcert.conformance.checks.Subscriptions.webhook;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import io.streamcert.fixtures.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF protection of webhook URLs at subscription creation (PROTOCOL.md §6.2): private, link-local,
 * unique-local and metadata targets are refused with 400 whatever the scheme, plain http is refused
 * for anything but the loopback development exception, and the loopback receiver the suite itself
 * uses is accepted.
 *
 * <p>The re-check at delivery time after DNS resolution is not observable from outside (it needs a
 * name whose resolution the suite controls); the catalog says so (DS-6.2-13).
 */
@Area("Webhook URLs")
class WebhookUrlChecks {

  /** 400 and, as the official suite pins, the error code WEBHOOK_URL_REJECTED. */
  private static void rejected(Target t, String url, String rule) {
    rejected(t, url, rule, true);
  }

  private static void rejected(Target t, String url, String rule, boolean codePinned) {
    String id = Subscriptions.newId(t, "ssrf");
    String prefix = Subscriptions.prefix(t, "ssrf");
    try {
      Exchange ex = put(t, id, webhook(prefix + "/*", url, 30_000));
      assertThat(ex).as("webhook.url " + url + " must be rejected with 400 at creation (" + rule + ")").hasStatus(400);
      String code = codePinned
          ? Subscriptions.json(ex, "the 400 answer to an unsafe webhook URL").path("error").path("code").asText(null) : null;
      if (codePinned && !"WEBHOOK_URL_REJECTED".equals(code)) {
        throw new AssertionError("a rejected webhook URL answers {\"error\":{\"code\":\"WEBHOOK_URL_REJECTED\"}} (" + rule
            + ", official suite) but the code was " + code + "\n" + ex);
      }
      assertThat(t.get(subscription(id)).send())
          .as("a subscription refused for its webhook URL " + url + " does not exist afterwards (" + rule + ")")
          .hasStatus(404);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {
      "http://10.0.0.1/hook",
      "https://10.0.0.1/hook",
      "https://10.255.255.254:8443/hook",
      "https://172.16.0.1/hook",
      "https://172.31.255.254/hook",
      "https://192.168.1.1/hook",
      "https://169.254.1.1/hook",
      "https://[fc00::1]/hook",
      "https://[fd12:3456:789a::1]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:10.0.0.1]/hook",
      "https://0.0.0.0/hook"})
  @Check(id = "webhook-url.private-and-link-local-refused", requirements = {"DS-6.2-09", "DS-6.2-06", "DS-12.8-01", "DS-12.8-04"},
      feature = Feature.SUBSCRIPTIONS)
  void privateAndLinkLocalTargetsAreRefused(String url, Target t) {
    rejected(t, url, "DS-6.2-09, DS-12.8-04: RFC 1918, link-local and unique-local targets are never webhook targets");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {
      "http://169.254.169.254/latest/meta-data/",
      "https://169.254.169.254/hook",
      "https://[::ffff:169.254.169.254]/hook",
      "https://[fd00:ec2::254]/latest/meta-data/"})
  @Check(id = "webhook-url.metadata-endpoint-refused", requirements = {"DS-12.8-05", "DS-6.2-09"}, feature = Feature.SUBSCRIPTIONS)
  void cloudMetadataEndpointsAreRefused(String url, Target t) {
    rejected(t, url, "DS-12.8-05: cloud metadata endpoints such as 169.254.169.254 are never webhook targets");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"http://8.8.8.8/hook", "http://93.184.215.14:8080/hook"})
  @Check(id = "webhook-url.plain-http-refused-off-loopback", requirements = {"DS-6.2-07", "DS-12.8-02", "DS-12.8-01"}, feature = Feature.SUBSCRIPTIONS)
  void plainHttpToAPublicHostIsRefused(String url, Target t) {
    rejected(t, url, "DS-6.2-07: only https:// is accepted, except http to loopback in development");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"ftp://8.8.8.8/hook", "file:///etc/passwd", "not a url", "/relative/hook"})
  @Check(id = "webhook-url.non-http-refused", requirements = {"DS-6.2-06", "DS-12.8-01"}, feature = Feature.SUBSCRIPTIONS)
  void urlsThatAreNotHttpAreRefused(String url, Target t) {
    rejected(t, url, "DS-6.2-06: webhook URLs are validated at creation", false);
  }

  @Test
  @Check(id = "webhook-url.https-public-accepted", requirements = {"DS-6.2-06"}, feature = Feature.SUBSCRIPTIONS)
  void anHttpsUrlOfAPublicAddressIsAccepted(Target t) {
    String id = Subscriptions.newId(t, "public");
    String prefix = Subscriptions.prefix(t, "public");
    try {
      // No stream matches the prefix, so nothing is ever delivered to this address.
      assertThat(put(t, id, webhook(prefix + "/*", "https://8.8.8.8/hook", 30_000)))
          .as("validation refuses unsafe targets only: an https URL of a public address is accepted (DS-6.2-06)")
          .hasStatus(201);
    } finally {
      Subscriptions.delete(t, id);
    }
  }

  @ParameterizedTest(name = "http://{0}:<port>/hook is accepted")
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  @Check(id = "webhook-url.loopback-development-exception", requirements = {"DS-6.2-08", "DS-12.8-03"}, feature = Feature.SUBSCRIPTIONS)
  void theLoopbackReceiverOfTheSuiteIsAccepted(String host, Target t) {
    String id = Subscriptions.newId(t, "loopback");
    String prefix = Subscriptions.prefix(t, "loopback");
    try (WebhookReceiver hook = WebhookReceiver.answering(WebhookReceiver.Reply.done())) {
      String url = "http://" + host + ":" + hook.port() + "/hook";
      assertThat(put(t, id, webhook(prefix + "/*", url, 30_000)))
          .as("a development server accepts http://localhost and http://127.0.0.x webhooks (DS-6.2-08); the official suite and"
              + " these checks need it (start the reference server with --allow-loopback-webhooks)")
          .hasStatus(201);
    } finally {
      Subscriptions.delete(t, id);
    }
  }
}
