package io.streamcert.reference.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;

/**
 * Refuses requests whose framing or routing cannot be trusted, before their bodies are read: HTTP
 * versions other than 1.0 and 1.1 (505), an HTTP/1.1 request without exactly one valid {@code Host}
 * (400, RFC 9112 §3.2), and transfer codings other than {@code chunked} (501). The connection is
 * closed afterwards, because the rest of such a request cannot be delimited reliably.
 */
final class FramingGuard extends ChannelInboundHandlerAdapter {

  private boolean discarding;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req && req.decoderResult().isSuccess()) {
      String problem = problem(req);
      if (problem != null) {
        discarding = true;
        int status = problem.startsWith("505") ? 505 : problem.startsWith("501") ? 501 : 400;
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(Responses.error(status, problem.substring(4), Map.of("Connection", "close")))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      discarding = false;
    } else if (discarding && msg instanceof HttpContent) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private static String problem(HttpRequest req) {
    HttpVersion v = req.protocolVersion();
    if (v.majorVersion() != 1 || v.minorVersion() > 1) {
      return "505 HTTP version " + v.text() + " is not supported; use HTTP/1.1";
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    if (v.minorVersion() == 1 && hosts.size() != 1) {
      return "400 an HTTP/1.1 request must carry exactly one Host header (got " + hosts.size() + ")";
    }
    for (String h : hosts) {
      if (h.isEmpty() && v.minorVersion() == 1) return "400 the Host header is empty";
      for (int i = 0; i < h.length(); i++) {
        char c = h.charAt(i);
        if (c <= ' ' || c == '/' || c == '\\' || c == '@' || c >= 0x7f) {
          return "400 the Host header '" + h + "' is not a valid host[:port]";
        }
      }
    }
    List<String> te = req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!te.isEmpty() && !(te.size() == 1 && te.get(0).trim().equalsIgnoreCase("chunked"))) {
      return "501 only the chunked transfer coding is supported (got Transfer-Encoding: " + String.join(", ", te) + ")";
    }
    return null;
  }
}
