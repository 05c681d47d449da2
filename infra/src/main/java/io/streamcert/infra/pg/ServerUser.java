package io.streamcert.infra.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL programs as an OS user they accept: PostgreSQL refuses to run as root, so
 * when this JVM runs as root every program runs as the {@code postgres} user through {@code
 * runuser} and the folders it writes are handed to that user; otherwise programs run as the
 * current user.
 */
final class ServerUser {

  static final String POSTGRES = "postgres";

  private final boolean viaRunuser;

  private ServerUser(boolean viaRunuser) {
    this.viaRunuser = viaRunuser;
  }

  /**
   * Detects whether programs must run as {@code postgres}.
   *
   * @throws PgFixtureException when running as root without a {@code postgres} user or {@code runuser}
   */
  static ServerUser detect() throws PgFixtureException {
    String uid = quiet(List.of("id", "-u"));
    if (!"0".equals(uid)) return new ServerUser(false);
    if (quiet(List.of("id", "-u", POSTGRES)) == null) {
      throw new PgFixtureException("running as root, and PostgreSQL refuses to run as root, but there is no '"
          + POSTGRES + "' OS user to run it as; create one (Debian: apt-get install postgresql, or useradd --system "
          + POSTGRES + ") or run as an unprivileged user");
    }
    if (quiet(List.of("runuser", "--help")) == null) {
      throw new PgFixtureException("running as root needs 'runuser' (util-linux) to start PostgreSQL as '"
          + POSTGRES + "'; install util-linux or run as an unprivileged user");
    }
    return new ServerUser(true);
  }

  /** Whether programs run as {@code postgres} through runuser. */
  boolean switched() {
    return viaRunuser;
  }

  /** Gives {@code dir} and everything in it to the server's user (nothing to do without runuser). */
  void own(Path dir) throws PgFixtureException {
    if (!viaRunuser) return;
    run(List.of("chown", "-R", POSTGRES + ":" + POSTGRES, dir.toString()), dir, Duration.ofSeconds(30), false);
  }

  /**
   * Runs {@code command} as the server's user in folder {@code workDir} and returns its output.
   *
   * @throws PgFixtureException when it fails or outlives {@code timeout}, with its output
   */
  String run(List<String> command, Path workDir, Duration timeout) throws PgFixtureException {
    return run(command, workDir, timeout, viaRunuser);
  }

  private static String run(List<String> command, Path workDir, Duration timeout, boolean switchUser)
      throws PgFixtureException {
    List<String> full = new ArrayList<>();
    if (switchUser) full.addAll(List.of("runuser", "-u", POSTGRES, "--"));
    full.addAll(command);
    Process p;
    try {
      p = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new PgFixtureException("cannot run " + String.join(" ", full) + ": " + e.getMessage(), e);
    }
    try {
      p.getOutputStream().close();
      // pg_ctl start hands its log to the server, so the output closes once pg_ctl exits.
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new PgFixtureException(String.join(" ", full) + " did not finish within " + timeout.toSeconds() + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new PgFixtureException(String.join(" ", full) + " failed with exit " + p.exitValue() + ": " + text);
      }
      return text;
    } catch (PgFixtureException e) {
      throw e;
    } catch (IOException e) {
      p.destroyForcibly();
      throw new PgFixtureException("cannot read the output of " + String.join(" ", full) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new PgFixtureException("interrupted while running " + String.join(" ", full), e);
    }
  }

  /** Runs a probe command; its trimmed output, or null when it fails or cannot start. */
  private static String quiet(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
