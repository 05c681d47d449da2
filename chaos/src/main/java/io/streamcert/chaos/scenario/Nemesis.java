package io.streamcert.chaos.scenario;

import java.net.URI;

/**
 * Injects one kind of fault into a target and undoes it: the scenario runner calls {@link #start()}
 * at the beginning of each fault period of the {@link Schedule} and {@link #heal()} at its end,
 * and {@link #heal()} once more for the final heal whatever happened.
 *
 * <p>Process faults (SIGKILL and restart, SIGSTOP/SIGCONT, SIGTERM and restart) act on a launched
 * target; see {@link ProcessNemesis}. A network fault plugs in the same way: it places its proxy
 * in front of the target when created, returns the proxy's origin from {@link #clientUri(URI)} so
 * that the workload goes through it, partitions in {@link #start()} and heals in {@link #heal()}.
 *
 * <p>Implementations are called from one thread (the scheduler), one call at a time.
 */
public interface Nemesis extends AutoCloseable {

  /** The fault's name as recorded in the history, such as {@code sigkill} or {@code partition}. */
  String fault();

  /**
   * Starts the fault and returns a detail for the history (such as the pid killed), or null.
   *
   * @throws Exception when the fault could not be injected; the runner records no fault then
   */
  String start() throws Exception;

  /**
   * Undoes the fault, blocking until it is undone (a restart until the target is ready). Does
   * nothing when no fault is active.
   *
   * @throws Exception when the target cannot be brought back
   */
  void heal() throws Exception;

  /**
   * The origin the workload should send its requests to; by default the target's own. A network
   * nemesis returns its proxy's origin.
   */
  default URI clientUri(URI targetOrigin) {
    return targetOrigin;
  }

  /**
   * Tells the nemesis how the workload reaches the target and which streams it uses, once they are
   * created and before the first fault; by default ignored. A nemesis that checks what readers get
   * (such as after corrupting stored data) reads through {@code http}.
   */
  default void attach(io.streamcert.client.raw.RawHttp http, java.util.List<String> streams) {}

  /**
   * Returns what the nemesis found wrong on its own (such as corrupted bytes served to a reader), to
   * fail the run; by default nothing. Called once, after the final heal.
   */
  default java.util.List<String> findings() {
    return java.util.List.of();
  }

  /**
   * Returns figures the nemesis measured (such as SlowDown answers injected), by name, for the
   * report; by default none. Called once, after the final heal.
   */
  default java.util.Map<String, Double> figures() {
    return java.util.Map.of();
  }

  /** Releases what the nemesis made (such as a proxy); by default nothing. */
  @Override
  default void close() {}
}
