package io.streamcert.chaos.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A wall clock fixed at a known instant and a monotonic clock that moves only when told. */
final class FakeClocks {

  static final Instant START = Instant.parse("2026-11-22T10:15:30.123Z");

  final Clock wall = Clock.fixed(START, ZoneOffset.UTC);
  /** Starts at an arbitrary origin, as System.nanoTime does. */
  final AtomicLong nanos = new AtomicLong(987_654_321L);
  final LongSupplier nanoTime = nanos::get;

  void advanceMillis(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }
}
