package io.streamcert.infra.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPgTest {

  @Test
  void startsASingleNodeWithTheDatabaseAndStopsItOnClose() throws Exception {
    ProcessHandle postmaster;
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      postmaster = pg.process();
      assertThat(pg.placeholders()).containsEntry("postgres.jdbc-url", pg.jdbcUrl())
          .containsEntry("postgres.database", "streamcert");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
          Statement s = c.createStatement()) {
        s.execute("create table t(id bigint primary key)");
        s.execute("insert into t values (1), (2)");
        try (ResultSet rs = s.executeQuery("select count(*), current_database(), inet_server_port() from t")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(2);
          assertThat(rs.getString(2)).isEqualTo("streamcert");
          assertThat(rs.getInt(3)).isEqualTo(pg.port());
        }
      }
    }
    postmaster.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(PgNode.alive(postmaster)).as("the embedded postmaster stopped on close").isFalse();
  }
}
