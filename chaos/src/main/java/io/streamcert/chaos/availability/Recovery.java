package io.streamcert.chaos.availability;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.streamcert.chaos.history.FaultWindow;
import java.time.Duration;
import java.util.Optional;

/**
 * The recovery from one fault: from the first failure after the fault started to the first
 * success after it stopped.
 *
 * <p>A failed operation fails when its answer arrives; an operation with an unknown outcome fails
 * when it was invoked (or when the fault started, if it was invoked before). A success counts when
 * it completes at or after the fault's stop. Failures after that first success belong to no fault.
 *
 * @param fault the fault's window
 * @param status no impact, recovered, not recovered or never healed
 * @param failures failed and unknown operations from the fault's start to the first success after it
 * @param firstFailureNanos when the first of them failed, or null
 * @param firstOkAfterHealNanos when the first success after the fault's stop completed, or null
 * @param recoveryNanos from the first failure to that success; null unless recovered
 * @param explanation one sentence saying what happened, with times in milliseconds
 */
public record Recovery(
    FaultWindow fault,
    RecoveryStatus status,
    int failures,
    Long firstFailureNanos,
    Long firstOkAfterHealNanos,
    Long recoveryNanos,
    String explanation) {

  /** The recovery time, if the operations recovered. */
  @JsonIgnore
  public Optional<Duration> recoveryTime() {
    return recoveryNanos == null ? Optional.empty() : Optional.of(Duration.ofNanos(recoveryNanos));
  }
}
