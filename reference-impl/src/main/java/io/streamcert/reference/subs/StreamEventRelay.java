package io.streamcert.reference.subs;

import io.streamcert.reference.stream.StreamEvents;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Passes the engine's stream events on to {@link Subscriptions} with root-relative paths, skipping
 * paths outside the root and under the reserved {@code __ds} prefix. A failure in the subscription
 * engine is logged and never fails the stream operation, which is already committed.
 */
public record StreamEventRelay(Subscriptions engine, String root) implements StreamEvents {

  private static final Logger LOG = Logger.getLogger(StreamEventRelay.class.getName());

  private String rel(String path) {
    if (!path.startsWith(root)) return null;
    String p = path.substring(root.length());
    return p.isEmpty() || p.equals("__ds") || p.startsWith("__ds/") ? null : p;
  }

  @Override
  public void created(String path, long start, long tail) {
    String p = rel(path);
    if (p != null) guard(path, () -> engine.onCreated(p, start, tail));
  }

  @Override
  public void appended(String path, long before, long tail) {
    String p = rel(path);
    if (p != null) guard(path, () -> engine.onAppended(p, before, tail));
  }

  @Override
  public void deleted(String path) {
    String p = rel(path);
    if (p != null) guard(path, () -> engine.onDeleted(p));
  }

  private static void guard(String path, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "subscriptions could not record a change to " + path + ": " + e.getMessage(), e);
    }
  }
}
