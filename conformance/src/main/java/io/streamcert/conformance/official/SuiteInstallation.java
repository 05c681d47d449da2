package io.streamcert.conformance.official;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Keeps one npm installation of a pinned package, by default the official suite, in a cache folder,
 * installing it on first use and reusing it afterwards.
 *
 * <p>An install happens in a fresh sibling folder that is renamed into place only after npm
 * succeeded and the marker file was written, so an interrupted install leaves no folder that looks
 * complete and is simply redone. Installs hold a lock file beside the folder, so builds sharing the
 * cache install once, and the leftovers of interrupted installs can be removed safely.
 */
final class SuiteInstallation {

  static final String PACKAGE = "@durable-streams/server-conformance-tests";
  static final String WRAPPER = "streamcert-official-suite.test.mjs";
  static final String VITEST_CONFIG = "vitest.config.mjs";
  static final String MARKER = ".streamcert-install-complete";

  private static final String PARTIAL = ".partial-";
  private static final Object JVM_GUARD = new Object();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path cacheRoot;
  private final String packageName;
  private final String name;
  private final String version;
  private final List<String> resources;
  private final List<String> requiredFiles;
  private final String timeoutSetting;

  /** Describes the official suite at {@code version}, with its vitest wrapper files. */
  SuiteInstallation(Path cacheRoot, String version) {
    this(
        cacheRoot,
        PACKAGE,
        "official-suite",
        version,
        List.of(WRAPPER, VITEST_CONFIG),
        List.of("node_modules/vitest/package.json"),
        "OfficialSuite.Builder.timeout");
  }

  private SuiteInstallation(
      Path cacheRoot,
      String packageName,
      String name,
      String version,
      List<String> resources,
      List<String> requiredFiles,
      String timeoutSetting) {
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
    this.packageName = Objects.requireNonNull(packageName, "packageName");
    this.name = Objects.requireNonNull(name, "name");
    this.version = Objects.requireNonNull(version, "version");
    this.resources = List.copyOf(resources);
    this.requiredFiles = List.copyOf(requiredFiles);
    this.timeoutSetting = Objects.requireNonNull(timeoutSetting, "timeoutSetting");
  }

  /**
   * Describes {@code packageName@version} installed into {@code <cacheRoot>/<name>-<version>/},
   * with the named resources of this package copied beside {@code node_modules} and kept current;
   * {@code timeoutSetting} is the setting a timeout message tells the user to raise.
   */
  static SuiteInstallation ofPackage(
      Path cacheRoot,
      String packageName,
      String name,
      String version,
      List<String> resources,
      String timeoutSetting) {
    return new SuiteInstallation(
        cacheRoot, packageName, name, version, resources, List.of(), timeoutSetting);
  }

  /** Returns the install folder, {@code <cacheRoot>/<name>-<version>}. */
  Path directory() {
    return cacheRoot.resolve(name + "-" + version);
  }

