package io.streamcert.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Holds what one in-process run of {@code streamcert} printed and the exit code it returned. */
record CliRun(int exitCode, String out, String err) {

  /** Runs the command on this thread with captured streams; blocks as long as the command does. */
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
