package io.streamcert.scenarios.driver;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs a {@link Schedule} open-loop: operation {@code i} is handed to the {@link Transport} at its
 * intended time {@code t0 + offset(i)} (or as soon after as the thread wakes), whether or not
 * earlier operations have completed.
 *
 * <p>At most {@code maxInFlight} operations run at once. When the cap is reached the scheduler
 * waits for a completion and then sends the overdue operations back to back; each still measures
 * its latency from its intended time, so the wait is charged to the operations that suffered it
 * (the coordinated-omission correction). Operations not sent by {@code lateSendLimit} after the
 * schedule's end are counted as not sent; operations still running {@code drainTimeout} after the
 * last send are counted as unfinished. Only operations of the measured window are recorded.
 */
final class OpenLoopRunner {

  /** What happened to the schedule, beyond what the recording holds. */
  record Outcome(
      long t0Nanos,
      long measuredSent,
      long measuredNotSent,
      long measuredUnfinished,
      long delayedByMaxInFlight,
      long lastSendNanos) {}

  private static final long MAX_PARK_NANOS = 10_000_000L;

  private final NanoClock clock;
  private final Schedule schedule;
  private final int maxInFlight;
  private final Transport transport;
  private final Recording recording;
  private final long lateSendLimitNanos;
  private final long drainTimeoutNanos;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong measuredInFlight = new AtomicLong();
  private volatile boolean awaiting;
  private boolean finished;
  private volatile Thread scheduler;

  OpenLoopRunner(
      NanoClock clock,
      Schedule schedule,
      int maxInFlight,
      Transport transport,
      Recording recording,
      long lateSendLimitNanos,
      long drainTimeoutNanos) {
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight was " + maxInFlight + " but must be at least 1");
    this.clock = clock;
    this.schedule = schedule;
    this.maxInFlight = maxInFlight;
    this.transport = transport;
    this.recording = recording;
    this.lateSendLimitNanos = lateSendLimitNanos;
    this.drainTimeoutNanos = drainTimeoutNanos;
  }

  /**
   * Runs the schedule on the calling thread, starting now, and returns once every operation has
   * completed or the drain timeout has passed.
   *
   * @param onStart told {@code t0} before the first operation is sent (readers need it to turn
   *     sequence numbers into intended times)
   */
  Outcome run(LongConsumer onStart) {
    Runnable restore = clock.prepareSchedulerThread();
    try {
      return schedule(onStart);
    } finally {
      restore.run();
    }
  }

  private Outcome schedule(LongConsumer onStart) {
    scheduler = Thread.currentThread();
    long t0 = clock.nanoTime();
    recording.start(t0 + schedule.warmupNanos());
    onStart.accept(t0);
    long total = schedule.totalOps();
    long cutoff = t0 + schedule.endNanos() + lateSendLimitNanos;
    long delayed = 0;
    long lastDelayed = -1;
    long measuredSent = 0;
    long lastSend = t0;
    long i = 0;
    while (i < total) {
      long intended = t0 + schedule.offsetNanos(i);
      long now = clock.nanoTime();
      if (now - intended < 0) {
        clock.sleepUntil(intended);
        continue;
      }
      if (now - cutoff >= 0) break;
      if (inFlight.get() >= maxInFlight) {
        if (lastDelayed != i && schedule.isMeasured(i)) {
          delayed++;
          lastDelayed = i;
        }
        awaitCompletion(Math.min(cutoff, now + MAX_PARK_NANOS), maxInFlight);
        continue;
      }
      inFlight.incrementAndGet();
      boolean measured = schedule.isMeasured(i);
      if (measured) {
        measuredInFlight.incrementAndGet();
        measuredSent++;
      }
      lastSend = now;
      transport.send(i, intended, this::completed);
      i++;
    }
    long notSent = total - Math.max(i, schedule.warmupOps());
    long deadline = clock.nanoTime() + drainTimeoutNanos;
    while (measuredInFlight.get() > 0) {
      long now = clock.nanoTime();
      if (now - deadline >= 0) break;
      awaitCompletion(Math.min(deadline, now + MAX_PARK_NANOS), 1);
    }
    long unfinished;
    synchronized (this) {
      finished = true; // completions from now on (of abandoned operations) are not recorded
      unfinished = measuredInFlight.get();
    }
    return new Outcome(t0, measuredSent, notSent, unfinished, delayed, lastSend);
  }

  /** Parks until a completion brings the in-flight count below {@code below}, or {@code until}. */
  private void awaitCompletion(long until, long below) {
    awaiting = true;
    try {
      if (inFlight.get() >= below || (below == 1 && measuredInFlight.get() > 0)) clock.parkUntil(until);
    } finally {
      awaiting = false;
    }
  }

  private void completed(long op, long intended, long sent, long done, String error, long bytes) {
    if (schedule.isMeasured(op)) {
      synchronized (this) {
        if (!finished) {
          if (error == null) recording.ok(intended, sent, done, bytes);
          else recording.error(done, error);
          measuredInFlight.decrementAndGet();
        }
      }
    }
    inFlight.decrementAndGet();
    Thread t = scheduler;
    if (awaiting && t != null) clock.unpark(t);
  }
}
