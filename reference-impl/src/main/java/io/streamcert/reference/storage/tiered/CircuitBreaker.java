package io.streamcert.reference.storage.tiered;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one dependency (S3 or PostgreSQL). {@code CLOSED}: calls go through, and
 * {@code failureThreshold} failures in a row open it. {@code OPEN}: calls are refused without
 * touching the dependency until {@code openMillis} have passed. {@code HALF_OPEN}: one trial call
 * goes through; its success closes the breaker, its failure opens it again.
 */
final class CircuitBreaker {

  enum State { CLOSED, OPEN, HALF_OPEN }

  /** One change of state, kept for the health output. */
  record Transition(long atMillis, State from, State to, String reason) {}

  private final String dependency;
  private final int failureThreshold;
  private final long openMillis;
  private final LongSupplier clock;
  private final boolean enabled;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private boolean trialInFlight;
  private long transitions;
  private long refused;
  private String lastFailure;
  private final List<Transition> recent = new ArrayList<>();

  CircuitBreaker(String dependency, int failureThreshold, long openMillis, boolean enabled, LongSupplier clock) {
    this.dependency = dependency;
    this.failureThreshold = Math.max(1, failureThreshold);
    this.openMillis = Math.max(1, openMillis);
    this.enabled = enabled;
    this.clock = clock;
  }

  String dependency() {
    return dependency;
  }

  /**
   * Asks to make a call: true when it may go to the dependency (the breaker is closed, or this is
   * the half-open trial), false when it must be refused.
   */
  synchronized boolean tryAcquire() {
    if (!enabled) return true;
    if (state == State.OPEN && clock.getAsLong() - openedAt >= openMillis) {
      move(State.HALF_OPEN, "open for " + openMillis + " ms; trying one call");
    }
    switch (state) {
      case CLOSED:
        return true;
      case HALF_OPEN:
        if (trialInFlight) {
          refused++;
          return false;
        }
        trialInFlight = true;
        return true;
      default:
        refused++;
        return false;
    }
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    if (!enabled) return;
    if (state != State.CLOSED) {
      trialInFlight = false;
      move(State.CLOSED, "a call succeeded");
    }
  }

  synchronized void onFailure(String what) {
    consecutiveFailures++;
    lastFailure = what;
    if (!enabled) return;
    if (state == State.HALF_OPEN) {
      trialInFlight = false;
      open("the half-open trial failed: " + what);
    } else if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
      open(consecutiveFailures + " failures in a row, the last: " + what);
    }
  }

  private void open(String reason) {
    openedAt = clock.getAsLong();
    move(State.OPEN, reason);
  }

  private void move(State to, String reason) {
    if (state == to) return;
    transitions++;
    recent.add(new Transition(clock.getAsLong(), state, to, reason));
    if (recent.size() > 20) recent.remove(0);
    state = to;
  }

  /** The state as a caller would see it now (an open breaker past its wait reads half-open). */
  synchronized State state() {
    if (enabled && state == State.OPEN && clock.getAsLong() - openedAt >= openMillis) return State.HALF_OPEN;
    return state;
  }

  /** Milliseconds until an open breaker lets a trial through (0 when not open). */
  synchronized long millisUntilTrial() {
    if (state != State.OPEN) return 0;
    return Math.max(0, openMillis - (clock.getAsLong() - openedAt));
  }

  synchronized long transitions() {
    return transitions;
  }

  synchronized long refused() {
    return refused;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  synchronized String lastFailure() {
    return lastFailure;
  }

  synchronized List<Transition> recentTransitions() {
    return List.copyOf(recent);
  }

  boolean enabled() {
    return enabled;
  }
}
