package io.streamcert.conformance.mutants;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/** One deliberate break of a protocol rule, applied by {@link MutantProxy} to what passes through it. */
interface Mutation {

  /** Changes a request before the server sees it. */
  default void request(FullHttpRequest request) {}

  /** Changes a response head before the client sees it. */
  default void response(HttpRequest request, HttpResponse response) {}
}
