package io.streamcert.chaos.scenario;

import io.streamcert.fixtures.LaunchedTarget;
import java.util.Objects;

/**
 * Process faults on a target launched from a descriptor: a crash (SIGKILL, then a restart on the
 * same port and data directory), a pause (SIGSTOP, then SIGCONT) and a graceful restart (the
 * descriptor's stop signal, then a restart).
 */
public final class ProcessNemesis implements Nemesis {

  /** Which process fault. */
  public enum Kind {
    /** SIGKILL to the process tree, healed by a restart. */
    CRASH("sigkill"),
    /** SIGSTOP to the process tree, healed by SIGCONT. */
    PAUSE("sigstop"),
    /** The descriptor's stop signal (SIGTERM by default) with its timeout, healed by a restart. */
    GRACEFUL_RESTART("sigterm");

    private final String fault;

    Kind(String fault) {
      this.fault = fault;
    }

    /** The fault's name in the history. */
    public String fault() {
      return fault;
    }
  }

  private final LaunchedTarget target;
  private final Kind kind;
  private boolean active;

  public ProcessNemesis(LaunchedTarget target, Kind kind) {
    this.target = Objects.requireNonNull(target, "target");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String fault() {
    return kind.fault();
  }

  @Override
  public String start() throws Exception {
    long pid = target.pid();
    switch (kind) {
      case CRASH -> target.kill();
      case PAUSE -> target.pause();
      case GRACEFUL_RESTART -> target.stop();
    }
    active = true;
    return kind.fault() + " pid " + pid;
  }

  @Override
  public void heal() throws Exception {
    switch (kind) {
      case PAUSE -> {
        if (target.isPaused()) target.resume();
        if (!target.isAlive()) target.restart();
      }
      case CRASH, GRACEFUL_RESTART -> {
        if (active || !target.isAlive()) target.restart();
      }
    }
    active = false;
  }
}
