package io.streamcert.scenarios.driver;

import java.net.URI;

/**
 * Where a target keeps its streams: the origin ({@code http://host:port}) and the path prefix
 * under which stream URLs live. A target given without a path (or with {@code /}) gets the
 * Durable Streams default, {@value #DEFAULT_PATH}.
 */
record StreamRoot(URI origin, String path) {

  static final String DEFAULT_PATH = "/v1/stream/";

  static StreamRoot of(URI target) {
    if (target.getScheme() == null || target.getHost() == null) {
      throw new IllegalArgumentException(
          "target was '" + target + "' but must be an http URL like http://127.0.0.1:4437/v1/stream/");
    }
    if (target.getRawQuery() != null || target.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "target was '" + target + "' but must not have a query or fragment; give the stream base URL");
    }
    String p = target.getRawPath();
    if (p == null || p.isEmpty() || p.equals("/")) p = DEFAULT_PATH;
    if (!p.endsWith("/")) p = p + "/";
    URI origin = URI.create(target.getScheme() + "://" + target.getRawAuthority());
    return new StreamRoot(origin, p);
  }

  /** The request target (path) of stream {@code name}. */
  String streamPath(String name) {
    return path + name;
  }

  @Override
  public String toString() {
    return origin + path;
  }
}
