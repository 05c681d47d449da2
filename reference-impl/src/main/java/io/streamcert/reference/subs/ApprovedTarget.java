package io.streamcert.reference.subs;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A webhook URL together with the addresses the URL policy checked for it right before a delivery.
 * The transport connects to these addresses only (in order) and never resolves the URL's host
 * again, so a DNS answer that changes between the check and the connect (rebinding) cannot steer
 * the delivery to an address that was not checked.
 *
 * @param uri the webhook URL; its host name is still sent as {@code Host} and, for https, as the TLS
 *     server name that the certificate must match
 * @param addresses the checked addresses, at least one
 */
public record ApprovedTarget(URI uri, List<InetAddress> addresses) {

  public ApprovedTarget {
    Objects.requireNonNull(uri, "uri");
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("webhook target " + uri + " has no approved address; resolve and check the host first");
    }
  }
}
