package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.stream.AppendOutcome;
import io.streamcert.reference.stream.AppendRequest;

/** {@code POST}: append, append-and-close, or close (PROTOCOL.md §5.2, §5.2.1, §5.3). */
final class AppendHandler {

  private final HttpContext http;

  AppendHandler(HttpContext http) {
    this.http = http;
  }

  void handle(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    ProducerHeaders producer = ProducerHeaders.parse(
        req.header("Producer-Id"), req.header("Producer-Epoch"), req.header("Producer-Seq"));
    AppendRequest append = new AppendRequest(
        req.path(), req.header("Content-Type"), req.body(), req.closeRequested(), producer, req.header("Stream-Seq"));
    AppendOutcome out = http.streams().append(append);
    FullHttpResponse r = Responses.empty(HttpResponseStatus.valueOf(out.status()));
    r.headers().set("Stream-Next-Offset", new Offset(out.tail()).toString());
    if (out.closed()) r.headers().set("Stream-Closed", "true");
    if (out.producerEpoch() >= 0) {
      r.headers().set("Producer-Epoch", Long.toString(out.producerEpoch()));
      r.headers().set("Producer-Seq", Long.toString(out.producerSeq()));
    }
    Responses.send(ctx, r, keepAlive);
  }
}
