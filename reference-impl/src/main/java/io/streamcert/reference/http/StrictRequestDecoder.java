package io.streamcert.reference.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Decodes requests and refuses ambiguous framing: a request with both {@code Transfer-Encoding:
 * chunked} and {@code Content-Length} is rejected (a request-smuggling vector) instead of having
 * its length silently dropped.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

  StrictRequestDecoder() {
    super(new HttpDecoderConfig()
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16384)
        .setMaxChunkSize(65536)
        .setValidateHeaders(true));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Transfer-Encoding: chunked and Content-Length were sent");
  }
}
