package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One I/O thread: a selector over its connections, a queue of tasks from other threads, and a
 * sweep for exchanges past their timeout every {@value #TICK_MILLIS} ms. Everything a connection
 * does runs here, so connections need no locks.
 */
final class IoLoop implements AutoCloseable {

  static final int TICK_MILLIS = 10;

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
  private final Set<HttpConnection> connections = new HashSet<>();
  private volatile boolean running = true;
  private volatile Throwable firstUnexpected;

  IoLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the driver's I/O thread", e);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} on this loop's thread: at once if called there, otherwise soon. */
  void execute(Runnable task) {
    if (inLoop()) {
      task.run();
      return;
    }
    tasks.add(task);
    selector.wakeup();
  }

  Selector selector() {
    return selector;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  void track(HttpConnection c) {
    connections.add(c);
  }

  void untrack(HttpConnection c) {
    connections.remove(c);
  }

  /** The first exception a callback threw unexpectedly (a driver bug), or null. */
  Throwable firstUnexpected() {
    return firstUnexpected;
  }

  void unexpected(Throwable t) {
    if (firstUnexpected == null) firstUnexpected = t;
  }

  private void run() {
    long nextTick = System.nanoTime();
    while (running) {
      try {
        if (tasks.isEmpty()) selector.select(this::onKey, TICK_MILLIS);
        else selector.selectNow(this::onKey);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          try {
            task.run();
          } catch (RuntimeException e) {
            unexpected(e);
          }
        }
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          nextTick = now + TICK_MILLIS * 1_000_000L;
          for (HttpConnection c : List.copyOf(connections)) c.checkTimeout(now);
        }
      } catch (IOException | RuntimeException e) {
        unexpected(e);
      }
    }
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        unexpected(e);
      }
    }
    for (HttpConnection c : new ArrayList<>(connections)) c.fail("io: driver stopped", null);
    try {
      selector.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }

  private void onKey(SelectionKey key) {
    HttpConnection c = (HttpConnection) key.attachment();
    try {
      c.onReady(key);
    } catch (RuntimeException e) {
      unexpected(e);
      c.fail("driver error: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Stops the thread, failing whatever exchanges are still running, and waits for it to end. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
