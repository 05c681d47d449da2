package io.streamcert.scenarios.driver;

import io.streamcert.client.sse.SseLines;
import java.nio.charset.StandardCharsets;

/**
 * Splits a {@code text/event-stream} body into lines as bytes arrive and hands them to {@link
 * SseLines}, which assembles the events.
 */
final class SseParser {

  /** Receives complete events. */
  interface Listener {
    void event(String type, String data);
  }

  private final Listener listener;
  private final BodyBuffer line = new BodyBuffer();
  private final SseLines lines = new SseLines();

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
    lines.accept(new String(b, off, len, StandardCharsets.UTF_8))
        .ifPresent(e -> listener.event(e.type(), e.data()));
  }
}
