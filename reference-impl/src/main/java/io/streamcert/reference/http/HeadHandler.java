package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.stream.StreamState;

/** {@code HEAD}: a stream's metadata, never cached, never refreshing its TTL (PROTOCOL.md §5.5). */
final class HeadHandler {

  private final HttpContext http;

  HeadHandler(HttpContext http) {
    this.http = http;
  }

  void handle(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    StreamState s = http.streams().openForHead(req.path());
    StreamState.Snapshot snap = s.snapshot();
    FullHttpResponse r = Responses.empty(HttpResponseStatus.OK);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
    r.headers().set("Stream-Next-Offset", new Offset(snap.tail()).toString());
    if (s.lifetime().ttlSeconds() != null) r.headers().set("Stream-TTL", s.lifetime().ttlSeconds().toString());
    if (s.lifetime().expiresAt() != null) r.headers().set("Stream-Expires-At", s.lifetime().expiresAtText());
    if (snap.closed()) r.headers().set("Stream-Closed", "true");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
    r.headers().set(HttpHeaderNames.ETAG, ReadHandler.etag(s, 0, snap.tail(), snap.closed()));
    Responses.send(ctx, r, keepAlive);
  }
}
