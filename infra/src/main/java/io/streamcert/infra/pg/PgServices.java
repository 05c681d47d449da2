package io.streamcert.infra.pg;

/**
 * Chooses a PostgreSQL backend: the installed server programs when present, else the embedded
 * node.
 */
public final class PgServices {

  private PgServices() {}

  /**
   * Starts a single node: a {@link PgCluster} without replica from the installed programs, or an
   * {@link EmbeddedPg} where none are installed.
   *
   * @throws PgFixtureException when neither can start, with both reasons
   */
  public static PgService singleNode() throws PgFixtureException {
    if (PgBinaries.locate().isPresent()) {
      return PgCluster.builder().replication(PgCluster.Replication.NONE).start();
    }
    return EmbeddedPg.start();
  }
}
