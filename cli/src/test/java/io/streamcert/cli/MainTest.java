package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpListsTheServeCommand() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: streamcert").contains("serve");
  }

  @Test
  void versionNamesTheTool() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("streamcert ");
  }

  @Test
  void subcommandVersionNamesTheTool() {
    CliRun run = CliRun.of("serve", "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("streamcert ");
  }

  @Test
  void helpSubcommandShowsTheOptionsOfServe() {
    CliRun run = CliRun.of("help", "serve");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--long-poll-timeout");
  }

  @Test
  void noSubcommandListsTheCommandsAsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: streamcert").contains("serve");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CliRun run = CliRun.of("srve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'srve'").doesNotContain("\tat ");
  }
}