  /**
   * Tells whether {@link #directory()} holds a finished install of exactly {@link #version}: the
   * marker is present and npm's copy of the package reports that version.
   */
  boolean isComplete() {
    Path dir = directory();
    Path marker = dir.resolve(MARKER);
    try {
      if (!Files.isRegularFile(marker)) return false;
      if (!Files.readString(marker, StandardCharsets.UTF_8).strip().equals(version)) return false;
      if (!installedVersion(dir).equals(version)) return false;
      for (String required : requiredFiles) {
        if (!Files.isRegularFile(dir.resolve(required))) return false;
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false; // unreadable means unusable; a reinstall is the repair
    }
  }

  /**
   * Returns {@link #directory()} with the package installed and the resource files current, running
   * {@code npm install} (output appended to {@code log}) when needed. Blocks for the install, at
   * most {@code budget}.
   */
  Path ensureInstalled(NodeToolchain tools, Path log, Duration budget) throws IOException {
    Path dir = directory();
    if (!isComplete()) {
      install(tools, log, budget);
    }
    // Rewritten when they differ so that a newer streamcert fixes an older cached copy.
    for (String resource : resources) writeIfChanged(dir.resolve(resource), resource(resource));
    return dir;
  }

  private void install(NodeToolchain tools, Path log, Duration budget) throws IOException {
    Files.createDirectories(cacheRoot);
    long deadline = System.nanoTime() + budget.toNanos();
    // The file lock excludes other JVMs; within one JVM a second lock on the same file would throw
    // OverlappingFileLockException instead of waiting, hence the monitor.
    synchronized (JVM_GUARD) {
      try (FileChannel channel =
          FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        acquire(channel, deadline); // released when the channel closes
        if (isComplete()) return; // another build installed it while this one waited
        deleteLeftovers();
        installLocked(tools, log, remaining(deadline));
      }
    }
  }

  private void acquire(FileChannel channel, long deadline) throws IOException {
    while (true) {
      if (channel.tryLock() != null) return;
      if (System.nanoTime() >= deadline) {
        throw new OfficialSuiteException(
            Kind.TIMED_OUT,
            "another build kept "
                + lockFile()
                + " locked while installing into "
                + directory()
                + " for longer than the timeout; let it finish, or raise the timeout ("
                + timeoutSetting
                + ")");
      }
      try {
        Thread.sleep(200); // polling interval; the holder is bounded by its own timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("interrupted while waiting for " + lockFile());
        interrupted.initCause(e);
        throw interrupted;
      }
    }
  }

  /** Removes partial folders of this version; only called under the lock, so none is in use. */
  private void deleteLeftovers() throws IOException {
    String prefix = directory().getFileName() + PARTIAL;
    List<Path> leftovers;
    try (Stream<Path> entries = Files.list(cacheRoot)) {
      leftovers = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
    for (Path leftover : leftovers) deleteQuietly(leftover);
  }

  private Path lockFile() {
    return cacheRoot.resolve(directory().getFileName() + ".lock");
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private void installLocked(NodeToolchain tools, Path log, Duration budget) throws IOException {
    Path target = directory();
    Path partial = Files.createTempDirectory(cacheRoot, target.getFileName() + PARTIAL);
    if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Temporary folders start private; the finished install is an ordinary cache folder.
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try {
      Files.writeString(partial.resolve("package.json"), packageJson(), StandardCharsets.UTF_8);
      for (String resource : resources) {
        Files.writeString(partial.resolve(resource), resource(resource), StandardCharsets.UTF_8);
      }
      int exit = runNpmInstall(tools, partial, log, budget);
      if (exit != 0) {
        throw new OfficialSuiteException(
            Kind.INSTALL_FAILED,
            "npm install of "
                + packageName
                + "@"
                + version
                + " failed with exit code "
                + exit
                + "; last lines of "
                + log
                + ":\n"
                + BoundedProcess.tail(log, 20)
                + "\nCheck that the npm registry ('npm config get registry') is reachable; the"
                + " install is cached in "
                + cacheRoot
                + " and reused afterwards");
      }
      String installed = installedVersion(partial);
      if (!installed.equals(version)) {
        throw new OfficialSuiteException(
            Kind.INSTALL_FAILED,
            "npm install put "
                + packageName
                + "@"
                + installed
                + " into "
                + partial
                + " but "
                + version
                + " was pinned; see "
                + log);
      }
      // Written last: its presence is what makes a folder count as installed.
      Files.writeString(partial.resolve(MARKER), version + "\n", StandardCharsets.UTF_8);
      moveIntoPlace(partial, target);
    } finally {
      deleteQuietly(partial); // after a successful move it no longer exists
    }
  }

  private int runNpmInstall(NodeToolchain tools, Path dir, Path log, Duration budget)
      throws IOException {
    List<String> command = List.of(tools.npm().toString(), "install", "--no-audit", "--no-fund");
    try {
      return BoundedProcess.run(
          command, dir, Map.of("npm_config_update_notifier", "false"), log, budget);
    } catch (TimeoutException e) {
      throw new OfficialSuiteException(
          Kind.TIMED_OUT,
          "npm install of "
              + packageName
              + "@"
              + version
              + " did not finish within "
              + budget.toMillis()
              + "ms and was killed; check the network path to the npm registry or raise the"
              + " timeout ("
              + timeoutSetting
              + "); see "
              + log,
          e);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new OfficialSuiteException(
          Kind.INSTALL_FAILED,
          "could not start '" + String.join(" ", command) + "' in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private void moveIntoPlace(Path partial, Path target) throws IOException {
    if (Files.exists(target) && !isComplete()) {
      deleteTree(target); // damaged or from an older layout; under the lock nothing is using it
    }
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
      if (!isComplete()) {
        throw new OfficialSuiteException(
            Kind.INSTALL_FAILED,
            target
                + " appeared during the install but is not a complete install of "
                + version
                + "; delete it and run again",
            raced);
      }
      // Another build installed the same version first (possible only where file locks are not
      // honoured, such as some network file systems); its copy is as good as ours.
    }
  }

  private String packageJson() {
    return "{\n"
        + "  \"name\": \"streamcert-"
        + name
        + "\",\n"
        + "  \"version\": \"0.0.0\",\n"
        + "  \"private\": true,\n"
        + "  \"description\": \"Written by streamcert: "
        + packageName
        + " pinned at "
        + version
        + ".\",\n"
        + "  \"type\": \"module\",\n"
        + "  \"dependencies\": {\n"
        + "    \""
        + packageName
        + "\": \""
        + version
        + "\"\n"
        + "  }\n"
        + "}\n";
  }

  private String installedVersion(Path dir) throws IOException {
    Path manifest = dir.resolve("node_modules").resolve(packageName).resolve("package.json");
    if (!Files.isRegularFile(manifest)) return "(none)";
    JsonNode version = JSON.readTree(manifest.toFile()).path("version");
    return version.isTextual() ? version.asText() : "(unknown)";
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SuiteInstallation.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name
                + " is missing from the streamcert-conformance jar next to "
                + SuiteInstallation.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void writeIfChanged(Path file, String content) throws IOException {
    if (Files.isRegularFile(file)
        && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
      return;
    }
    // Via a temporary file and a rename, because another build may be running vitest from here.
    Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void deleteQuietly(Path root) {
    if (!Files.exists(root)) return;
    try {
      deleteTree(root);
    } catch (IOException e) {
      // A leftover partial folder is never mistaken for an install; keep the original error.
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
