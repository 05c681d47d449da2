package io.streamcert.reference.subs;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The webhook transport of the reference server, on Netty's HTTP/1.1 client. It connects the socket
 * to the addresses the URL policy approved ({@link ApprovedTarget}), in order, moving to the next
 * one only when a connection cannot be made, and never resolves the URL's host name: the name is
 * sent as {@code Host} and, for https, as the TLS server name (SNI), and the certificate must match
 * it (endpoint identification {@code HTTPS}, the JDK's default trust store unless a test gives its
 * own {@link SSLContext}).
 *
 * <p>Each POST uses its own connection ({@code Connection: close}). 5 s to connect to each address,
 * 10 s from the connect to the complete answer, redirects never followed (a 3xx is just a failed
 * delivery). At most {@value #MAX_BODY} bytes of an answer's body are kept: the engine only looks
 * for {@code {"done":true}} in it; a longer body is not read further, the answer keeps its status
 * with an empty body (the receiver acks through the callback instead). All connections share one
 * event loop thread (a daemon), released by {@link #close()}.
 */
public final class PinnedWebhookTransport implements WebhookTransport, AutoCloseable {

  /** The most bytes of an answer's body that are kept. */
  public static final int MAX_BODY = 64 * 1024;

  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final long ANSWER_TIMEOUT_MS = 10_000;

  private final EventLoopGroup group;
  private final SSLContext tls;
  private final int connectTimeoutMs;
  private final long answerTimeoutMs;
  private volatile boolean closed;

  /** The production transport: the JDK's default trust store, 5 s to connect, 10 s to answer. */
  public PinnedWebhookTransport() {
    this(null, CONNECT_TIMEOUT_MS, ANSWER_TIMEOUT_MS);
  }

  /** A transport that trusts what {@code tls} trusts (tests with their own certificate authority). */
  public PinnedWebhookTransport(SSLContext tls) {
    this(Objects.requireNonNull(tls, "tls"), CONNECT_TIMEOUT_MS, ANSWER_TIMEOUT_MS);
  }

  /** @param tls null for the JDK's default context, fetched at the first https delivery */
  PinnedWebhookTransport(SSLContext tls, int connectTimeoutMs, long answerTimeoutMs) {
    this.tls = tls;
    this.connectTimeoutMs = connectTimeoutMs;
    this.answerTimeoutMs = answerTimeoutMs;
    this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("webhooks", true), NioIoHandler.newFactory());
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context, so https webhooks cannot be sent: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Response> post(ApprovedTarget target, Map<String, String> headers, byte[] body) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    URI u = target.uri();
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      result.completeExceptionally(new IllegalArgumentException("webhook URL " + u + " must use http or https"));
      return result;
    }
    if (u.getHost() == null) {
      result.completeExceptionally(new IllegalArgumentException("webhook URL " + u + " has no host"));
      return result;
    }
    if (closed) {
      result.completeExceptionally(new IllegalStateException("the webhook transport is closed (the server is stopping)"));
      return result;
    }
    boolean https = scheme.equals("https");
    int port = u.getPort() != -1 ? u.getPort() : https ? 443 : 80;
    Delivery d = new Delivery(target, https, port, request(u, headers, body), result);
    connect(d, 0, null);
    return result;
  }

  /** One POST: its target, its request and its outcome. */
  private record Delivery(ApprovedTarget target, boolean https, int port, FullHttpRequest request,
      CompletableFuture<Response> result) {
    List<InetAddress> addresses() {
      return target.addresses();
    }
  }

  private static FullHttpRequest request(URI u, Map<String, String> headers, byte[] body) {
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(body));
    headers.forEach((k, v) -> r.headers().set(k, v));
    r.headers().set(HttpHeaderNames.HOST, u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort());
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  /** Connects to the {@code i}th approved address, or to the next one when that fails. */
  private void connect(Delivery d, int i, Throwable earlier) {
    InetSocketAddress address = new InetSocketAddress(d.addresses().get(i), d.port());
    ChannelFuture f;
    try {
      SslHandler ssl = d.https() ? sslHandler(d) : null;
      f = new Bootstrap()
          .group(group)
          .channel(NioSocketChannel.class)
          .resolver(NoopAddressResolverGroup.INSTANCE)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (ssl != null) ch.pipeline().addLast(ssl);
              ch.pipeline().addLast(new HttpClientCodec(), new Answer(d));
            }
          })
          .connect(address);
    } catch (RuntimeException e) {
      fail(d, address, e, earlier);
      return;
    }
    f.addListener((ChannelFuture done) -> {
      if (done.isSuccess()) {
        send(d, done.channel(), address);
      } else if (i + 1 < d.addresses().size() && !closed) {
        Throwable cause = done.cause();
        if (earlier != null) cause.addSuppressed(earlier);
        connect(d, i + 1, cause);
      } else {
        fail(d, address, done.cause(), earlier);
      }
    });
  }

  private void fail(Delivery d, InetSocketAddress last, Throwable cause, Throwable earlier) {
    d.request().release();
    IOException e = new IOException("webhook " + d.target().uri() + ": could not connect to "
        + (d.addresses().size() == 1 ? "its approved address " : "any of its approved addresses " + d.addresses() + ", last ")
        + last.getAddress().getHostAddress() + " port " + last.getPort() + ": " + cause, cause);
    if (earlier != null) e.addSuppressed(earlier);
    d.result().completeExceptionally(e);
  }

  private void send(Delivery d, Channel ch, InetSocketAddress address) {
    ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
      if (d.result().completeExceptionally(new TimeoutException("webhook " + d.target().uri() + " (" + address.getAddress().getHostAddress()
          + " port " + address.getPort() + ") did not answer within " + answerTimeoutMs + " ms"))) {
        ch.close();
      }
    }, answerTimeoutMs, TimeUnit.MILLISECONDS);
    d.result().whenComplete((r, e) -> timer.cancel(false));
    ch.writeAndFlush(d.request()).addListener((ChannelFuture w) -> {
      if (!w.isSuccess()) {
        d.result().completeExceptionally(new IOException("webhook " + d.target().uri() + ": sending to "
            + address.getAddress().getHostAddress() + " port " + address.getPort() + " failed: " + w.cause(), w.cause()));
        ch.close();
      }
    });
  }

  /** TLS to the URL's host name: SNI, and a certificate that must match the name. */
  private SslHandler sslHandler(Delivery d) {
    String host = d.target().uri().getHost();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
    SSLEngine engine = (tls != null ? tls : defaultTls()).createSSLEngine(host, d.port());
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (SafeWebhookUrlPolicy.literal(host.toLowerCase(Locale.ROOT)) == null) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    engine.setSSLParameters(p);
    return new SslHandler(engine);
  }

  /** Reads one answer: its status and at most {@link #MAX_BODY} bytes of its body. */
  private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
    private final Delivery d;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;
    private boolean interim;

    Answer(Delivery d) {
      this.d = d;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (d.result().isDone()) return;
      if (msg.decoderResult().isFailure()) {
        fail(ctx, new IOException("webhook " + d.target().uri() + " answered with malformed HTTP: " + msg.decoderResult().cause(),
            msg.decoderResult().cause()));
        return;
      }
      if (msg instanceof HttpResponse r) {
        // 1xx answers (100 Continue and the like) come before the real one
        interim = r.status().code() < 200;
        if (!interim) status = r.status().code();
      }
      if (msg instanceof HttpContent c && !interim) {
        int n = c.content().readableBytes();
        if (body.size() + n > MAX_BODY) {
          // the status is what counts; a body this long is not a {"done":true} ack
          d.result().complete(new Response(status, new byte[0]));
          ctx.close();
          return;
        }
        byte[] chunk = new byte[n];
        c.content().readBytes(chunk);
        body.writeBytes(chunk);
      }
      if (msg instanceof LastHttpContent) {
        if (interim) {
          interim = false;
        } else {
          d.result().complete(new Response(status, body.toByteArray()));
          ctx.close();
        }
      }
    }

    private void fail(ChannelHandlerContext ctx, Throwable e) {
      d.result().completeExceptionally(e);
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, new IOException("webhook " + d.target().uri() + ": " + cause, cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      d.result().completeExceptionally(new IOException("webhook " + d.target().uri()
          + ": the connection closed before the answer was complete" + (status == -1 ? "" : " (status " + status + ")")));
    }
  }

  /** Closes every connection and stops the event loop thread; later posts fail at once. */
  @Override
  public void close() {
    closed = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
