package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.stream.CreateOutcome;
import io.streamcert.reference.stream.CreateRequest;

/** {@code PUT}: creates a stream or a fork (PROTOCOL.md §5.1, §4.2); 201 new, 200 identical. */
final class CreateHandler {

  private final HttpContext http;

  CreateHandler(HttpContext http) {
    this.http = http;
  }

  void handle(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    String forkedFrom = req.header("Stream-Forked-From");
    if (forkedFrom != null) {
      forkedFrom = forkSource(forkedFrom);
    }
    String forkOffset = req.header("Stream-Fork-Offset");
    if (forkOffset != null && forkedFrom == null) {
      throw ProtocolException.badRequest("Stream-Fork-Offset needs Stream-Forked-From");
    }
    CreateRequest create = new CreateRequest(
        req.path(),
        req.header("Content-Type"),
        Lifetime.parse(req.header("Stream-TTL"), req.header("Stream-Expires-At")),
        req.closeRequested(),
        req.body(),
        forkedFrom,
        forkOffset,
        req.header("Stream-Fork-Sub-Offset"));
    CreateOutcome out = http.streams().create(create);
    FullHttpResponse r = Responses.empty(out.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK);
    if (out.created()) r.headers().set(HttpHeaderNames.LOCATION, req.location());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, out.stream().contentType());
    r.headers().set("Stream-Next-Offset", new Offset(out.snapshot().tail()).toString());
    if (out.snapshot().closed()) r.headers().set("Stream-Closed", "true");
    Responses.send(ctx, r, keepAlive);
  }

  /** Accepts a stream path or an absolute URL on this server; returns the decoded path. */
  private static String forkSource(String value) {
    String v = value.trim();
    if (v.startsWith("http://") || v.startsWith("https://")) {
      int slash = v.indexOf('/', v.indexOf("//") + 2);
      v = slash < 0 ? "/" : v.substring(slash);
    }
    int q = v.indexOf('?');
    if (q >= 0) v = v.substring(0, q);
    String path = StreamPaths.decode(v);
    if (!path.startsWith(io.streamcert.reference.ReferenceServer.STREAM_ROOT)) {
      throw ProtocolException.badRequest("Stream-Forked-From must name a stream on this server, under "
          + io.streamcert.reference.ReferenceServer.STREAM_ROOT);
    }
    return path;
  }
}
