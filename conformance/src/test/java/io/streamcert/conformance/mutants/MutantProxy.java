package io.streamcert.conformance.mutants;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A server that breaks one rule: an HTTP proxy on a free loopback port in front of a conformant
 * server, applying a {@link Mutation} to each request and response head. Responses stream through
 * (SSE and long-poll keep working). Each request goes to the server on its own connection.
 */
final class MutantProxy implements AutoCloseable {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;
  private final int port;

  MutantProxy(URI upstream, Mutation mutation) {
    InetSocketAddress backend = new InetSocketAddress(upstream.getHost(), upstream.getPort());
    server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(64 * 1024 * 1024))
                .addLast(new Front(backend, mutation));
          }
        })
        .bind("127.0.0.1", 0)
        .syncUninterruptibly()
        .channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Forwards one client connection's requests, one at a time. */
  private static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final InetSocketAddress backend;
    private final Mutation mutation;

    Front(InetSocketAddress backend, Mutation mutation) {
      super(false);
      this.backend = backend;
      this.mutation = mutation;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext front, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      mutation.request(request);
      request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      front.channel().config().setAutoRead(false);
      new Bootstrap()
          .group(front.channel().eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpClientCodec()).addLast(new Back(front, request, mutation, keepAlive));
            }
          })
          .connect(backend)
          .addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
              f.channel().writeAndFlush(request);
            } else {
              request.release();
              front.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY))
                  .addListener(ChannelFutureListener.CLOSE);
            }
          });
    }
  }

  /** Relays the server's response to the client, mutating its head. */
  private static final class Back extends SimpleChannelInboundHandler<HttpObject> {
    private final ChannelHandlerContext front;
    private final FullHttpRequest request;
    private final Mutation mutation;
    private final boolean keepAlive;

    Back(ChannelHandlerContext front, FullHttpRequest request, Mutation mutation, boolean keepAlive) {
      super(false);
      this.front = front;
      this.request = request;
      this.mutation = mutation;
      this.keepAlive = keepAlive;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext back, HttpObject msg) {
      if (msg instanceof HttpResponse head) {
        mutation.response(request, head);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
      }
      boolean last = msg instanceof LastHttpContent;
      if (msg instanceof HttpContent || msg instanceof HttpResponse) {
        front.writeAndFlush(msg).addListener(f -> {
          if (last) {
            back.close();
            if (keepAlive) {
              front.channel().config().setAutoRead(true);
            } else {
              front.close();
            }
          }
        });
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext back) {
      request.release();
      front.channel().config().setAutoRead(true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext back, Throwable cause) {
      back.close();
      front.close();
    }
  }
}
