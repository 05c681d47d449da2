package io.streamcert.infra.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The installed PostgreSQL server programs (initdb, pg_ctl, pg_basebackup, postgres) in one bin
 * folder: the one named by {@code STREAMCERT_PG_BIN}, else {@code pg_config --bindir}, else the
 * newest {@code /usr/lib/postgresql/<major>/bin} (Debian keeps pg_config's bindir out of PATH for
 * the server tools).
 *
 * @param bin the folder holding the programs
 */
public record PgBinaries(Path bin) {

  static final String ENV = "STREAMCERT_PG_BIN";
  private static final List<String> NEEDED = List.of("initdb", "pg_ctl", "pg_basebackup", "postgres");

  public PgBinaries {
    bin = bin.toAbsolutePath().normalize();
  }

  /**
   * Finds the installed programs, or empty when no folder has all of initdb, pg_ctl, pg_basebackup
   * and postgres.
   */
  public static Optional<PgBinaries> locate() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) candidates.add(Path.of(env.trim()));
    pgConfigBindir().ifPresent(candidates::add);
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        majors.filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
            .forEach(p -> candidates.add(p.resolve("bin")));
      } catch (IOException e) {
        // an unreadable folder holds no usable binaries
      }
    }
    for (Path c : candidates) {
      if (NEEDED.stream().allMatch(tool -> Files.isExecutable(c.resolve(tool)))) return Optional.of(new PgBinaries(c));
    }
    return Optional.empty();
  }

  /**
   * Finds the installed programs or explains how to get them.
   *
   * @throws PgFixtureException naming what was searched and the fix
   */
  public static PgBinaries require() throws PgFixtureException {
    return locate().orElseThrow(() -> new PgFixtureException(
        "no PostgreSQL server programs found (initdb, pg_ctl, pg_basebackup, postgres): searched $" + ENV
            + ", pg_config --bindir and /usr/lib/postgresql/*/bin. Install them (Debian: apt-get install"
            + " postgresql) or point " + ENV + " at their bin folder"));
  }

  /** The path of one program, such as {@code pg_ctl}. */
  public Path tool(String name) {
    return bin.resolve(name);
  }

  private static Optional<Path> pgConfigBindir() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no pg_config on PATH
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
