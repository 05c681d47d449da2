package io.streamcert.reference.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcert.reference.protocol.ContentTypes;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.stream.LiveListener;
import io.streamcert.reference.stream.StreamState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * One SSE connection (PROTOCOL.md §5.8): every {@code data} event is followed by a {@code control}
 * event; binary streams are base64-encoded; the connection ends after the final control event of a
 * closed stream, or after the reconnect interval so that CDNs can collapse requests.
 *
 * <p>All work runs on the channel's event loop; while waiting the session holds no thread, and it
 * stops reading the stream while the client is slow (the channel is not writable).
 */
final class SseSession implements LiveListener {

  private final HttpContext http;
  private final ChannelHandlerContext ctx;
  private final StreamState stream;
  private final String clientCursor;
  private final boolean base64;
  private long position;
  private boolean sentAny;
  private boolean finished;
  private ScheduledFuture<?> reconnect;

  SseSession(HttpContext http, ChannelHandlerContext ctx, StreamState stream, long position, String cursor) {
    this.http = http;
    this.ctx = ctx;
    this.stream = stream;
    this.position = position;
    this.clientCursor = cursor;
    this.base64 = !ContentTypes.isSseText(stream.contentType());
  }

  void start() {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    Responses.addCommon(r.headers());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    // The session always ends by closing the connection (see finish), so it says so up front:
    // a client that pooled the socket as keep-alive could race that close with its next request
    // and fail it with "other side closed" (seen with Node's fetch in the official suite).
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (base64) r.headers().set("Stream-SSE-Data-Encoding", "base64");
    ctx.write(r, ctx.voidPromise());
    long millis = http.config().sseReconnectInterval().toMillis();
    reconnect = ctx.executor().schedule(() -> http.executor(ctx).execute(this::finish), millis, TimeUnit.MILLISECONDS);
    ctx.channel().closeFuture().addListener((ChannelFutureListener) f -> http.executor(ctx).execute(this::abandon));
    SseWritability.attach(ctx, http.readsOffLoop() ? () -> http.executor(ctx).execute(this::pump) : this::pump);
    pump();
  }

  @Override
  public void onChange() {
    http.executor(ctx).execute(this::pump);
  }

  @Override
  public void onGone() {
    http.executor(ctx).execute(this::finish);
  }

  /** Sends what is readable, then waits at the tail or ends the stream once closed. */
  private void pump() {
    if (finished) return;
    if (!ctx.channel().isActive()) {
      abandon();
      return;
    }
    if (http.streams().isGone(stream)) {
      finish();
      return;
    }
    long maxChunk = http.config().maxChunk().bytes();
    while (ctx.channel().isWritable()) {
      StreamState.Snapshot snap = stream.snapshot();
      if (position < snap.tail()) {
        Chunk chunk = Chunk.read(http.streams(), stream, position, snap.tail(), maxChunk, true);
        position = chunk.end();
        boolean atTail = position == snap.tail() && !stream.isCorrupt();
        writeData(chunk.body());
        writeControl(atTail, atTail && snap.closed());
        if (atTail && snap.closed()) {
          finish();
          return;
        }
        continue;
      }
      if (stream.isCorrupt()) {
        // Data past this point failed its checksum: end here rather than claim the reader caught up.
        finish();
        return;
      }
      if (snap.closed()) {
        writeControl(true, true);
        finish();
        return;
      }
      if (!sentAny) writeControl(true, false);
      ctx.flush();
      if (http.streams().await(stream, position, this)) return;
    }
    ctx.flush();
  }

  private void writeData(ByteBuf body) {
    StringBuilder sb = new StringBuilder(body.readableBytes() + 32);
    sb.append("event: data\n");
    if (base64) {
      byte[] bytes = ByteBufUtil.getBytes(body);
      sb.append("data:").append(Base64.getEncoder().encodeToString(bytes)).append('\n');
    } else {
      String text = body.toString(StandardCharsets.UTF_8);
      appendLines(sb, text);
    }
    body.release();
    sb.append('\n');
    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8)), ctx.voidPromise());
    sentAny = true;
  }

  /** Writes each line of the payload behind its own {@code data:} prefix, splitting on CR, LF and CRLF. */
  private static void appendLines(StringBuilder sb, String text) {
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        dataLine(sb, text, start, i);
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        start = i + 1;
      }
    }
    dataLine(sb, text, start, text.length());
  }

  /**
   * Writes one {@code data:} line. SSE parsers drop one space after the colon, so a line that
   * starts with a space gets an extra one to arrive intact.
   */
  private static void dataLine(StringBuilder sb, String text, int from, int to) {
    sb.append("data:");
    if (to > from && text.charAt(from) == ' ') sb.append(' ');
    sb.append(text, from, to).append('\n');
  }

  private void writeControl(boolean upToDate, boolean closed) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("event: control\ndata:{\"streamNextOffset\":\"").append(new Offset(position)).append('"');
    if (closed) {
      sb.append(",\"streamClosed\":true");
    } else {
      sb.append(",\"streamCursor\":\"").append(http.cursors().next(clientCursor)).append('"');
    }
    if (upToDate) sb.append(",\"upToDate\":true");
    sb.append("}\n\n");
    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8)), ctx.voidPromise());
    sentAny = true;
  }

  /** Ends the response and the connection (closed stream, reconnect interval, or stream gone). */
  private void finish() {
    if (finished) return;
    finished = true;
    if (reconnect != null) reconnect.cancel(false);
    http.streams().unlisten(stream, this);
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void abandon() {
    if (finished) return;
    finished = true;
    if (reconnect != null) reconnect.cancel(false);
    http.streams().unlisten(stream, this);
  }
}
