package io.streamcert.reference.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds responses with the headers every response carries (PROTOCOL.md §12.7 and CORS). */
final class Responses {

  static final String CACHE_PUBLIC = "public, max-age=60, stale-while-revalidate=300";
  static final String NO_STORE = "no-store";

  static final String EXPOSE_HEADERS = String.join(", ",
      "Stream-Next-Offset", "Stream-Cursor", "Stream-Up-To-Date", "Stream-Closed", "Stream-TTL",
      "Stream-Expires-At", "Stream-SSE-Data-Encoding", "Producer-Epoch", "Producer-Seq",
      "Producer-Expected-Seq", "Producer-Received-Seq", "ETag", "Location", "Content-Type");

  static final String ALLOW_HEADERS = String.join(", ",
      "Content-Type", "Authorization", "If-None-Match", "Stream-Seq", "Stream-TTL", "Stream-Expires-At",
      "Stream-Closed", "Producer-Id", "Producer-Epoch", "Producer-Seq", "Stream-Forked-From",
      "Stream-Fork-Offset", "Stream-Fork-Sub-Offset");

  static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, HEAD, OPTIONS";

  private Responses() {}

  /** Adds the security and CORS headers that every response carries, errors included. */
  static void addCommon(HttpHeaders h) {
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Cross-Origin-Resource-Policy", "cross-origin");
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
  }

  static FullHttpResponse full(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    addCommon(r.headers());
    int code = status.code();
    if (code != 204 && code != 304 && code >= 200) {
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    }
    return r;
  }

  static FullHttpResponse empty(HttpResponseStatus status) {
    return full(status, Unpooled.EMPTY_BUFFER);
  }

  /** A short plain-text error saying what was wrong, with any headers the rule requires. */
  static FullHttpResponse error(int status, String message, Map<String, String> headers) {
    ByteBuf body = Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
    FullHttpResponse r = full(HttpResponseStatus.valueOf(status), body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
    headers.forEach((k, v) -> r.headers().set(k, v));
    return r;
  }

  /** Writes a response, keeping the connection open only when the client asked for it. */
  static void send(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive) {
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
