package io.streamcert.reference.subs;

import java.net.URI;

/**
 * Decides which webhook URLs the server will call (SSRF protection, §12.8). A seam: tests replace
 * it to build servers that break the rule on purpose.
 */
public interface WebhookUrlPolicy {

  /**
   * Checks a URL given at subscription creation, without network access.
   *
   * @return the parsed URL
   * @throws SubscriptionException 400 {@code WEBHOOK_URL_REJECTED} naming the reason
   */
  URI checkAtCreation(String url);

  /**
   * Checks a URL again right before a delivery, after resolving its host name.
   *
   * @return the URL with the addresses that passed the check; the delivery connects to these and
   *     to no other (the transport does not resolve the host again)
   * @throws SubscriptionException 400 {@code WEBHOOK_URL_REJECTED} when the host now resolves to
   *     a forbidden address or cannot be resolved
   */
  ApprovedTarget checkAtDelivery(URI url);

  static SubscriptionException rejected(String url, String why) {
    return new SubscriptionException(400, "WEBHOOK_URL_REJECTED", "webhook.url " + url + " was rejected: " + why);
  }
}
