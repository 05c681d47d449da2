package io.streamcert.infra.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PgBinariesTest {

  @Test
  void locatesAFolderWithEveryServerProgram() {
    assumeTrue(PgBinaries.locate().isPresent(), "no PostgreSQL server programs installed");
    PgBinaries bin = PgBinaries.locate().orElseThrow();
    for (String tool : new String[] {"initdb", "pg_ctl", "pg_basebackup", "postgres"}) {
      assertThat(Files.isExecutable(bin.tool(tool))).as(tool + " in " + bin.bin()).isTrue();
    }
  }
}
