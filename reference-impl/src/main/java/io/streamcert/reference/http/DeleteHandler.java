package io.streamcert.reference.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code DELETE}: removes a stream, or soft-deletes it while forks read from it (PROTOCOL.md §5.4). */
final class DeleteHandler {

  private final HttpContext http;

  DeleteHandler(HttpContext http) {
    this.http = http;
  }

  void handle(ChannelHandlerContext ctx, Request req, boolean keepAlive) {
    http.streams().delete(req.path());
    Responses.send(ctx, Responses.empty(HttpResponseStatus.NO_CONTENT), keepAlive);
  }
}
