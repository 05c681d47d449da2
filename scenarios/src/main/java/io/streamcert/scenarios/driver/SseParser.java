package io.streamcert.scenarios.driver;

import java.nio.charset.StandardCharsets;

/**
 * Splits a {@code text/event-stream} body into events as bytes arrive: {@code event:} names the
 * type, {@code data:} lines are joined with newlines, a blank line dispatches; comments and other
 * fields are ignored.
 */
final class SseParser {

  /** Receives complete events. */
  interface Listener {
    void event(String type, String data);
  }

  private final Listener listener;
  private final BodyBuffer line = new BodyBuffer();
  private final StringBuilder data = new StringBuilder();
  private String type;
  private boolean hasData;

  SseParser(Listener listener) {
    this.listener = listener;
  }

  void feed(byte[] b, int off, int len) {
    int end = off + len;
    int start = off;
    for (int i = off; i < end; i++) {
      if (b[i] != '\n') continue;
      int stop = i;
      if (line.length() > 0) {
        line.append(b, start, stop - start);
        line(line.array(), 0, line.length());
        line.clear();
      } else {
        line(b, start, stop - start);
      }
      start = i + 1;
    }
    if (start < end) line.append(b, start, end - start);
  }

  private void line(byte[] b, int off, int len) {
    if (len > 0 && b[off + len - 1] == '\r') len--;
    if (len == 0) {
      if (hasData || type != null) listener.event(type == null ? "message" : type, data.toString());
      type = null;
      data.setLength(0);
      hasData = false;
      return;
    }
    if (b[off] == ':') return;
    String s = new String(b, off, len, StandardCharsets.UTF_8);
    int colon = s.indexOf(':');
    String field = colon < 0 ? s : s.substring(0, colon);
    String value = colon < 0 ? "" : s.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    if (field.equals("event")) {
      type = value;
    } else if (field.equals("data")) {
      if (hasData) data.append('\n');
      data.append(value);
      hasData = true;
    }
  }
}
