package io.streamcert.reference.stream;

/** What a create did: 201 for a new stream, 200 for an identical re-create. */
public record CreateOutcome(boolean created, StreamState stream, StreamState.Snapshot snapshot) {}
