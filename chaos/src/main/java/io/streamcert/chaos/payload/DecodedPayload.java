package io.streamcert.chaos.payload;

/**
 * A frame found in decoded bytes.
 *
 * @param payloadId the id it carries
 * @param position the index of its first byte among all bytes given to the decoder
 * @param length its size in bytes, newline included
 */
public record DecodedPayload(String payloadId, long position, int length) {}
