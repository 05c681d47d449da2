package io.streamcert.reference.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.stream.LiveListener;
import io.streamcert.reference.stream.StreamState;
import java.util.concurrent.TimeUnit;

/**
 * One long-poll request (PROTOCOL.md §5.7): answers at once when data or a closure is there,
 * otherwise waits (no thread held) until an append, a close, the timeout (204) or the client going
 * away. Its work runs where the connection's reads run ({@link HttpContext#executor}), one task at
 * a time.
 */
final class LongPoll implements LiveListener {

  private final HttpContext http;
  private final ChannelHandlerContext ctx;
  private final StreamState stream;
  private final long position;
  private final String clientCursor;
  private final boolean keepAlive;
  private ScheduledFuture<?> timeout;
  private boolean done;

  LongPoll(HttpContext http, ChannelHandlerContext ctx, StreamState stream, long position, String cursor, boolean keepAlive) {
    this.http = http;
    this.ctx = ctx;
    this.stream = stream;
    this.position = position;
    this.clientCursor = cursor;
    this.keepAlive = keepAlive;
  }

  void start(StreamState.Snapshot snap) {
    if (snap.tail() > position || snap.closed()) {
      answer();
      return;
    }
    if (!http.streams().await(stream, position, this)) {
      answer();
      return;
    }
    long millis = http.config().longPollTimeout().toMillis();
    timeout = ctx.executor().schedule(() -> http.executor(ctx).execute(this::answer), millis, TimeUnit.MILLISECONDS);
    ctx.channel().closeFuture().addListener((ChannelFutureListener) f -> http.executor(ctx).execute(this::abandon));
  }

  @Override
  public void onChange() {
    http.executor(ctx).execute(this::answer);
  }

  @Override
  public void onGone() {
    http.executor(ctx).execute(this::answer);
  }

  private void abandon() {
    if (done) return;
    done = true;
    if (timeout != null) timeout.cancel(false);
    http.streams().unlisten(stream, this);
  }

  private void answer() {
    if (done) return;
    done = true;
    if (timeout != null) timeout.cancel(false);
    http.streams().unlisten(stream, this);
    if (!ctx.channel().isActive()) return;
    if (http.streams().isGone(stream)) {
      Responses.send(ctx, Responses.error(404, "stream was deleted while waiting: " + stream.path(), java.util.Map.of()), keepAlive);
      return;
    }
    StreamState.Snapshot snap = stream.snapshot();
    FullHttpResponse r;
    if (snap.tail() > position) {
      Chunk chunk = Chunk.read(http.streams(), stream, position, snap.tail(), http.config().maxChunk().bytes());
      r = ReadHandler.dataResponse(stream, chunk, snap);
      r.headers().set(HttpHeaderNames.ETAG, ReadHandler.etag(stream, position, chunk.end(), snap.closed() && chunk.end() == snap.tail()));
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.CACHE_PUBLIC);
      r.headers().set("Stream-Cursor", http.cursors().next(clientCursor));
    } else {
      r = Responses.empty(HttpResponseStatus.NO_CONTENT);
      r.headers().set("Stream-Next-Offset", new Offset(snap.tail()).toString());
      r.headers().set("Stream-Up-To-Date", "true");
      if (snap.closed()) {
        r.headers().set("Stream-Closed", "true");
      } else {
        r.headers().set("Stream-Cursor", http.cursors().next(clientCursor));
      }
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
    }
    Responses.send(ctx, r, keepAlive);
  }
}
