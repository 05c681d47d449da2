package io.streamcert.infra.pg;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A single PostgreSQL node in a Docker container through Testcontainers, for hosts with Docker.
 * {@link #dockerAvailable()} tells whether it can start (it answers false, without an exception,
 * when there is no Docker).
 */
public final class ContainerPg implements PgService {

  /** The image; an official PostgreSQL image with the version of the Debian programs used elsewhere. */
  public static final String IMAGE = "postgres:15-alpine";

  private final PostgreSQLContainer container;

  private ContainerPg(PostgreSQLContainer container) {
    this.container = container;
  }

  /** Whether a Docker daemon answers; false (not an exception) without Docker. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Starts a container of {@link #IMAGE} with database {@code streamcert}.
   *
   * @throws PgFixtureException without Docker (use the local programs or the embedded node) or when the
   *     container fails
   */
  public static ContainerPg start() throws PgFixtureException {
    if (!dockerAvailable()) {
      throw new PgFixtureException("no Docker daemon answers, so the Testcontainers PostgreSQL cannot start;"
          + " use the local PostgreSQL programs (PgCluster) or the embedded node (EmbeddedPg)");
    }
    PostgreSQLContainer c = new PostgreSQLContainer(IMAGE).withDatabaseName("streamcert").withUsername("streamcert")
        .withPassword("streamcert");
    try {
      c.start();
    } catch (RuntimeException e) {
      c.stop();
      throw new PgFixtureException("the PostgreSQL container " + IMAGE + " did not start: " + e.getMessage(), e);
    }
    return new ContainerPg(c);
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return container.getMappedPort(5432);
  }

  @Override
  public String database() {
    return container.getDatabaseName();
  }

  @Override
  public String user() {
    return container.getUsername();
  }

  @Override
  public String password() {
    return container.getPassword();
  }

  @Override
  public String describe() {
    return "PostgreSQL container " + IMAGE + " at " + host() + ":" + port();
  }

  @Override
  public void close() {
    container.stop();
  }
}
