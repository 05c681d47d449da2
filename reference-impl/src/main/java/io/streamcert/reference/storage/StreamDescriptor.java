package io.streamcert.reference.storage;

/**
 * What a store needs to know of a stream to persist it: a unique id, the stream's path and its
 * immutable settings, encoded by the engine.
 */
public record StreamDescriptor(long id, String path, String contentType) {}
