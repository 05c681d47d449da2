package io.streamcert.chaos.availability;

/** How the operations fared across one fault. */
public enum RecoveryStatus {
  /** No operation failed or went unknown from the fault's start to the first success after it stopped. */
  NO_IMPACT,
  /** Operations failed, and one succeeded after the fault stopped. */
  RECOVERED,
  /** Operations failed, and none succeeded between the fault's stop and the end of the history. */
  NOT_RECOVERED,
  /** The fault was still active when the history ended, so recovery cannot be measured. */
  NEVER_HEALED
}
