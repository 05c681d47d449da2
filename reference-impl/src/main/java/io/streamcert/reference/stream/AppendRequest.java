package io.streamcert.reference.stream;

import io.streamcert.reference.protocol.ProducerHeaders;

/**
 * A parsed {@code POST}: an append, an append-and-close, or a close when the body is empty.
 *
 * @param contentType the request's Content-Type, or null when absent
 * @param producer the idempotent-producer headers, or null
 * @param streamSeq the {@code Stream-Seq} header, or null
 */
public record AppendRequest(
    String path, String contentType, byte[] body, boolean close, ProducerHeaders producer, String streamSeq) {}
