package io.streamcert.client.sse;

import java.util.Optional;

/**
 * Assembles Server-Sent Events from the lines of a {@code text/event-stream} body, given without
 * their terminators: {@code event:} names the type (default {@code message}), {@code data:} lines
 * are joined with LF, a blank line dispatches the event if it had data, comments ({@code :}) and
 * other fields are ignored. One space after the colon is dropped, as the SSE format says. Not
 * thread-safe: one reader owns it.
 */
public final class SseLines {

  /** One dispatched event: its type and its data lines joined by LF. */
  public record Event(String type, String data) {}

  private String type;
  private StringBuilder data;

  /** Takes the next line; returns the event it completes, if any. */
  public Optional<Event> accept(String line) {
    if (line.isEmpty()) {
      Optional<Event> out =
          data == null ? Optional.empty() : Optional.of(new Event(type == null ? "message" : type, data.toString()));
      type = null;
      data = null;
      return out;
    }
    if (line.charAt(0) == ':') return Optional.empty();
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    if (field.equals("event")) {
      type = value;
    } else if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder();
      } else {
        data.append('\n');
      }
      data.append(value);
    }
    return Optional.empty();
  }

  /** Whether lines of an event not yet dispatched have arrived (a body ending now cuts an event). */
  public boolean inEvent() {
    return data != null || type != null;
  }
}
