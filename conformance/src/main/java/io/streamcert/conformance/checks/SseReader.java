package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawHeader;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.SseEvents;
import io.streamcert.conformance.kit.SseEvents.Event;
import io.streamcert.conformance.kit.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.assertj.core.description.Description;

/**
 * One SSE read made by a check: opens the request, reads events with deadlines through {@link
 * SseEvents}, and renders the request, the response head and every event seen (with its arrival
 * time) as the evidence failure messages carry.
 *
 * <p>Not thread-safe; close it to end the connection.
 */
final class SseReader implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RawRequest request;
  private final String authority;
  private final RawExchange exchange;
  private final SseEvents events;
  private final long openedNanos;

  private SseReader(RawRequest request, String authority, RawExchange exchange, long openedNanos) {
    this.request = request;
    this.authority = authority;
    this.exchange = exchange;
    this.events = new SseEvents(exchange);
    this.openedNanos = openedNanos;
  }

  /** Opens {@code GET path?offset=…&live=sse}. */
  static SseReader open(Target t, String path, String offset) {
    return open(t, LiveWire.sse(t, path, offset));
  }

  /** Opens the request and returns once the response head has arrived. */
  static SseReader open(Target t, Target.Call call) {
    RawRequest req = call.build();
    long start = System.nanoTime();
    RawExchange ex = t.open(req);
    return new SseReader(req, t.origin().getHost() + ":" + t.origin().getPort(), ex, start);
  }

  int status() {
    return exchange.status();
  }

  long openedNanos() {
    return openedNanos;
  }

  boolean ended() {
    return events.ended();
  }

  List<Event> seen() {
    return events.seen();
  }

  Optional<Event> next(Duration timeout) {
    return events.next(timeout);
  }

  /** Returns the next event, failing with the evidence when none arrives in time. */
  Event expectNext(String rule, Duration timeout) {
    return events.next(timeout).orElseThrow(() -> failure(rule,
        "expected another event within " + timeout.toMillis() + " ms but " + (ended() ? "the connection ended" : "none came")));
  }

  /**
   * Reads events until a control event whose JSON satisfies {@code until}; returns the events read
   * by this call, that control event last. Fails with the evidence when it does not come in time.
   */
  List<Event> readThroughControl(Predicate<JsonNode> until, String awaited, String rule, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> read = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      Optional<Event> e = left > 0 ? events.next(Duration.ofNanos(left)) : Optional.empty();
      if (e.isEmpty()) {
        throw failure(rule, "expected a control event with " + awaited + " within " + timeout.toMillis() + " ms but "
            + (ended() ? "the connection ended first" : "none came"));
      }
      read.add(e.get());
      if (e.get().type().equals("control") && until.test(control(e.get(), rule))) return read;
    }
  }

  /** Reads until the caught-up control event ({@code upToDate: true} or {@code streamClosed: true}). */
  List<Event> readUntilCaughtUp(String rule) {
    return readThroughControl(c -> isTrue(c, "upToDate") || isTrue(c, "streamClosed"), "upToDate: true", rule, LiveWire.PROMPT);
  }

  /** Reads until the body ends or the timeout passes; returns every event seen on the connection. */
  List<Event> drain(Duration timeout) {
    return events.drain(timeout);
  }

  /** Parses a control event's data as a JSON object, failing with the evidence when it is not one. */
  JsonNode control(Event e, String rule) {
    try {
      JsonNode n = JSON.readTree(e.data());
      if (n == null || !n.isObject()) throw failure(rule, "a control event's data must be a JSON object but was: " + e.data());
      return n;
    } catch (IOException ex) {
      throw failure(rule, "a control event's data must be a JSON object but does not parse: " + e.data());
    }
  }

  /** Parses a data event of a JSON stream, failing with the evidence when it is not JSON. */
  JsonNode json(Event e, String rule) {
    try {
      JsonNode n = JSON.readTree(e.data());
      if (n == null) throw failure(rule, "a data event of a JSON stream must be JSON but is empty");
      return n;
    } catch (IOException ex) {
      throw failure(rule, "a data event of a JSON stream must parse on its own as JSON but does not: " + e.data());
    }
  }

  /** Decodes a base64 data event after removing line breaks, failing with the evidence when it is not base64. */
  byte[] base64(Event e, String rule) {
    String text = e.data().replace("\r", "").replace("\n", "");
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException ex) {
      throw failure(rule, "a data event must be RFC 4648 base64 but is not (" + ex.getMessage() + "): " + text);
    }
  }

  /** The data events among {@code list}. */
  static List<Event> data(List<Event> list) {
    return list.stream().filter(e -> e.type().equals("data")).toList();
  }

  /** The control events among {@code list}. */
  static List<Event> controls(List<Event> list) {
    return list.stream().filter(e -> e.type().equals("control")).toList();
  }

  /** The data events' payloads joined without separators, as a client reassembles a text stream. */
  static String text(List<Event> list) {
    StringBuilder sb = new StringBuilder();
    for (Event e : data(list)) sb.append(e.data());
    return sb.toString();
  }

  static boolean isTrue(JsonNode control, String field) {
    JsonNode v = control.get(field);
    return v != null && v.isBoolean() && v.booleanValue();
  }

  /** The response head as an exchange (the body holds the events seen), for header assertions. */
  Exchange head() {
    RawResponse r = new RawResponse(exchange.version(), exchange.status(), exchange.reason(), exchange.headers(),
        transcript().getBytes(StandardCharsets.UTF_8));
    return new Exchange(request, authority, r, Duration.ofNanos(System.nanoTime() - openedNanos));
  }

  /** A description naming the rule, followed lazily by the evidence at the time of failure. */
  Description rule(String text) {
    return new Description() {
      @Override
      public String value() {
        return text + "\n" + evidence();
      }
    };
  }

  AssertionError failure(String rule, String what) {
    return new AssertionError("[" + rule + "] " + what + "\n" + evidence());
  }

  /** The request, the response head and the events seen so far. */
  String evidence() {
    StringBuilder sb = new StringBuilder(512).append("--- sse ---\n");
    sb.append("> ").append(request).append('\n');
    sb.append("< ").append(exchange.version()).append(' ').append(exchange.status()).append(' ').append(exchange.reason()).append('\n');
    for (RawHeader h : exchange.headers()) sb.append("< ").append(h.name()).append(": ").append(h.value()).append('\n');
    sb.append("<\n").append(transcript());
    return sb.toString();
  }

  /** The events seen, re-rendered as SSE with each arrival time as a comment line. */
  private String transcript() {
    StringBuilder sb = new StringBuilder(": events as parsed (one data: line per parsed line, CR shown as \\r)\n");
    for (Event e : events.seen()) {
      sb.append(": +").append(LiveWire.millisBetween(openedNanos, e.arrivedNanos())).append(" ms\n");
      sb.append("event: ").append(e.type()).append('\n');
      for (String line : e.data().split("\n", -1)) sb.append("data:").append(escape(line)).append('\n');
      sb.append('\n');
      if (sb.length() > 4096) {
        sb.append(": ... (").append(events.seen().size()).append(" events in all)\n");
        break;
      }
    }
    sb.append(ended() ? ": (connection ended)\n" : ": (connection open)\n");
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '\r') sb.append("\\r");
      else if (c < 0x20 && c != '\t') sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    events.close();
  }
}
