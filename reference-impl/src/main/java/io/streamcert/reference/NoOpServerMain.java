package io.streamcert.reference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.streamcert.reference.http.NoOpPipeline;
import java.net.InetSocketAddress;

/**
 * Runs a no-op endpoint on the reference server's HTTP stack (same transport, event loops, channel
 * options and pipeline up to the router; see {@link NoOpPipeline}) as its own process, so that a
 * benchmark can set the reference server's throughput against what the stack alone serves:
 *
 * <pre>java -cp ... io.streamcert.reference.NoOpServerMain [--host 127.0.0.1] --port N</pre>
 *
 * Runs until the process is stopped.
 */
public final class NoOpServerMain {

  private NoOpServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    String host = "127.0.0.1";
    int port = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> host = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> {
          System.err.println("no-op server: unknown option " + args[i] + "; use --host HOST --port N");
          System.exit(2);
        }
      }
    }
    if (port < 0 || port > 65535 || args.length % 2 != 0) {
      System.err.println("no-op server: usage: NoOpServerMain [--host HOST] --port N (0 for any free port)");
      System.exit(2);
    }
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
    Channel ch = new ServerBootstrap()
        .group(boss, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new NoOpPipeline())
        .bind(new InetSocketAddress(host, port))
        .syncUninterruptibly()
        .channel();
    System.out.println("no-op server on the reference HTTP stack listening on " + ch.localAddress()
        + (epoll ? " (epoll)" : " (nio)"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }));
    ch.closeFuture().sync();
  }
}
