package io.streamcert.reference.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forces dirty logs to disk on one thread. Under {@code always}, appenders wait for the next
 * round that starts after their write, so every appender waiting at the same time shares that
 * round's fsyncs (group commit). Under {@code interval}, rounds run on a timer and nobody waits.
 */
final class Syncer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Syncer.class.getName());

  /** Something that can be forced to disk. */
  interface Forceable {
    void force() throws IOException;
  }

  private final FsyncPolicy policy;
  private final Thread thread;
  private final Set<Forceable> dirty = new LinkedHashSet<>();
  private long started;
  private long finished;
  private IOException failure;
  private boolean closing;

  Syncer(FsyncPolicy policy) {
    this.policy = policy;
    this.thread = new Thread(this::loop, "streamcert-fsync");
    this.thread.setDaemon(true);
    if (policy.mode() != FsyncPolicy.Mode.NEVER) thread.start();
  }

  /** Number of fsync rounds run so far (each forces every log dirty at its start). */
  synchronized long rounds() {
    return started;
  }

  /** Marks a log as holding unforced data. */
  synchronized void dirty(Forceable log) {
    if (policy.mode() == FsyncPolicy.Mode.NEVER) return;
    dirty.add(log);
    if (policy.mode() == FsyncPolicy.Mode.ALWAYS) notifyAll();
  }

  /**
   * Under {@code always}, blocks until a round that started after this call has forced {@code
   * log}; returns at once under the other policies.
   *
   * @throws IOException when that round's fsync failed (the store must stop taking writes)
   */
  void await(Forceable log) throws IOException {
    if (policy.mode() != FsyncPolicy.Mode.ALWAYS) return;
    synchronized (this) {
      if (failure != null) throw failure;
      dirty.add(log);
      long target = started + 1;
      notifyAll();
      boolean interrupted = false;
      while (finished < target && failure == null && !closing) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      if (failure != null) throw failure;
      if (finished < target) throw new IOException("the store closed before the data was forced to disk");
    }
  }

  private void loop() {
    while (true) {
      List<Forceable> batch;
      long round;
      synchronized (this) {
        try {
          if (policy.mode() == FsyncPolicy.Mode.INTERVAL) {
            wait(policy.interval().toMillis());
          } else {
            while (dirty.isEmpty() && !closing) wait();
          }
        } catch (InterruptedException e) {
          return;
        }
        if (dirty.isEmpty() && closing) return;
        batch = new ArrayList<>(dirty);
        dirty.clear();
        round = ++started;
      }
      IOException error = null;
      for (Forceable f : batch) {
        try {
          f.force();
        } catch (IOException e) {
          error = e;
          LOG.log(Level.SEVERE, "fsync failed; the store stops accepting writes", e);
        }
      }
      synchronized (this) {
        if (error != null && failure == null) failure = error;
        finished = round;
        notifyAll();
      }
    }
  }

  /** Forces whatever is dirty, then stops the thread. */
  @Override
  public void close() {
    List<Forceable> rest;
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      rest = new ArrayList<>(dirty);
      dirty.clear();
    }
    for (Forceable f : rest) {
      try {
        f.force();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "fsync at close failed", e);
      }
    }
  }
}
