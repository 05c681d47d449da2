package io.streamcert.reference.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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

  // Two conditions on one lock: the fsync thread waits for work, writers wait for the end of a
  // round. A new write wakes only the fsync thread, and a round's end wakes the writers once,
  // instead of every write waking every waiting writer.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition done = lock.newCondition();

  Syncer(FsyncPolicy policy) {
    this.policy = policy;
    this.thread = new Thread(this::loop, "streamcert-fsync");
    this.thread.setDaemon(true);
    if (policy.mode() != FsyncPolicy.Mode.NEVER) thread.start();
  }

  /** Number of fsync rounds run so far (each forces every log dirty at its start). */
  long rounds() {
    lock.lock();
    try {
      return started;
    } finally {
      lock.unlock();
    }
  }

  /** Marks a log as holding unforced data. */
  void dirty(Forceable log) {
    if (policy.mode() == FsyncPolicy.Mode.NEVER) return;
    lock.lock();
    try {
      dirty.add(log);
      if (policy.mode() == FsyncPolicy.Mode.ALWAYS) work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Under {@code always}, blocks until a round that started after this call has forced {@code
   * log}; returns at once under the other policies.
   *
   * @throws IOException when that round's fsync failed (the store must stop taking writes)
   */
  void await(Forceable log) throws IOException {
    if (policy.mode() != FsyncPolicy.Mode.ALWAYS) return;
    lock.lock();
    try {
      if (failure != null) throw failure;
      dirty.add(log);
      long target = started + 1;
      work.signal();
      boolean interrupted = false;
      while (finished < target && failure == null && !closing) {
        try {
          done.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      if (failure != null) throw failure;
      if (finished < target) throw new IOException("the store closed before the data was forced to disk");
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (true) {
      List<Forceable> batch;
      long round;
      lock.lock();
      try {
        try {
          if (policy.mode() == FsyncPolicy.Mode.INTERVAL) {
            if (!closing) work.await(policy.interval().toMillis(), TimeUnit.MILLISECONDS);
          } else {
            while (dirty.isEmpty() && !closing) work.await();
          }
        } catch (InterruptedException e) {
          return;
        }
        if (dirty.isEmpty() && closing) return;
        batch = new ArrayList<>(dirty);
        dirty.clear();
        round = ++started;
      } finally {
        lock.unlock();
      }
      IOException error = forceAll(batch);
      lock.lock();
      try {
        if (error != null && failure == null) failure = error;
        finished = round;
        done.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Forces a round's logs. Several logs are forced in parallel: the file system can then commit
   * their journal entries together, where one fsync after another pays a journal commit each.
   */
  private IOException forceAll(List<Forceable> batch) {
    if (batch.size() == 1) return force(batch.get(0));
    List<java.util.concurrent.Future<IOException>> pending = new ArrayList<>(batch.size());
    for (Forceable f : batch) pending.add(forcers().submit(() -> force(f)));
    IOException error = null;
    boolean interrupted = false;
    for (java.util.concurrent.Future<IOException> p : pending) {
      while (true) {
        try {
          IOException e = p.get();
          if (e != null) error = e;
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          error = new IOException("fsync failed: " + e.getCause(), e.getCause());
          break;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return error;
  }

  private static IOException force(Forceable f) {
    try {
      f.force();
      return null;
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "fsync failed; the store stops accepting writes", e);
      return e;
    }
  }

  private java.util.concurrent.ExecutorService forcers;

  private java.util.concurrent.ExecutorService forcers() {
    if (forcers == null) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(FORCE_THREADS, FORCE_THREADS, 10,
          TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "streamcert-fsync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      forcers = pool;
    }
    return forcers;
  }

  /** Logs forced at once in one round. */
  private static final int FORCE_THREADS = 16;

  /** Forces whatever is dirty, then stops the thread. */
  @Override
  public void close() {
    List<Forceable> rest;
    lock.lock();
    try {
      closing = true;
      work.signalAll();
      done.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      rest = new ArrayList<>(dirty);
      dirty.clear();
    } finally {
      lock.unlock();
    }
    for (Forceable f : rest) {
      try {
        f.force();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "fsync at close failed", e);
      }
    }
    if (forcers != null) forcers.shutdown();
  }
}
