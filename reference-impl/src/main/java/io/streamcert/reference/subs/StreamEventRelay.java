package io.streamcert.reference.subs;

import io.streamcert.reference.stream.StreamEvents;

/**
 * Passes the engine's stream events on to {@link Subscriptions} with root-relative paths, skipping
 * paths outside the root and under the reserved {@code __ds} prefix.
 */
public record StreamEventRelay(Subscriptions engine, String root) implements StreamEvents {

  private String rel(String path) {
    if (!path.startsWith(root)) return null;
    String p = path.substring(root.length());
    return p.isEmpty() || p.equals("__ds") || p.startsWith("__ds/") ? null : p;
  }

  @Override
  public void created(String path, long start, long tail) {
    String p = rel(path);
    if (p != null) engine.onCreated(p, start, tail);
  }

  @Override
  public void appended(String path, long before, long tail) {
    String p = rel(path);
    if (p != null) engine.onAppended(p, before, tail);
  }

  @Override
  public void deleted(String path) {
    String p = rel(path);
    if (p != null) engine.onDeleted(p);
  }
}
