package io.streamcert.reference.crash;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.storage.FileStore;
import io.streamcert.reference.storage.FsyncPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The server process of the crash test: {@code CrashServerMain <port> <data-dir> [--lossy |
 * --ignore-producers]}.
 *
 * <p>Starts the reference server with file storage (fsync {@code always}) on 127.0.0.1 and the
 * given port, prints {@code READY <port> recoveryMillis=<ms> streams=<n> store=<kind>} once it
 * listens, and blocks until it is killed. With {@code --lossy} it runs over {@link LossyStore}, a
 * mutant that acknowledges appends before writing them. With {@code --ignore-producers} the port is
 * served by {@link ProducerIgnoringFront}, a mutant that drops producer headers and some answers. The process ends by itself when its
 * standard input closes (the test JVM went away), so a crashed test leaves no server behind.
 */
public final class CrashServerMain {

  /** How long the mutant holds an acknowledged append in memory before writing it. */
  static final long LOSSY_DELAY_MILLIS = 250;

  private CrashServerMain() {}

  public static void main(String[] args) throws Exception {
    boolean badMode = args.length == 3 && !args[2].equals("--lossy") && !args[2].equals("--ignore-producers");
    if (args.length < 2 || args.length > 3 || badMode) {
      System.err.println("usage: CrashServerMain <port> <data-dir> [--lossy | --ignore-producers]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    boolean lossy = args.length == 3 && args[2].equals("--lossy");
    boolean ignoreProducers = args.length == 3 && args[2].equals("--ignore-producers");
    ServerConfig config = ServerConfig.builder()
        .port(ignoreProducers ? 0 : port)
        .storage(ServerConfig.Storage.FILE)
        .dataDir(dir)
        .fsync(FsyncPolicy.ALWAYS)
        .build();
    ReferenceServer server;
    long recoveryMillis;
    if (lossy) {
      FileStore file = FileStore.open(dir, FsyncPolicy.ALWAYS);
      server = ReferenceServer.start(config, new LossyStore(file, LOSSY_DELAY_MILLIS));
      recoveryMillis = file.recoveryMillis();
    } else {
      server = ReferenceServer.start(config);
      recoveryMillis = server.recoveryMillis();
    }
    int publicPort = server.port();
    if (ignoreProducers) {
      ProducerIgnoringFront.start(port, server.baseUri(), port);
      publicPort = port;
    }
    System.out.println("READY " + publicPort + " recoveryMillis=" + recoveryMillis
        + " streams=" + server.streamCount() + " store=" + server.storageKind());
    System.out.flush();
    exitWhenStdinCloses();
    Thread.currentThread().join();
  }

  private static void exitWhenStdinCloses() {
    Thread watchdog = new Thread(() -> {
      try {
        InputStream in = System.in;
        while (in.read() >= 0) {
          // the test never writes; any byte is ignored
        }
      } catch (IOException ignored) {
        // treated as closed
      }
      Runtime.getRuntime().halt(3);
    }, "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
