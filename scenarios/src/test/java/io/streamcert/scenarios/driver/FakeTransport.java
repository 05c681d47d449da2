package io.streamcert.scenarios.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * A transport in simulated time: operation {@code i} is "sent" when the scheduler hands it over
 * and completes {@code serviceNanos(i)} later (or never, for {@link #NEVER}), with an optional
 * error.
 */
final class FakeTransport implements Transport {

  static final long NEVER = -1;

  record Sent(long op, long intended, long sent) {}

  record Done(long op, long intended, long sent, long done, String error) {}

  private final SimulatedClock clock;
  private final LongUnaryOperator serviceNanos;
  private final Map<Long, String> errors = new HashMap<>();
  final List<Sent> sent = new ArrayList<>();
  final List<Done> done = new ArrayList<>();

  FakeTransport(SimulatedClock clock, LongUnaryOperator serviceNanos) {
    this.clock = clock;
    this.serviceNanos = serviceNanos;
  }

  FakeTransport failing(long op, String error) {
    errors.put(op, error);
    return this;
  }

  @Override
  public void send(long op, long intendedNanos, Completion completion) {
    long at = clock.nanoTime();
    sent.add(new Sent(op, intendedNanos, at));
    long service = serviceNanos.applyAsLong(op);
    if (service == NEVER) return;
    clock.at(at + service, () -> {
      long now = clock.nanoTime();
      String error = errors.get(op);
      done.add(new Done(op, intendedNanos, at, now, error));
      completion.completed(op, intendedNanos, at, now, error, 100);
    });
  }
}
