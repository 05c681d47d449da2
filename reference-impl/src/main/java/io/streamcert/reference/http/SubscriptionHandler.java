package io.streamcert.reference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.reference.subs.Json;
import io.streamcert.reference.subs.SubscriptionException;
import io.streamcert.reference.subs.SubscriptionSpec;
import io.streamcert.reference.subs.Subscriptions;
import java.util.List;
import java.util.Map;

/**
 * The reserved control API under {@code {root}/__ds/} (§6, §7): {@code jwks.json} and {@code
 * subscriptions/:id} with {@code /streams}, {@code /streams/:path}, {@code /callback}, {@code
 * /claim}, {@code /ack} and {@code /release}. Errors are JSON {@code {"error":{"code","message"}}}.
 */
final class SubscriptionHandler {

  private final Subscriptions subs;
  private final String prefix;

  /** @param root the stream root with its trailing slash */
  SubscriptionHandler(Subscriptions subs, String root) {
    this.subs = subs;
    this.prefix = root + "__ds/";
  }

  void handle(ChannelHandlerContext ctx, String method, String rawPath, HttpHeaders headers, byte[] body, boolean keepAlive) {
    boolean head = method.equals("HEAD");
    FullHttpResponse r;
    try {
      r = route(head ? "GET" : method, rawPath, headers, body);
    } catch (SubscriptionException e) {
      r = json(e.status(), e.body());
    }
    // A HEAD answer carries the GET answer's headers (Content-Length included) and no body.
    if (head) r.content().clear();
    Responses.send(ctx, r, keepAlive);
  }

  private FullHttpResponse route(String method, String rawPath, HttpHeaders headers, byte[] body) {
    String rest = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : "";
    String[] seg = rest.split("/", -1);
    String host = headers.get(HttpHeaderNames.HOST);
    String origin = "http://" + (host == null ? "localhost" : host);
    if (rest.equals("jwks.json")) {
      allow(method, "GET");
      FullHttpResponse r = json(200, subs.jwks());
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/jwk-set+json");
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=" + io.streamcert.reference.subs.Ed25519Signer.JWKS_MAX_AGE.toSeconds());
      return r;
    }
    if (seg.length < 2 || !seg[0].equals("subscriptions") || seg[1].isEmpty()) {
      throw new SubscriptionException(404, "NOT_FOUND", "no control route at " + rawPath
          + "; the routes are " + prefix + "jwks.json and " + prefix + "subscriptions/:id[/streams|/callback|/claim|/ack|/release]");
    }
    String id = dec(seg[1]);
    checkId(id);
    if (seg.length == 2) {
      switch (method) {
        case "PUT" -> {
          Subscriptions.Put p = subs.put(id, SubscriptionSpec.parse(parse(body)), origin);
          return json(p.created() ? 201 : 200, p.body());
        }
        case "GET" -> { return json(200, subs.get(id, origin)); }
        case "DELETE" -> {
          subs.delete(id);
          return noContent();
        }
        default -> throw notAllowed(method, "GET, PUT, DELETE");
      }
    }
    String action = seg[2];
    if (action.equals("streams") && seg.length == 3) {
      allow(method, "POST");
      Map<String, Object> m = object(parse(body));
      List<String> paths = SubscriptionSpec.streamList(m.get("streams"), "streams");
      if (paths.isEmpty()) throw SubscriptionException.invalid("streams must list at least one stream path");
      subs.addStreams(id, paths);
      return noContent();
    }
    if (action.equals("streams")) {
      allow(method, "DELETE");
      StringBuilder p = new StringBuilder();
      for (int i = 3; i < seg.length; i++) {
        if (p.length() > 0) p.append('/');
        p.append(dec(seg[i]));
      }
      String path = SubscriptionSpec.normalizePath(p.toString());
      if (path.isEmpty()) throw SubscriptionException.invalid("name the stream to unlink: DELETE .../streams/<url-encoded path>");
      subs.removeStream(id, path);
      return noContent();
    }
    if (seg.length == 3) {
      String token = bearer(headers);
      switch (action) {
        case "callback" -> {
          allow(method, "POST");
          return json(200, subs.callback(id, token, parseOrNull(body)));
        }
        case "claim" -> {
          allow(method, "POST");
          return json(200, subs.claim(id, parseOrNull(body)));
        }
        case "ack" -> {
          allow(method, "POST");
          return json(200, subs.ack(id, token, parseOrNull(body)));
        }
        case "release" -> {
          allow(method, "POST");
          subs.release(id, token, parseOrNull(body));
          return noContent();
        }
        default -> { }
      }
    }
    throw new SubscriptionException(404, "NOT_FOUND", "no control route at " + rawPath);
  }

  private static String dec(String segment) {
    return StreamPaths.decode("/" + segment).substring(1);
  }

  private static void checkId(String id) {
    if (id.length() > 256 || !id.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != '/')) {
      throw SubscriptionException.invalid("subscription id '" + (id.length() > 64 ? id.substring(0, 61) + "..." : id)
          + "' must be 1 to 256 printable characters without spaces or slashes");
    }
  }

  private static String bearer(HttpHeaders headers) {
    String a = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (a == null || a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    return a.substring(7).trim();
  }

  private static Object parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (IllegalArgumentException e) {
      throw SubscriptionException.invalid(e.getMessage());
    }
  }

  private static Object parseOrNull(byte[] body) {
    return body.length == 0 ? null : parse(body);
  }

  private static Map<String, Object> object(Object v) {
    if (!(v instanceof Map<?, ?>)) throw SubscriptionException.invalid("the body must be a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  private static void allow(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) return;
    }
    throw notAllowed(method, String.join(", ", allowed));
  }

  private static SubscriptionException notAllowed(String method, String allowed) {
    return new SubscriptionException(405, "METHOD_NOT_ALLOWED", "method " + method + " is not allowed here; use " + allowed,
        Map.of());
  }

  private static FullHttpResponse noContent() {
    FullHttpResponse r = Responses.empty(HttpResponseStatus.NO_CONTENT);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
    return r;
  }

  private static FullHttpResponse json(int status, Object body) {
    FullHttpResponse r = Responses.full(HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(Json.write(body)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
    return r;
  }
}
