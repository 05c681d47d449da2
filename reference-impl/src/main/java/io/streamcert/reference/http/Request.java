package io.streamcert.reference.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.streamcert.reference.protocol.ProtocolException;
import java.util.List;
import java.util.Map;

/**
 * A request routed to a stream: the decoded stream path, query parameters, headers and body.
 *
 * @param path the decoded path, such as {@code /v1/stream/orders}; the key a stream is stored by
 * @param location the absolute URL of the stream, for the {@code Location} header
 */
record Request(
    String method,
    String path,
    String location,
    Map<String, List<String>> query,
    HttpHeaders headers,
    byte[] body) {

  /**
   * Returns a header sent at most once, or null.
   *
   * @throws ProtocolException 400 when the header was sent more than once
   */
  String header(String name) {
    List<String> all = headers.getAll(name);
    if (all.isEmpty()) return null;
    if (all.size() > 1) {
      throw ProtocolException.badRequest("header " + name + " was sent " + all.size() + " times; send it once");
    }
    return all.get(0);
  }

  /** Returns a query parameter sent at most once, or null; 400 when repeated. */
  String param(String name) {
    List<String> all = query.get(name);
    if (all == null || all.isEmpty()) return null;
    if (all.size() > 1) {
      throw ProtocolException.badRequest("query parameter '" + name + "' was sent " + all.size() + " times; send it once");
    }
    return all.get(0);
  }

  /** Tells whether {@code Stream-Closed} is {@code true}, ignoring case; any other value means absent. */
  boolean closeRequested() {
    String v = header("Stream-Closed");
    return v != null && v.trim().equalsIgnoreCase("true");
  }
}
