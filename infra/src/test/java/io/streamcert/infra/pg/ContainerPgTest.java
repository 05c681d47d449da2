package io.streamcert.infra.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ContainerPgTest {

  @Test
  void withoutDockerStartRefusesWithTheAlternatives() {
    assumeTrue(!ContainerPg.dockerAvailable(), "Docker is available here");
    assertThatThrownBy(ContainerPg::start).isInstanceOf(PgFixtureException.class)
        .hasMessageContaining("no Docker daemon").hasMessageContaining("PgCluster").hasMessageContaining("EmbeddedPg");
  }

  @Test
  void withDockerStartsAContainerClientsCanUse() throws Exception {
    assumeTrue(ContainerPg.dockerAvailable(), "no Docker daemon: the Testcontainers PostgreSQL is skipped");
    try (ContainerPg pg = ContainerPg.start();
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("streamcert");
    }
  }
}
