package io.streamcert.reference.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.Map;

/** Aggregates request bodies up to {@code --max-body}; a larger one gets 413 and the connection ends. */
final class BodyLimit extends HttpObjectAggregator {

  private final long maxBody;

  BodyLimit(int maxBody) {
    super(maxBody, true);
    this.maxBody = maxBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(Responses.error(413, "request body is larger than the server's limit of " + maxBody
            + " bytes (--max-body)", Map.of("Connection", "close")))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
