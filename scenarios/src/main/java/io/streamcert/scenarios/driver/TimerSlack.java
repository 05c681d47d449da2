package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux timer slack of the calling thread: how late the kernel may end its timed waits to
 * batch wake-ups (50 us by default). A thread may change its own through {@code
 * /proc/<tid>/timerslack_ns}; elsewhere, or without {@code /proc}, nothing changes.
 */
final class TimerSlack {

  private TimerSlack() {}

  /** Sets the calling thread's slack to 1 ns; returns what restores the previous value (on the same thread). */
  static Runnable minimize() {
    Path file = ownFile();
    if (file == null) return () -> {};
    try {
      String before = Files.readString(file).trim();
      Files.writeString(file, "1");
      return () -> {
        try {
          Files.writeString(file, before);
        } catch (IOException | RuntimeException ignored) {
          // Best effort: the thread keeps a tighter slack, which costs nothing but precision.
        }
      };
    } catch (IOException | RuntimeException e) {
      return () -> {};
    }
  }

  /** The calling thread's current slack in nanoseconds, or -1 where unknown. */
  static long current() {
    Path file = ownFile();
    if (file == null) return -1;
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static Path ownFile() {
    try {
      Path self = Path.of("/proc/thread-self");
      if (!Files.isSymbolicLink(self)) return null;
      String target = Files.readSymbolicLink(self).toString(); // "<pid>/task/<tid>"
      String tid = target.substring(target.lastIndexOf('/') + 1);
      Path file = Path.of("/proc", tid, "timerslack_ns");
      return Files.isWritable(file) ? file : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
