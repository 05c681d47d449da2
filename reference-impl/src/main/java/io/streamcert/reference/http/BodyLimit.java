package io.streamcert.reference.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Map;

/**
 * Aggregates request bodies up to {@code --max-body}. A larger one gets 413; on a keep-alive
 * connection the rest of its body is read and discarded, so the client sees the 413 instead of a
 * connection reset in the middle of its upload.
 */
final class BodyLimit extends HttpObjectAggregator {

  private final long maxBody;

  BodyLimit(int maxBody) {
    super(maxBody, true);
    this.maxBody = maxBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String message = "request body is larger than the server's limit of " + maxBody + " bytes (--max-body)";
    if (HttpUtil.isKeepAlive(oversized) && !(oversized instanceof io.netty.handler.codec.http.FullHttpMessage)) {
      ctx.writeAndFlush(Responses.error(413, message, Map.of()))
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    } else {
      ctx.writeAndFlush(Responses.error(413, message, Map.of("Connection", "close")))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
