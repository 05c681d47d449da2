package io.streamcert.reference.subs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The normalized configuration of a subscription, as given to {@code PUT .../subscriptions/:id}.
 * Paths are root-relative without leading or trailing slashes; explicit streams are sorted and
 * de-duplicated, so two requests that mean the same thing have the same {@link #hash()}.
 *
 * @param type {@code webhook} or {@code pull-wake}
 * @param pattern the glob, or null
 * @param streams the explicit streams (sorted, unique), possibly empty
 * @param webhookUrl the webhook URL for webhook subscriptions, else null
 * @param wakeStream the wake stream for pull-wake subscriptions, else null
 * @param leaseTtlMs the lease length, 1 s to 10 min
 * @param description free text, or null
 */
public record SubscriptionSpec(
    String type, String pattern, List<String> streams, String webhookUrl, String wakeStream,
    long leaseTtlMs, String description) {

  public static final long DEFAULT_LEASE_TTL_MS = 30_000;
  public static final long MIN_LEASE_TTL_MS = 1_000;
  public static final long MAX_LEASE_TTL_MS = 600_000;

  public SubscriptionSpec {
    streams = List.copyOf(streams);
  }

  public boolean webhook() {
    return type.equals("webhook");
  }

  /** Strips leading and trailing slashes from a root-relative path. */
  public static String normalizePath(String p) {
    int a = 0;
    int b = p.length();
    while (a < b && p.charAt(a) == '/') a++;
    while (b > a && p.charAt(b - 1) == '/') b--;
    return p.substring(a, b);
  }

  /**
   * Parses and validates a create request body.
   *
   * @throws SubscriptionException 400 INVALID_REQUEST naming the offending field
   */
  public static SubscriptionSpec parse(Object json) {
    Map<String, Object> m = Json.object(json);
    if (m == null) throw SubscriptionException.invalid("the body must be a JSON object");
    Object type = m.get("type");
    if (!"webhook".equals(type) && !"pull-wake".equals(type)) {
      throw SubscriptionException.invalid("type was " + describe(type) + " but must be \"webhook\" or \"pull-wake\"");
    }
    String pattern = null;
    Object rawPattern = m.get("pattern");
    if (rawPattern != null) {
      if (!(rawPattern instanceof String s)) throw SubscriptionException.invalid("pattern must be a string glob such as \"events/*\"");
      pattern = normalizePath(s);
      if (pattern.isEmpty()) pattern = null;
    }
    TreeSet<String> streams = new TreeSet<>();
    Object rawStreams = m.get("streams");
    if (rawStreams != null) {
      streams.addAll(streamList(rawStreams, "streams"));
    }
    if (pattern == null && streams.isEmpty()) {
      throw SubscriptionException.invalid("a subscription needs a pattern, a non-empty streams list, or both");
    }
    for (String s : streams) reject__ds(s, "streams");
    long lease = DEFAULT_LEASE_TTL_MS;
    Object rawLease = m.get("lease_ttl_ms");
    if (rawLease != null) {
      if (!(rawLease instanceof Long l) || l < MIN_LEASE_TTL_MS || l > MAX_LEASE_TTL_MS) {
        throw SubscriptionException.invalid("lease_ttl_ms was " + describe(rawLease)
            + " but must be an integer from " + MIN_LEASE_TTL_MS + " to " + MAX_LEASE_TTL_MS);
      }
      lease = l;
    }
    String url = null;
    String wake = null;
    if (type.equals("webhook")) {
      Map<String, Object> webhook = Json.object(m.get("webhook"));
      Object u = webhook == null ? null : webhook.get("url");
      if (!(u instanceof String s) || s.isEmpty()) {
        throw SubscriptionException.invalid("a webhook subscription needs webhook.url, e.g. {\"webhook\":{\"url\":\"https://example.com/hook\"}}");
      }
      url = s;
    } else {
      Object w = m.get("wake_stream");
      if (!(w instanceof String s) || normalizePath(s).isEmpty()) {
        throw SubscriptionException.invalid("a pull-wake subscription needs wake_stream, the path of an existing stream to append wake events to");
      }
      wake = normalizePath(s);
      reject__ds(wake, "wake_stream");
    }
    Object d = m.get("description");
    if (d != null && !(d instanceof String)) throw SubscriptionException.invalid("description must be a string");
    if (m.get("filter") != null) {
      throw SubscriptionException.invalid("filter is a draft extension (§7.4.1) this server does not implement; drop it");
    }
    return new SubscriptionSpec((String) type, pattern, new ArrayList<>(streams), url, wake, lease, (String) d);
  }

  /** Parses a list of root-relative stream paths (the {@code streams} member). */
  public static List<String> streamList(Object raw, String field) {
    if (!(raw instanceof List<?> l)) throw SubscriptionException.invalid(field + " must be an array of stream paths");
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s) || normalizePath(s).isEmpty()) {
        throw SubscriptionException.invalid(field + " must hold only non-empty stream paths, got " + describe(o));
      }
      String p = normalizePath(s);
      reject__ds(p, field);
      out.add(p);
    }
    return out;
  }

  private static void reject__ds(String path, String field) {
    if (path.equals("__ds") || path.startsWith("__ds/")) {
      throw SubscriptionException.invalid(field + " names " + path + ", which is under the reserved __ds prefix");
    }
  }

  private static String describe(Object o) {
    if (o == null) return "missing";
    if (o instanceof String s) return "\"" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "\"";
    return o.toString();
  }

  /** The normalized configuration as a JSON tree (also what is persisted). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("pattern", pattern);
    m.put("streams", streams);
    m.put("webhook_url", webhookUrl);
    m.put("wake_stream", wakeStream);
    m.put("lease_ttl_ms", leaseTtlMs);
    m.put("description", description);
    return m;
  }

  @SuppressWarnings("unchecked")
  static SubscriptionSpec fromJson(Map<String, Object> m) {
    return new SubscriptionSpec((String) m.get("type"), (String) m.get("pattern"),
        (List<String>) m.getOrDefault("streams", List.of()), (String) m.get("webhook_url"),
        (String) m.get("wake_stream"), ((Number) m.get("lease_ttl_ms")).longValue(), (String) m.get("description"));
  }

  /** SHA-256 (hex) of the canonical JSON of the normalized configuration. */
  public String hash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.write(toJson()));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
