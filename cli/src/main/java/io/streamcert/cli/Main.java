package io.streamcert.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the {@code streamcert} command: parses the arguments, runs the chosen subcommand and exits
 * with its code (0 success, 1 failure, 2 usage error).
 */
@Command(
    name = "streamcert",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Certifies servers of the Durable Streams HTTP protocol.",
    subcommands = {ServeCommand.class, ConformCommand.class, CertifyCommand.class, ChaosCommand.class, CompareCommand.class, LoadCommand.class, HelpCommand.class})
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  private Main() {}

  /** Lists the commands when none was given, which is a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return spec.exitCodeOnInvalidInput();
  }

  /** Runs the command with the process's standard streams and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command with the given streams and returns its exit code instead of exiting, so that
   * tests and embedders keep their JVM. Blocks as long as the subcommand does ({@code serve} until
   * it is stopped).
   */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd =
        new CommandLine(new Main())
            .setOut(out)
            .setErr(err)
            .setParameterExceptionHandler(new UsageErrors());
    return cmd.execute(args);
  }
}
