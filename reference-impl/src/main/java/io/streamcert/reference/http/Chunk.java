package io.streamcert.reference.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.streamcert.reference.stream.StreamState;
import io.streamcert.reference.stream.Streams;

/**
 * One page of a read: the bytes from {@code start} to {@code end}, as the response body carries
 * them (raw bytes, or one JSON array of the messages for JSON streams).
 */
record Chunk(long start, long end, ByteBuf body) {

  private static final ByteBuf OPEN = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {'['}));
  private static final ByteBuf COMMA = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {','}));
  private static final ByteBuf CLOSE = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {']'}));

  /** Reads up to {@code maxBytes} from {@code start} (never past {@code tail}), without copying. */
  static Chunk read(Streams streams, StreamState s, long start, long tail, long maxBytes) {
    return read(streams, s, start, tail, maxBytes, false);
  }

  /** Reads like {@link #read(Streams, StreamState, long, long, long)}, never splitting a record when asked. */
  static Chunk read(Streams streams, StreamState s, long start, long tail, long maxBytes, boolean wholeRecords) {
    CompositeByteBuf out = Unpooled.compositeBuffer(64);
    boolean json = s.isJson();
    if (json) out.addComponent(true, OPEN.duplicate());
    boolean[] first = {true};
    long end = streams.read(s, start, tail, maxBytes, wholeRecords, (a, off, len, endPos, whole) -> {
      if (json && !first[0]) out.addComponent(true, COMMA.duplicate());
      first[0] = false;
      out.addComponent(true, Unpooled.wrappedBuffer(a, off, len));
    });
    if (json) out.addComponent(true, CLOSE.duplicate());
    return new Chunk(start, Math.max(end, start), out);
  }

  boolean isEmpty() {
    return end == start;
  }
}
