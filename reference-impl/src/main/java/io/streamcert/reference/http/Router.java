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
  private final io.streamcert.reference.storage.StreamStore store;

  Router(HttpContext http) {
    this.health = http.streams().store()::problems;
    this.store = http.streams().store();
    this.create = new CreateHandler(http);
    this.append = new AppendHandler(http);
    this.read = new ReadHandler(http);
    this.head = new HeadHandler(http);
    this.delete = new DeleteHandler(http);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    DecoderResult result = msg.decoderResult();
    if (result.isFailure()) {
      rejectMalformed(ctx, result.cause());
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    try {
      route(ctx, msg, keepAlive);
    } catch (ProtocolException e) {
      Responses.send(ctx, Responses.error(e.status(), e.getMessage(), e.headers()), keepAlive);
    } catch (StorageException e) {
      Responses.send(ctx, storageError(e), keepAlive);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unexpected failure on " + msg.method() + " " + msg.uri(), e);
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
      sendText(ctx, keepAlive, HealthJson.prometheus(store.metrics()), "text/plain; version=0.0.4; charset=utf-8");
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
