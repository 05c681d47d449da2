package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in npm is a POSIX shell script")
class SuiteInstallationTest {

  /** Lays out what npm would: the suite's package.json at {@code $1} and vitest's. */
  private static final String FAKE_INSTALL =
      "mkdir -p node_modules/@durable-streams/server-conformance-tests node_modules/vitest\n"
          + "echo '{\"name\":\"@durable-streams/server-conformance-tests\",\"version\":\"'$V'\"}' >"
          + " node_modules/@durable-streams/server-conformance-tests/package.json\n"
          + "echo '{\"name\":\"vitest\",\"version\":\"4.1.12\"}' >"
          + " node_modules/vitest/package.json\n"
          + "echo \"npm $*\" in \"$(pwd)\"";

  @TempDir Path tmp;
  private Path cache;
  private Path log;
  private SuiteInstallation installation;

  @BeforeEach
  void setUp() {
    cache = tmp.resolve("cache");
    log = tmp.resolve("install.log");
    installation = new SuiteInstallation(cache, "0.3.6");
  }

  @Test
  void installsThePinnedVersionWithNpmAndMarksItComplete() throws IOException {
    Path dir = installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());

    assertThat(dir).isEqualTo(cache.resolve("official-suite-0.3.6"));
    assertThat(installation.isComplete()).isTrue();
    assertThat(Files.readString(dir.resolve("package.json")))
        .contains("\"@durable-streams/server-conformance-tests\": \"0.3.6\"");
    assertThat(Files.readString(log)).contains("npm install --no-audit --no-fund");
    assertThat(dir.resolve(SuiteInstallation.WRAPPER))
        .hasContent(resource(SuiteInstallation.WRAPPER));
    assertThat(dir.resolve(SuiteInstallation.VITEST_CONFIG))
        .hasContent(resource(SuiteInstallation.VITEST_CONFIG));
    assertThat(leftovers()).as("no partial install folders remain").isEmpty();
  }

  @Test
  void skipsNpmWhenTheRightVersionIsAlreadyInstalled() throws IOException {
    installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());
    Files.delete(log);

    installation.ensureInstalled(tools("echo npm should not run; exit 1"), log, budget());

    assertThat(log).doesNotExist();
  }

  @Test
  void restoresAnEditedWrapperFromTheJar() throws IOException {
    Path dir = installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());
    Files.writeString(dir.resolve(SuiteInstallation.WRAPPER), "// edited");

    installation.ensureInstalled(tools("exit 1"), log, budget());

    assertThat(dir.resolve(SuiteInstallation.WRAPPER))
        .hasContent(resource(SuiteInstallation.WRAPPER));
  }

  @Test
  void aFolderWithoutTheMarkerIsInstalledAgain() throws IOException {
    Path dir = installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());
    Files.delete(dir.resolve(SuiteInstallation.MARKER)); // as if the install had been interrupted
    assertThat(installation.isComplete()).isFalse();

    installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());

    assertThat(installation.isComplete()).isTrue();
  }

  @Test
  void removesPartialFoldersLeftByAnInterruptedInstall() throws IOException {
    Path leftover =
        Files.createDirectories(cache.resolve("official-suite-0.3.6.partial-42/node_modules"));

    installation.ensureInstalled(tools("V=0.3.6\n" + FAKE_INSTALL), log, budget());

    assertThat(leftover.getParent()).doesNotExist();
    assertThat(installation.isComplete()).isTrue();
  }

  @Test
  void aFailedNpmInstallNamesTheExitCodeAndShowsTheLog() throws IOException {
    NodeToolchain tools = tools("echo 'npm error 404 Not Found - GET https://registry'; exit 3");
    assertThatThrownBy(() -> installation.ensureInstalled(tools, log, budget()))
        .isInstanceOfSatisfying(
            OfficialSuiteException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INSTALL_FAILED))
        .hasMessageContaining("failed with exit code 3")
        .hasMessageContaining("npm error 404 Not Found")
        .hasMessageContaining("npm config get registry");
    assertThat(cache.resolve("official-suite-0.3.6")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aWrongInstalledVersionIsAnInstallFailure() throws IOException {
    NodeToolchain tools = tools("V=0.3.7\n" + FAKE_INSTALL);
    assertThatThrownBy(() -> installation.ensureInstalled(tools, log, budget()))
        .isInstanceOfSatisfying(
            OfficialSuiteException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INSTALL_FAILED))
        .hasMessageContaining("server-conformance-tests@0.3.7")
        .hasMessageContaining("but 0.3.6 was pinned");
    assertThat(installation.isComplete()).isFalse();
  }

  @Test
  void installsAnyPinnedPackageIntoItsOwnFolderWithItsResources() throws IOException {
    SuiteInstallation server =
        SuiteInstallation.ofPackage(
            cache,
            "@durable-streams/server",
            "official-server",
            "0.3.7",
            List.of(OfficialNodeServer.LAUNCHER),
            "OfficialNodeServer.Builder.installTimeout");
    String fakeInstall =
        "mkdir -p node_modules/@durable-streams/server\n"
            + "echo '{\"name\":\"@durable-streams/server\",\"version\":\"0.3.7\"}' >"
            + " node_modules/@durable-streams/server/package.json";

    Path dir = server.ensureInstalled(tools(fakeInstall), log, budget());

    assertThat(dir).isEqualTo(cache.resolve("official-server-0.3.7"));
    assertThat(server.isComplete()).isTrue();
    assertThat(Files.readString(dir.resolve("package.json")))
        .contains("\"@durable-streams/server\": \"0.3.7\"");
    assertThat(dir.resolve(OfficialNodeServer.LAUNCHER))
        .hasContent(resource(OfficialNodeServer.LAUNCHER));
    assertThat(installation.isComplete()).as("the suite is a separate install").isFalse();
  }

  private NodeToolchain tools(String npmBody) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path npm = ShellScripts.write(bin, "npm", npmBody);
    return new NodeToolchain(bin.resolve("node"), npm, bin.resolve("npx"), "v20.20.2");
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }

  private static String resource(String name) throws IOException {
    return SuiteInstallation.resource(name);
  }

  private static Duration budget() {
    return Duration.ofMinutes(1);
  }
}
