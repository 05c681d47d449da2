package io.streamcert.infra.pg;

import java.nio.file.Path;

/**
 * Starts a cluster in the folder given as the first argument, prints READY and exits without
 * closing it, so that only the shutdown hook can clean up; for {@code PgClusterShutdownTest}.
 */
public final class ExitWithoutClose {

  private ExitWithoutClose() {}

  public static void main(String[] args) throws Exception {
    PgCluster cluster = PgCluster.builder().replication(PgCluster.Replication.SYNCHRONOUS).baseDir(Path.of(args[0])).start();
    System.out.println("READY " + cluster.pids());
    System.out.flush();
    System.exit(0);
  }
}
