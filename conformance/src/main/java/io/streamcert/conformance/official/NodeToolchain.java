package io.streamcert.conformance.official;

import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locates {@code node}, {@code npm} and {@code npx} on a PATH and checks that Node is new enough
 * for the suite and the official server (vitest 4 and the server both need Node 18; Node 20 is the
 * verified one).
 */
record NodeToolchain(Path node, Path npm, Path npx, String nodeVersion) {

  static final int MIN_NODE_MAJOR = 18;

  static final String INSTALL_HINT =
      "install Node.js 20 LTS (18 or newer; it ships npm and npx), for example with"
          + " 'apt-get install nodejs npm' or from https://nodejs.org, and put it on PATH";

  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)");

  /**
   * Finds the three tools on {@code env}'s PATH and runs {@code node --version}. Blocks for at most
   * a few seconds.
   *
   * @throws OfficialSuiteException of kind {@link Kind#TOOLCHAIN_MISSING} naming every missing
   *     tool, or an old Node, and what to install
   * @throws java.io.InterruptedIOException when interrupted while Node reports its version
   */
  static NodeToolchain locate(Map<String, String> env) throws IOException {
    String path = pathOf(env);
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    Optional<Path> node = onPath("node", path, windows);
    Optional<Path> npm = onPath("npm", path, windows);
    Optional<Path> npx = onPath("npx", path, windows);
    List<String> missing = new ArrayList<>();
    if (node.isEmpty()) missing.add("node");
    if (npm.isEmpty()) missing.add("npm");
    if (npx.isEmpty()) missing.add("npx");
    if (!missing.isEmpty()) {
      throw new OfficialSuiteException(
          Kind.TOOLCHAIN_MISSING,
          String.join(", ", missing)
              + (missing.size() == 1 ? " was" : " were")
              + " not found on PATH ("
              + (path.isEmpty() ? "empty" : path)
              + "); the official Durable Streams suite and server run on Node: "
              + INSTALL_HINT);
    }
    String version = nodeVersion(node.get());
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      throw new OfficialSuiteException(
          Kind.TOOLCHAIN_MISSING,
          "'"
              + node.get()
              + " --version' printed '"
              + version
              + "', not a version; "
              + INSTALL_HINT);
    }
    int major = Integer.parseInt(m.group(1));
    if (major < MIN_NODE_MAJOR) {
      throw new OfficialSuiteException(
          Kind.TOOLCHAIN_MISSING,
          "node at "
              + node.get()
              + " is "
              + version
              + " but the official suite (vitest 4) needs "
              + MIN_NODE_MAJOR
              + " or newer; "
              + INSTALL_HINT);
    }
    return new NodeToolchain(node.get(), npm.get(), npx.get(), version);
  }

  /** Returns the first executable named {@code name} on {@code path}, trying Windows suffixes. */
  static Optional<Path> onPath(String name, String path, boolean windows) {
    List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isBlank()) continue;
      for (String candidate : names) {
        Path file;
        try {
          file = Path.of(dir, candidate);
        } catch (RuntimeException badEntry) {
          continue; // a malformed PATH entry should not hide a good one later on
        }
        if (Files.isRegularFile(file) && Files.isExecutable(file)) return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private static String pathOf(Map<String, String> env) {
    // Windows spells the variable 'Path'; environment maps there are case-insensitive but ours
    // may be a plain copy.
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().equalsIgnoreCase("PATH")) return e.getValue();
    }
    return "";
  }

  private static String nodeVersion(Path node) throws IOException {
    try {
      Process p =
          new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new OfficialSuiteException(
            Kind.TOOLCHAIN_MISSING,
            "'" + node + " --version' did not answer within 30s; " + INSTALL_HINT);
      }
      // The version line is a few bytes, so it fits the pipe buffer and reading after exit is safe.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new OfficialSuiteException(
            Kind.TOOLCHAIN_MISSING,
            "'"
                + node
                + " --version' exited with "
                + p.exitValue()
                + ": "
                + out
                + "; "
                + INSTALL_HINT);
      }
      return out;
    } catch (OfficialSuiteException e) {
      throw e;
    } catch (IOException e) {
      throw new OfficialSuiteException(
          Kind.TOOLCHAIN_MISSING, "could not run '" + node + " --version'; " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while running '" + node + " --version'");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
