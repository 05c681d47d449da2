package io.streamcert.reference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.stream.StreamState;

/**
 * {@code GET}: catch-up reads (PROTOCOL.md §5.6), and the entry to long-poll (§5.7) and SSE (§5.8).
 */
final class ReadHandler {

  private final HttpContext http;

  ReadHandler(HttpContext http) {
    this.http = http;
  }

  void handle(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    String live = req.param("live");
    String offset = req.param("offset");
    if (live != null && !live.equals("long-poll") && !live.equals("sse")) {
      throw ProtocolException.badRequest("live was '" + live + "' but must be long-poll or sse");
    }
    if (live != null && offset == null) {
      throw ProtocolException.badRequest("live=" + live + " needs an offset (use -1 for the beginning or now for the tail)");
    }
    if (offset != null && offset.isEmpty()) {
      throw ProtocolException.badRequest("offset is empty; use -1, now, or an offset this server returned");
    }
    boolean now = "now".equals(offset);
    long position = offset == null || offset.equals("-1") || now ? 0 : Offset.parse(offset).position();
    StreamState s = http.streams().openForRead(req.path());
    StreamState.Snapshot snap = s.snapshot();
    if (now) position = snap.tail();
    http.streams().checkReadable(s, position, snap.tail());
    if ("sse".equals(live)) {
      new SseSession(http, ctx, s, position, req.param("cursor")).start();
      return;
    }
    if ("long-poll".equals(live)) {
      new LongPoll(http, ctx, s, position, req.param("cursor"), keepAlive).start(snap);
      return;
    }
    if (now) {
      FullHttpResponse r = Responses.full(HttpResponseStatus.OK,
          s.isJson() ? Unpooled.wrappedBuffer(new byte[] {'[', ']'}) : Unpooled.EMPTY_BUFFER);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
      r.headers().set("Stream-Next-Offset", new Offset(snap.tail()).toString());
      r.headers().set("Stream-Up-To-Date", "true");
      if (snap.closed()) r.headers().set("Stream-Closed", "true");
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
      Responses.send(ctx, r, keepAlive);
      return;
    }
    Chunk chunk = Chunk.read(http.streams(), s, position, snap.tail(), http.config().maxChunk().bytes());
    String etag = etag(s, position, chunk.end(), snap.closed() && chunk.end() == snap.tail());
    if (matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
      chunk.body().release();
      FullHttpResponse r = Responses.empty(HttpResponseStatus.NOT_MODIFIED);
      r.headers().set(HttpHeaderNames.ETAG, etag);
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.CACHE_PUBLIC);
      r.headers().set("Stream-Next-Offset", new Offset(chunk.end()).toString());
      if (chunk.end() == snap.tail()) r.headers().set("Stream-Up-To-Date", "true");
      if (snap.closed() && chunk.end() == snap.tail()) r.headers().set("Stream-Closed", "true");
      Responses.send(ctx, r, keepAlive);
      return;
    }
    FullHttpResponse r = dataResponse(s, chunk, snap);
    r.headers().set(HttpHeaderNames.ETAG, etag);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.CACHE_PUBLIC);
    Responses.send(ctx, r, keepAlive);
  }

  /** A 200 carrying a chunk, with the offset, up-to-date and closure headers it reaches. */
  static FullHttpResponse dataResponse(StreamState s, Chunk chunk, StreamState.Snapshot snap) {
    FullHttpResponse r = Responses.full(HttpResponseStatus.OK, chunk.body());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
    r.headers().set("Stream-Next-Offset", new Offset(chunk.end()).toString());
    if (chunk.end() == snap.tail() && !s.isCorrupt()) {
      r.headers().set("Stream-Up-To-Date", "true");
      if (snap.closed()) r.headers().set("Stream-Closed", "true");
    }
    return r;
  }

  /** The entity tag of a range: stream id, start and end, with {@code :c} once the range ends a closed stream. */
  static String etag(StreamState s, long start, long end, boolean closedAtEnd) {
    return "\"" + s.id() + ":" + new Offset(start) + ":" + new Offset(end) + (closedAtEnd ? ":c" : "") + "\"";
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) c = c.substring(2);
      if (c.equals(etag) || c.equals("*") || ("\"" + c + "\"").equals(etag)) return true;
    }
    return false;
  }
}
