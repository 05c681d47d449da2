package io.streamcert.conformance.kit;

import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawHttpException;
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
    String type = "message";
    StringBuilder data = null;
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
      String l = line.get();
      if (l.isEmpty()) {
        if (data != null) {
          Event ev = new Event(type, data.toString(), System.nanoTime());
          seen.add(ev);
          return Optional.of(ev);
        }
        type = "message";
        continue;
      }
      if (l.startsWith(":")) continue;
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      if (field.equals("event")) type = value;
      else if (field.equals("data")) {
        if (data == null) data = new StringBuilder();
        else data.append('\n');
        data.append(value);
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
