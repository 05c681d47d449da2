package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a fault event did. */
public enum FaultAction {
  /** A fault took effect, such as a partition or a SIGSTOP. */
  @JsonProperty("start")
  START,
  /** The named fault was undone, such as a restart after a SIGKILL. */
  @JsonProperty("stop")
  STOP,
  /** Every fault still active was undone: the schedule's final heal before recovery and drain. */
  @JsonProperty("heal")
  HEAL
}
