package io.streamcert.scenarios.driver;

import java.util.concurrent.locks.LockSupport;

/**
 * The monotonic clock and parking of the scheduler, injected so that tests can run the schedule
 * in simulated time.
 */
interface NanoClock {

  /** Returns the current time in nanoseconds on one monotonic clock (like {@link System#nanoTime}). */
  long nanoTime();

  /**
   * Waits until {@code deadlineNanos} as precisely as the platform allows; used for the schedule's
   * intended times, where every microsecond of oversleep is charged to the operation's latency.
   */
  void sleepUntil(long deadlineNanos);

  /**
   * Parks the calling thread until {@code deadlineNanos} or until {@link #unpark} wakes it,
   * whichever comes first; may return early, so callers re-check their condition.
   */
  void parkUntil(long deadlineNanos);

  /** Wakes {@code thread} if it is parked in {@link #parkUntil}. */
  void unpark(Thread thread);

  /**
   * Readies the calling thread to be the scheduler and returns what undoes that; the system clock
   * lowers the thread's timer slack, so that parks end closer to their deadline.
   */
  default Runnable prepareSchedulerThread() {
    return () -> {};
  }

  /**
   * A system clock for one scheduler thread.
   *
   * @param precise spin the last stretch before each intended time instead of only parking
   */
  static NanoClock system(boolean precise) {
    return new SystemClock(precise);
  }

  /**
   * {@link System#nanoTime} with {@link LockSupport} parking.
   *
   * <p>A park on Linux oversleeps by the thread's timer slack (50 us by default) plus the wake-up.
   * {@link #prepareSchedulerThread} sets the scheduler thread's own slack to 1 ns through {@code
   * /proc/<tid>/timerslack_ns} (Linux only, best effort, restored afterwards), which leaves the
   * wake-up, some tens of microseconds on a virtual machine. Operations leave that much after
   * their intended time; the lateness is measured (send lag) and counted in every latency, never
   * hidden. In precise mode, {@link #sleepUntil} learns the typical
   * oversleep, parks that much early and spins the rest, bringing sends within a few microseconds
   * of the schedule at the cost of CPU: the spin takes the park's error each time, which on a busy
   * machine is most of a core.
   */
  final class SystemClock implements NanoClock {
    private static final long MARGIN_NANOS = 5_000;
    private static final long MAX_OVERSHOOT_NANOS = 200_000;
    private final boolean precise;
    private long overshoot = 60_000;

    SystemClock(boolean precise) {
      this.precise = precise;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      if (!precise) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) LockSupport.parkNanos(this, wait);
        return;
      }
      long now = System.nanoTime();
      long park = deadlineNanos - now - overshoot - MARGIN_NANOS;
      if (park > 0) {
        LockSupport.parkNanos(this, park);
        long woke = System.nanoTime();
        long over = woke - (now + park);
        if (over >= 0 && over < MAX_OVERSHOOT_NANOS) overshoot += (over - overshoot) / 8;
      }
      while (System.nanoTime() - deadlineNanos < 0) Thread.onSpinWait();
    }

    @Override
    public void parkUntil(long deadlineNanos) {
      long wait = deadlineNanos - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(this, wait);
    }

    @Override
    public void unpark(Thread thread) {
      LockSupport.unpark(thread);
    }

    @Override
    public Runnable prepareSchedulerThread() {
      return TimerSlack.minimize();
    }
  }
}
