package io.streamcert.reference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/**
 * The reference server's HTTP stack with nothing behind it: the same strict decoder, encoder,
 * framing guard and body aggregation, then a handler that answers 204 to every request (200 to
 * {@code GET /health}). Measuring it beside the real server tells what the protocol engine and
 * storage cost on top of Netty and HTTP/1.1 parsing.
 */
public final class NoOpPipeline extends ChannelInitializer<SocketChannel> {

  private static final int MAX_BODY = 10 * 1024 * 1024;
  private final NoOp handler = new NoOp();

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("decoder", new StrictRequestDecoder())
        .addLast("encoder", new HttpResponseEncoder())
        .addLast("framing", new FramingGuard())
        .addLast("body", new BodyLimit(MAX_BODY))
        .addLast("no-op", handler);
  }

  @ChannelHandler.Sharable
  private static final class NoOp extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      FullHttpResponse r;
      if (msg.uri().equals("/health")) {
        r = Responses.full(HttpResponseStatus.OK, Unpooled.copiedBuffer("ok\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      } else {
        r = Responses.empty(HttpResponseStatus.NO_CONTENT);
      }
      Responses.send(ctx, r, keepAlive);
    }
  }
}
