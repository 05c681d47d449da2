package io.streamcert.reference.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes each request to the handler of its operation, and turns every failure into a response:
 * a {@link ProtocolException} into its status and message, a malformed request into 400 (431 for
 * oversized headers), anything unexpected into 500 with the cause logged.
 */
@ChannelHandler.Sharable
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = Logger.getLogger(Router.class.getName());

  private final CreateHandler create;
  private final AppendHandler append;
  private final ReadHandler read;
  private final HeadHandler head;
  private final DeleteHandler delete;

  private final java.util.function.Supplier<List<String>> health;
  private final SubscriptionHandler subscriptions;
  private final io.streamcert.reference.storage.StreamStore store;

  /**
   * Runs writes (PUT, POST) when the store blocks until they are durable; null when it never does.
   * A writer waiting for its fsync then holds a pool thread, not an event loop, and writers waiting
   * together share the store's fsync rounds.
   */
  private final java.util.concurrent.ExecutorService durableWrites;
  private final HttpContext http;
  private final ServerMetrics metrics = new ServerMetrics();

  /** Requests of one connection still running or queued off the event loop; later ones wait behind them (HTTP/1.1 order). */
  private static final io.netty.util.AttributeKey<java.util.concurrent.CompletableFuture<Void>> PENDING =
      io.netty.util.AttributeKey.valueOf("streamcert.pending");

  Router(HttpContext http) {
    this(http, null);
  }

  /** @param subs the subscription engine, or null to answer 404 under {@code __ds} */
  Router(HttpContext http, io.streamcert.reference.subs.Subscriptions subs) {
    this.subscriptions = subs == null ? null : new SubscriptionHandler(subs, ReferenceServer.STREAM_ROOT);
    this.health = http.streams().store()::problems;
    this.store = http.streams().store();
    this.create = new CreateHandler(http);
    this.append = new AppendHandler(http);
    this.read = new ReadHandler(http);
    this.head = new HeadHandler(http);
    this.delete = new DeleteHandler(http);
    this.durableWrites = http.streams().store().waitsForDurability() ? pool("streamcert-durable-write") : null;
    this.http = http;
  }

  /** A pool of up to 256 daemon threads named {@code prefix-N}, for work that must not run on an event loop. */
  static java.util.concurrent.ExecutorService pool(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(256, 256, 30,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    DecoderResult result = msg.decoderResult();
    if (result.isFailure()) {
      rejectMalformed(ctx, result.cause());
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    metrics.request(msg.method().name());
    guarded(ctx, msg.method() + " " + msg.uri(), keepAlive, () -> route(ctx, msg, keepAlive));
  }

  /** Runs one request's work, turning every failure into its response. */
  private static void guarded(ChannelHandlerContext ctx, String what, boolean keepAlive, Runnable work) {
    try {
      work.run();
    } catch (ProtocolException e) {
      Responses.send(ctx, Responses.error(e.status(), e.getMessage(), e.headers()), keepAlive);
    } catch (StorageException e) {
      Responses.send(ctx, storageError(e), keepAlive);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unexpected failure on " + what, e);
      Responses.send(ctx, Responses.error(500, "internal error: " + e, Map.of()), false);
    }
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest msg, boolean keepAlive) {
    String uri = msg.uri();
    int q = uri.indexOf('?');
    String rawPath = q >= 0 ? uri.substring(0, q) : uri;
    String method = msg.method().name();
    if (method.equals("OPTIONS")) {
      FullHttpResponse r = Responses.empty(HttpResponseStatus.NO_CONTENT);
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, Responses.ALLOW_METHODS);
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, Responses.ALLOW_HEADERS);
      r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
      Responses.send(ctx, r, keepAlive);
      return;
    }
    String path = StreamPaths.decode(rawPath);
    if (path.equals("/health") && (method.equals("GET") || method.equals("HEAD")) && wantsJson(msg, uri)) {
      sendText(ctx, keepAlive, HealthJson.render(store.kind(), health.get(), store.health()), "application/json");
      return;
    }
    if (path.equals("/metrics") && (method.equals("GET") || method.equals("HEAD"))) {
      Map<String, Number> all = new java.util.HashMap<>(store.metrics());
      all.putAll(metrics.snapshot());
      sendText(ctx, keepAlive, HealthJson.prometheus(all), "text/plain; version=0.0.4; charset=utf-8");
      return;
    }
    if (path.equals("/health") && (method.equals("GET") || method.equals("HEAD"))) {
      List<String> problems = health.get();
      String text = problems.isEmpty() ? "ok\n" : "degraded\n" + String.join("\n", problems) + "\n";
      FullHttpResponse r = Responses.full(HttpResponseStatus.OK,
          io.netty.buffer.Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
      Responses.send(ctx, r, keepAlive);
      return;
    }
    if (!path.startsWith(ReferenceServer.STREAM_ROOT) || path.length() == ReferenceServer.STREAM_ROOT.length()) {
      throw new ProtocolException(404, "no stream at " + path + "; streams live under " + ReferenceServer.STREAM_ROOT + "<name>");
    }
    if (path.startsWith(ReferenceServer.STREAM_ROOT + "__ds/") || path.equals(ReferenceServer.STREAM_ROOT + "__ds")) {
      if (subscriptions != null) {
        subscriptions.handle(ctx, method, rawPath, msg.headers(), ByteBufUtil.getBytes(msg.content()), keepAlive);
        return;
      }
      throw new ProtocolException(404, "paths under " + ReferenceServer.STREAM_ROOT
          + "__ds are reserved for the subscription APIs, which this server does not implement yet");
    }
    Map<String, List<String>> query;
    try {
      query = q >= 0 ? new QueryStringDecoder(uri.substring(q), StandardCharsets.UTF_8, true, 64, true).parameters() : Map.of();
    } catch (IllegalArgumentException e) {
      throw ProtocolException.badRequest("the query string is malformed: " + e.getMessage());
    }
    String host = msg.headers().get(HttpHeaderNames.HOST);
    String location = "http://" + (host == null ? "localhost" : host) + rawPath;
    Request req = new Request(method, path, location, query, msg.headers(), ByteBufUtil.getBytes(msg.content()));
    java.util.concurrent.CompletableFuture<Void> before = ctx.channel().attr(PENDING).get();
    boolean write = method.equals("PUT") || method.equals("POST");
    if (method.equals("POST")) metrics.append(req.body().length);
    boolean offload = write ? durableWrites != null : http.readsOffLoop();
    if (offload || (before != null && !before.isDone())) {
      // Off the event loop (a durable write, or a read that may wait on S3), or behind one still running on
      // this connection. Reads go to the connection's serial executor, where its long-polls and SSE pumps run.
      java.util.concurrent.CompletableFuture<Void> prior = before == null
          ? java.util.concurrent.CompletableFuture.completedFuture(null) : before.handle((v, failure) -> null);
      String what = method + " " + uri;
      java.util.concurrent.Executor where = write && durableWrites != null ? durableWrites : http.executor(ctx);
      ctx.channel().attr(PENDING).set(prior.thenRunAsync(() -> guarded(ctx, what, keepAlive, () -> dispatch(ctx, req, keepAlive)),
          where));
      return;
    }
    dispatch(ctx, req, keepAlive);
  }

  private void dispatch(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    String method = req.method();
    switch (method) {
      case "PUT" -> create.handle(ctx, req, keepAlive);
      case "POST" -> append.handle(ctx, req, keepAlive);
      case "GET" -> read.handle(ctx, req, keepAlive);
      case "HEAD" -> head.handle(ctx, req, keepAlive);
      case "DELETE" -> delete.handle(ctx, req, keepAlive);
      default -> throw new ProtocolException(405, "method " + method + " is not allowed on a stream; use "
          + Responses.ALLOW_METHODS, Map.of("Allow", Responses.ALLOW_METHODS));
    }
  }

  private static boolean wantsJson(FullHttpRequest msg, String uri) {
    String accept = msg.headers().get(HttpHeaderNames.ACCEPT);
    return uri.contains("format=json") || (accept != null && accept.contains("application/json"));
  }

  private static void sendText(ChannelHandlerContext ctx, boolean keepAlive, String text, String contentType) {
    FullHttpResponse r = Responses.full(HttpResponseStatus.OK, io.netty.buffer.Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
    Responses.send(ctx, r, keepAlive);
  }

  /** 507 for a full disk (nothing was written), 503 with Retry-After for a failed store, 500 for corrupt data. */
  static io.netty.handler.codec.http.FullHttpResponse storageError(StorageException e) {
    return switch (e.kind()) {
      case FULL -> Responses.error(507, e.getMessage(), Map.of());
      case FAILED -> Responses.error(503, e.getMessage(), Map.of("Retry-After", "5"));
      case CORRUPT -> Responses.error(500, e.getMessage(), Map.of());
      case BUSY -> Responses.error(503, e.getMessage(), Map.of("Retry-After", Integer.toString(e.retryAfterSeconds())));
    };
  }

  private static void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
    int status = 400;
    String what = "malformed HTTP request";
    if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      what = "request headers are too large";
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
      what = "request line is too long";
    } else if (cause instanceof TooLongFrameException) {
      status = 431;
      what = "request is too large";
    }
    String detail = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    if (detail.length() > 200) detail = detail.substring(0, 200);
    Responses.send(ctx, Responses.error(status, what + detail, Map.of()), false);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof java.io.IOException)) {
      LOG.log(Level.FINE, "channel failure", cause);
    }
    ctx.close();
  }
}
