package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an operation did to a stream, as the workload issued it. */
public enum OperationKind {
  /** {@code PUT}: creates the stream. */
  @JsonProperty("create")
  CREATE,
  /** {@code POST} without sequencing headers: a plain append. */
  @JsonProperty("append")
  APPEND,
  /** {@code POST} with {@code Stream-Seq}: an append the server orders by the writer's sequence token. */
  @JsonProperty("append-seq")
  APPEND_SEQ,
  /** {@code POST} with {@code Producer-Id/Epoch/Seq}: an idempotent append; retries keep the payload id. */
  @JsonProperty("producer-append")
  PRODUCER_APPEND,
  /** {@code POST} with {@code Stream-Closed: true}, with a body (append-and-close, carrying a payload id) or without. */
  @JsonProperty("close")
  CLOSE,
  /** {@code GET ?offset=}: a catch-up read, following {@code Stream-Next-Offset} until up to date. */
  @JsonProperty("read-catchup")
  READ_CATCHUP,
  /** {@code GET ?offset=&live=long-poll}. */
  @JsonProperty("read-long-poll")
  READ_LONG_POLL,
  /** {@code GET ?offset=&live=sse}. */
  @JsonProperty("read-sse")
  READ_SSE;

  /** Whether this kind appends data: a payload id is required (optional for {@link #CLOSE}). */
  public boolean isWrite() {
    return this == APPEND || this == APPEND_SEQ || this == PRODUCER_APPEND || this == CLOSE;
  }

  /** Whether this kind reads data, so it may carry observed payloads. */
  public boolean isRead() {
    return this == READ_CATCHUP || this == READ_LONG_POLL || this == READ_SSE;
  }

  /** Whether an operation of this kind must name the payload it appends. */
  boolean requiresPayload() {
    return this == APPEND || this == APPEND_SEQ || this == PRODUCER_APPEND;
  }
}
