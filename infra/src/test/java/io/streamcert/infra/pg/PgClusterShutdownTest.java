package io.streamcert.infra.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PgClusterShutdownTest {

  @Test
  void aJvmThatExitsWithoutClosingTheClusterLeavesNoPostgresAndNoFiles() throws Exception {
    assumeTrue(PgBinaries.locate().isPresent(), "no PostgreSQL server programs installed");
    Path parent = Files.createTempDirectory("pg-hook-test-");
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path base = parent.resolve("cluster");
    try {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), ExitWithoutClose.class.getName(), base.toString())
          .redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
      assertThat(out).as("the child started the cluster").contains("READY [");
      assertThat(PgClusterTest.postgresProcessesUnder(base)).as("the shutdown hook stopped PostgreSQL").isEmpty();
      assertThat(base).as("the shutdown hook deleted the files").doesNotExist();
    } finally {
      Scratch.deleteTree(parent);
    }
  }
}
