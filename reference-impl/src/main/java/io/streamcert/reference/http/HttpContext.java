package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.protocol.Cursors;
import io.streamcert.reference.stream.Streams;
import java.util.concurrent.Executor;

/**
 * What the handlers share: the engine, the settings and the cursor clock, and where a connection's
 * read work runs.
 *
 * @param blockingReads the pool for read work when the store's reads may block ({@link
 *     io.streamcert.reference.storage.StreamStore#readsMayBlock()}), or null: reads then run on the
 *     connection's event loop
 */
record HttpContext(Streams streams, ServerConfig config, Cursors cursors, Executor blockingReads) {

  private static final AttributeKey<SerialExecutor> SERIAL = AttributeKey.valueOf("streamcert.serial-reads");

  HttpContext(Streams streams, ServerConfig config, Cursors cursors) {
    this(streams, config, cursors, null);
  }

  /**
   * Where {@code ctx}'s read work runs, one task at a time and in order: its event loop, or, when
   * reads may block, its own serial executor on the blocking-read pool (so that a read waiting on
   * S3 never stalls the other connections of its event loop).
   */
  Executor executor(ChannelHandlerContext ctx) {
    if (blockingReads == null) return ctx.executor();
    SerialExecutor e = ctx.channel().attr(SERIAL).get();
    if (e == null) {
      SerialExecutor fresh = new SerialExecutor(blockingReads);
      e = ctx.channel().attr(SERIAL).setIfAbsent(fresh);
      if (e == null) e = fresh;
    }
    return e;
  }

  /** Whether read work runs off the event loops. */
  boolean readsOffLoop() {
    return blockingReads != null;
  }
}
