package io.streamcert.reference.stream;

/**
 * What an append did.
 *
 * @param status 200 for new data from an idempotent producer, 204 otherwise (plain append, close,
 *     or a producer duplicate)
 * @param tail the stream's tail after the request
 * @param closed whether the stream is closed after the request
 * @param duplicate whether the request was a producer duplicate (nothing written)
 * @param producerEpoch the producer's epoch to echo, or -1 without producer headers
 * @param producerSeq the highest sequence accepted for that epoch, or -1
 */
public record AppendOutcome(
    int status, long tail, boolean closed, boolean duplicate, long producerEpoch, long producerSeq) {}
