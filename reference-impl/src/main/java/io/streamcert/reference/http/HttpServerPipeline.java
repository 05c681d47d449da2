package io.streamcert.reference.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.protocol.Cursors;
import io.streamcert.reference.stream.Streams;

/** Builds each connection's pipeline: strict decoding, body limit, then the router. */
public final class HttpServerPipeline extends ChannelInitializer<SocketChannel> {

  private final ServerConfig config;
  private final Router router;

  public HttpServerPipeline(Streams streams, ServerConfig config) {
    this(streams, config, null);
  }

  /** @param subscriptions the subscription engine behind {@code __ds}, or null for none (404) */
  public HttpServerPipeline(Streams streams, ServerConfig config, io.streamcert.reference.subs.Subscriptions subscriptions) {
    this.config = config;
    java.util.concurrent.Executor blockingReads = streams.store().readsMayBlock() ? Router.pool("streamcert-read") : null;
    this.router = new Router(new HttpContext(streams, config, Cursors.system(), blockingReads), subscriptions);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("decoder", new StrictRequestDecoder())
        .addLast("encoder", new HttpResponseEncoder())
        .addLast("framing", new FramingGuard())
        .addLast("body", new BodyLimit((int) Math.min(Integer.MAX_VALUE, config.maxBody().bytes())))
        .addLast("router", router);
  }
}
