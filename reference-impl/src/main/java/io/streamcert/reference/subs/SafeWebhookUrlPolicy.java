package io.streamcert.reference.subs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The production webhook URL policy: https only; no private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), link-local (169.254/16 including the 169.254.169.254 metadata service, fe80::/10),
 * loopback, unspecified or multicast targets, and no well-known metadata host names. With {@code
 * allowLoopback} (development and tests, {@code --allow-loopback-webhooks}) loopback targets are
 * accepted, over http too. Literal addresses are checked at creation; every address a host name
 * resolves to is checked again at delivery, and the delivery connects only to those checked
 * addresses ({@link ApprovedTarget}), so a rebinding DNS answer after the check is never used.
 */
public final class SafeWebhookUrlPolicy implements WebhookUrlPolicy {

  /** Resolves host names (a seam so tests can play DNS). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Set<String> METADATA_NAMES = Set.of(
      "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

  private final boolean allowLoopback;
  private final Resolver resolver;

  public SafeWebhookUrlPolicy(boolean allowLoopback) {
    this(allowLoopback, InetAddress::getAllByName);
  }

  public SafeWebhookUrlPolicy(boolean allowLoopback, Resolver resolver) {
    this.allowLoopback = allowLoopback;
    this.resolver = resolver;
  }

  @Override
  public URI checkAtCreation(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw WebhookUrlPolicy.rejected(url, "it is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw WebhookUrlPolicy.rejected(url, "it must be an absolute https:// URL");
    }
    String host = host(u);
    if (host == null || host.isEmpty()) throw WebhookUrlPolicy.rejected(url, "it has no host");
    boolean loopbackName = host.equals("localhost") || host.endsWith(".localhost");
    InetAddress literal = literal(host);
    boolean loopback = loopbackName || (literal != null && literal.isLoopbackAddress());
    if (scheme.equals("http") && !(allowLoopback && loopback)) {
      throw WebhookUrlPolicy.rejected(url, allowLoopback
          ? "plain http is only accepted for loopback targets; use https"
          : "it must use https (plain http to localhost needs --allow-loopback-webhooks, for development only)");
    }
    if (METADATA_NAMES.contains(host)) throw WebhookUrlPolicy.rejected(url, "it names a cloud metadata service");
    if (loopbackName && !allowLoopback) {
      throw WebhookUrlPolicy.rejected(url, "it targets loopback (allowed only with --allow-loopback-webhooks)");
    }
    if (literal != null) {
      String why = forbidden(literal);
      if (why != null) throw WebhookUrlPolicy.rejected(url, why);
    }
    return u;
  }

  @Override
  public ApprovedTarget checkAtDelivery(URI url) {
    String host = host(url);
    if (host == null) throw WebhookUrlPolicy.rejected(url.toString(), "it has no host");
    InetAddress[] all;
    try {
      all = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw WebhookUrlPolicy.rejected(url.toString(), "its host " + host + " does not resolve");
    }
    if (all == null || all.length == 0) throw WebhookUrlPolicy.rejected(url.toString(), "its host " + host + " does not resolve");
    for (InetAddress a : all) {
      String why = forbidden(a);
      if (why != null) {
        throw WebhookUrlPolicy.rejected(url.toString(), "its host " + host + " resolves to " + a.getHostAddress() + ": " + why);
      }
    }
    return new ApprovedTarget(url, Arrays.asList(all));
  }

  private static String host(URI u) {
    String h = u.getHost();
    if (h == null) return null;
    h = h.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    return h;
  }

  /** The address when the host is an IP literal (never a DNS lookup), else null. */
  static InetAddress literal(String host) {
    boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
    if (!v4 && !v6) return null;
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Why an address is not an acceptable webhook target, or null when it is. */
  String forbidden(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
      mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped) {
        try {
          return forbidden(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return "it is not a valid address";
        }
      }
      if ((b[0] & 0xfe) == 0xfc) return "it is a unique-local IPv6 address (fc00::/7)";
    }
    if (a.isLoopbackAddress()) return allowLoopback ? null : "it is a loopback address";
    if (a.isAnyLocalAddress()) return "it is the unspecified address";
    if (a.isMulticastAddress()) return "it is a multicast address";
    if (a.isLinkLocalAddress()) return "it is a link-local address (169.254/16, fe80::/10), home of cloud metadata services";
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int x = b[0] & 0xff;
      int y = b[1] & 0xff;
      if (x == 10 || (x == 172 && y >= 16 && y <= 31) || (x == 192 && y == 168)) {
        return "it is a private RFC 1918 address";
      }
      if (x == 0) return "it is in 0.0.0.0/8";
      if (x == 100 && y >= 64 && y <= 127) return "it is a carrier-grade NAT address (100.64/10)";
    }
    return null;
  }
}
