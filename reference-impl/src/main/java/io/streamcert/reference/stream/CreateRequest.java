package io.streamcert.reference.stream;

import io.streamcert.reference.protocol.Lifetime;

/**
 * A parsed {@code PUT}: create a stream, or a fork when {@code forkedFrom} is set.
 *
 * @param contentType the request's Content-Type, or null when absent (default or inherited)
 * @param forkOffset the raw {@code Stream-Fork-Offset}, or null for the source's tail
 * @param forkSubOffset the raw {@code Stream-Fork-Sub-Offset}, or null
 */
public record CreateRequest(
    String path,
    String contentType,
    Lifetime lifetime,
    boolean closed,
    byte[] body,
    String forkedFrom,
    String forkOffset,
    String forkSubOffset) {}
