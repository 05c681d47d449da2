package io.streamcert.conformance.kit;

import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.sse.SseLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Server-Sent Events body event by event, each with a deadline, recording the time every
 * event arrived so checks can reason about ordering and latency.
 */
public final class SseEvents implements AutoCloseable {

  /** One event: its type ({@code data}, {@code control}), its data lines joined by LF, its arrival. */
  public record Event(String type, String data, long arrivedNanos) {}

  private final RawExchange exchange;
  private final List<Event> seen = new ArrayList<>();
  /** Keeps a half-received event across calls whose timeout passed. */
  private final SseLines lines = new SseLines();
  private boolean ended;

  public SseEvents(RawExchange exchange) {
    this.exchange = exchange;
  }

  public RawExchange exchange() {
    return exchange;
  }

  /** Events received so far. */
  public List<Event> seen() {
    return List.copyOf(seen);
  }

  /** Tells whether the server ended the body. */
  public boolean ended() {
    return ended;
  }

  /** Returns the next event, or empty when the body ended or {@code timeout} passed first. */
  public Optional<Event> next(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return Optional.empty();
      Optional<String> line;
      try {
        line = exchange.readLine(Duration.ofNanos(left));
      } catch (RawHttpException e) {
        if (e.kind() == RawHttpException.Kind.TIMED_OUT) return Optional.empty();
        ended = true;
        return Optional.empty();
      }
      if (line.isEmpty()) {
        ended = true;
        break;
      }
      Optional<SseLines.Event> done = lines.accept(line.get());
      if (done.isPresent()) {
        Event ev = new Event(done.get().type(), done.get().data(), System.nanoTime());
        seen.add(ev);
        return Optional.of(ev);
      }
    }
    return Optional.empty();
  }

  /** Reads events until one of {@code type} arrives or the timeout passes. */
  public Optional<Event> nextOfType(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return Optional.empty();
      Optional<Event> e = next(Duration.ofNanos(left));
      if (e.isEmpty()) return e;
      if (e.get().type().equals(type)) return e;
    }
  }

  /** Reads until the body ends or the timeout passes; returns every event seen. */
  public List<Event> drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      if (next(Duration.ofNanos(left)).isEmpty() && !ended) break;
    }
    return seen();
  }

  @Override
  public void close() {
    try {
      exchange.close();
    } catch (Exception e) {
      // closing an already broken connection has nothing left to report
    }
  }
}
