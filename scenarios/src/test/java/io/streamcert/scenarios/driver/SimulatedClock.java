package io.streamcert.scenarios.driver;

import java.util.PriorityQueue;

/**
 * Simulated time for the scheduler: sleeping jumps the clock, running every event due on the way;
 * parking runs the next event (or jumps to the deadline). Single-threaded, so a test sees exactly
 * the same run every time.
 */
final class SimulatedClock implements NanoClock {

  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> events =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  SimulatedClock(long start) {
    this.now = start;
  }

  /** Runs {@code action} at time {@code at} (or now, if that has passed). */
  void at(long at, Runnable action) {
    events.add(new Event(Math.max(at, now), seq++, action));
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleepUntil(long deadline) {
    while (!events.isEmpty() && events.peek().at <= deadline) runNext();
    now = Math.max(now, deadline);
  }

  @Override
  public void parkUntil(long deadline) {
    if (!events.isEmpty() && events.peek().at <= deadline) {
      runNext();
      return;
    }
    now = Math.max(now, deadline);
  }

  @Override
  public void unpark(Thread thread) {
    // Events run on the parked thread itself; nothing to wake.
  }

  private void runNext() {
    Event e = events.poll();
    now = Math.max(now, e.at);
    e.action.run();
  }
}
