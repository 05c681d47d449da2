package io.streamcert.reference.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The circuit breaker's states on a fake clock, the token bucket's budget and SlowDown response, the backoff's bounds. */
class ProtectionTest {

  private final AtomicLong now = new AtomicLong(1_000);

  private CircuitBreaker breaker() {
    return new CircuitBreaker("s3", 3, 500, true, now::get);
  }

  @Test
  void theBreakerOpensAfterFailuresInARowAndRefusesCalls() {
    CircuitBreaker b = breaker();
    for (int i = 0; i < 2; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure("timeout " + i);
    }
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
    b.onFailure("timeout 2");
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.refused()).isEqualTo(1);
    assertThat(b.millisUntilTrial()).isEqualTo(500);
    assertThat(b.lastFailure()).isEqualTo("timeout 2");
  }

  @Test
  void aSuccessResetsTheCountOfFailures() {
    CircuitBreaker b = breaker();
    b.onFailure("a");
    b.onFailure("b");
    b.onSuccess();
    b.onFailure("c");
    b.onFailure("d");
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void afterItsWaitTheBreakerLetsOneTrialThroughAndItsOutcomeDecides() {
    CircuitBreaker b = breaker();
    for (int i = 0; i < 3; i++) b.onFailure("down");
    now.addAndGet(499);
    assertThat(b.tryAcquire()).isFalse();
    now.addAndGet(1);
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(b.tryAcquire()).as("the trial").isTrue();
    assertThat(b.tryAcquire()).as("a second call while the trial runs").isFalse();
    b.onFailure("still down");
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    now.addAndGet(500);
    assertThat(b.tryAcquire()).isTrue();
    b.onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.recentTransitions()).extracting(CircuitBreaker.Transition::to).containsExactly(
        CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.OPEN,
        CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
    assertThat(b.transitions()).isEqualTo(5);
  }

  @Test
  void aDisabledBreakerNeverRefuses() {
    CircuitBreaker b = new CircuitBreaker("s3", 1, 500, false, now::get);
    for (int i = 0; i < 10; i++) b.onFailure("down");
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void theTokenBucketGivesItsBurstThenRefusesWithoutWaiting() throws InterruptedException {
    TokenBucket t = new TokenBucket("put", 0.001, 3);
    assertThat(t.acquire(0)).isTrue();
    assertThat(t.acquire(0)).isTrue();
    assertThat(t.acquire(0)).isTrue();
    assertThat(t.acquire(0)).as("the burst is spent and the next token is far away").isFalse();
  }

  @Test
  void slowDownHalvesTheRateAndSuccessesRestoreIt() {
    TokenBucket t = new TokenBucket("put", 100, 10);
    t.slowDown();
    assertThat(t.rate()).isEqualTo(50);
    t.slowDown();
    assertThat(t.rate()).isEqualTo(25);
    for (int i = 0; i < 100; i++) t.succeeded();
    assertThat(t.rate()).isEqualTo(100);
    assertThat(t.slowDowns()).isEqualTo(2);
    for (int i = 0; i < 20; i++) t.slowDown();
    assertThat(t.rate()).as("never below 1/64 of the configured rate").isEqualTo(100 / 64.0);
  }

  @Test
  void backoffGrowsExponentiallyWithinItsCapAndIsLongerAfterSlowDown() {
    Backoff b = new Backoff(50, 5000, 4);
    for (int i = 0; i < 200; i++) {
      assertThat(b.delayMillis(1, false)).isBetween(25L, 50L);
      assertThat(b.delayMillis(3, false)).isBetween(100L, 200L);
      assertThat(b.delayMillis(1, true)).isBetween(100L, 200L);
      assertThat(b.delayMillis(30, false)).isBetween(2500L, 5000L);
    }
  }
}
