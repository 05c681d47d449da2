package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process run of {@code streamcert chaos} and the run folder it wrote: what it printed, its
 * exit code, the checker's verdict ({@code checker.json}) and the recorded history.
 */
record ChaosRun(Path dir, CliRun cli) {

  /** Runs {@code streamcert chaos --scenario SCENARIO OPTIONS... --out DIR}; blocks as long as the run does. */
  static ChaosRun of(Path dir, String scenario, String... options) {
    List<String> args = new ArrayList<>(List.of("chaos", "--scenario", scenario));
    args.addAll(List.of(options));
    args.addAll(List.of("--out", dir.toString()));
    return new ChaosRun(dir, CliRun.of(args.toArray(String[]::new)));
  }

  /** Asserts the exit code, showing everything the run printed when it differs. */
  ChaosRun exits(int code) {
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(code);
    return this;
  }

  String out() {
    return cli.out();
  }

  String err() {
    return cli.err();
  }

  /** The checker's verdict: {@code /valid}, {@code /counts/<ANOMALY>}, {@code /summary/...}. */
  JsonNode checker() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("checker.json").toFile());
  }

  /** The recorded history, one JSON operation a line. */
  String history() throws IOException {
    return Files.readString(dir.resolve("history.jsonl"));
  }
}
