package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(value = OS.LINUX, disabledReason = "reads process states from /proc")
class BoundedProcessTest {

  @TempDir Path dir;

  @Test
  void returnsTheExitCodeWithOutputAndExtraEnvironmentInTheLog() throws Exception {
    Path log = dir.resolve("run.log");
    Map<String, String> env = new HashMap<>();
    env.put("STREAMCERT_PROBE", "hello");
    int exit =
        BoundedProcess.run(
            List.of("sh", "-c", "echo out $STREAMCERT_PROBE; echo err >&2; exit 3"),
            dir,
            env,
            log,
            Duration.ofMinutes(1));
    assertThat(exit).isEqualTo(3);
    assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).contains("out hello", "err");
  }

  @Test
  void killsTheWholeProcessTreeWhenTheBudgetRunsOut() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    // The shell starts a grandchild and waits for it, like npx starting vitest and its workers.
    List<String> command = List.of("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait");
    assertThatThrownBy(
            () ->
                BoundedProcess.run(
                    command, dir, Map.of(), dir.resolve("run.log"), Duration.ofSeconds(1)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("did not finish within 1000ms");
    long grandchild = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(awaitGone(grandchild, Duration.ofSeconds(30)))
        .as("the grandchild sleep (pid %d) was killed with its parent", grandchild)
        .isTrue();
  }

  @Test
  void tailKeepsTheLastLines() throws IOException {
    Path log = dir.resolve("tail.log");
    Files.writeString(log, "one\ntwo\nthree\nfour\n");
    assertThat(BoundedProcess.tail(log, 2)).isEqualTo("three" + System.lineSeparator() + "four");
    assertThat(BoundedProcess.tail(dir.resolve("missing.log"), 2)).contains("does not exist");
  }

  /** Waits until {@code pid} is gone or a zombie (killed, not yet reaped by its new parent). */
  private static boolean awaitGone(long pid, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      if (!Files.exists(stat)) return true;
      String text;
      try {
        text = Files.readString(stat);
      } catch (IOException vanished) {
        return true;
      }
      char state = text.charAt(text.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') return true;
      Thread.sleep(20); // polling interval of the await, not a wait for an outcome
    }
    return false;
  }
}
