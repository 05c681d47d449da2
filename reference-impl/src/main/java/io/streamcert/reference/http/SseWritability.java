package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Resumes an SSE session when a slow client's socket drains (the channel becomes writable). */
final class SseWritability extends ChannelInboundHandlerAdapter {

  private final Runnable resume;

  private SseWritability(Runnable resume) {
    this.resume = resume;
  }

  static void attach(ChannelHandlerContext ctx, Runnable resume) {
    ctx.pipeline().addLast(new SseWritability(resume));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) resume.run();
    super.channelWritabilityChanged(ctx);
  }
}
