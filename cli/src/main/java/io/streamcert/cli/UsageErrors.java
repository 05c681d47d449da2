package io.streamcert.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error as its message plus a pointer to {@code --help}, and answers picocli's
 * exit code for invalid input (2).
 *
 * <p>picocli's own handler prints the whole usage text after every mistake, which buries the
 * lines that say what was wrong when several options are invalid at once.
 */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String prefix = cmd.getCommandSpec().qualifiedName() + ": ";
    for (String line : String.valueOf(ex.getMessage()).split("\\R")) {
      err.println(prefix + line);
    }
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return cmd.getExitCodeExceptionMapper() != null
        ? cmd.getExitCodeExceptionMapper().getExitCode(ex)
        : cmd.getCommandSpec().exitCodeOnInvalidInput();
  }
}
