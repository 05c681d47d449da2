package io.streamcert.infra.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The fixtures' scratch folders and loopback ports: made for the server's OS user, deleted afterwards. */
final class Scratch {

  private Scratch() {}

  /**
   * Creates (or checks empty) the folder, closes it to others and hands it to the server's user.
   *
   * @throws PgFixtureException when the folder is not empty or the server's user cannot write it
   */
  static Path prepare(Path requested, ServerUser user) throws PgFixtureException {
    Path dir;
    try {
      if (requested == null) {
        dir = Files.createTempDirectory("streamcert-pg-");
      } else {
        Files.createDirectories(requested);
        try (Stream<Path> s = Files.list(requested)) {
          if (s.findAny().isPresent()) {
            throw new PgFixtureException("the PostgreSQL fixture's folder " + requested
                + " is not empty; give an empty or new folder (it is deleted on close)");
          }
        }
        dir = requested;
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (PgFixtureException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      throw new PgFixtureException("cannot create the PostgreSQL fixture's folder " + requested + ": " + e.getMessage(), e);
    }
    try {
      user.own(dir);
      if (user.switched()) user.run(List.of("test", "-w", dir.toString()), dir, Duration.ofSeconds(10));
    } catch (PgFixtureException e) {
      try {
        deleteTree(dir);
      } catch (PgFixtureException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new PgFixtureException("the postgres user cannot write " + dir + " (a parent folder is closed to it?): "
          + e.getMessage() + "; give a folder under /tmp", e);
    }
    return dir;
  }

  static int[] freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        held.add(s);
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) s.close();
    }
  }

  static void deleteTree(Path dir) throws PgFixtureException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | UncheckedIOException e) {
      throw new PgFixtureException("cannot delete the PostgreSQL fixture's files in " + dir + ": " + e.getMessage(), e);
    }
  }
}
