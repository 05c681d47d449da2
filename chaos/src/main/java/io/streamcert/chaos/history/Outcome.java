package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an operation ended, in Jepsen's triad. The difference between {@link #FAIL} and {@link #INFO}
 * decides what the checker may conclude: a failed write must never be read, an unknown one may be
 * present once or absent.
 */
public enum Outcome {
  /** The server acknowledged the operation: it happened. */
  @JsonProperty("ok")
  OK,
  /** The operation definitely did not happen: the server refused it, or it was never sent. */
  @JsonProperty("fail")
  FAIL,
  /** The outcome is unknown: a timeout, a dropped connection, an error after the request was sent. */
  @JsonProperty("info")
  INFO
}
