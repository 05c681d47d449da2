package io.streamcert.conformance.official;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.conformance.official.OfficialSuiteException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in tools are POSIX shell scripts")
class NodeToolchainTest {

  @TempDir Path bin;

  @Test
  void namesEveryMissingToolAndWhatToInstall() {
    assertThatThrownBy(() -> NodeToolchain.locate(Map.of("PATH", bin.toString())))
        .isInstanceOfSatisfying(
            OfficialSuiteException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.TOOLCHAIN_MISSING))
        .hasMessageStartingWith("node, npm, npx were not found on PATH (" + bin + ")")
        .hasMessageContaining("install Node.js 20 LTS");
  }

  @Test
  void namesTheOneMissingTool() throws IOException {
    ShellScripts.write(bin, "node", "echo v20.20.2");
    ShellScripts.write(bin, "npx", "exit 0");
    assertThatThrownBy(() -> NodeToolchain.locate(Map.of("PATH", bin.toString())))
        .hasMessageStartingWith("npm was not found on PATH");
  }

  @Test
  void rejectsNodeOlderThan18() throws IOException {
    writeTools("v16.20.2");
    assertThatThrownBy(() -> NodeToolchain.locate(Map.of("PATH", bin.toString())))
        .isInstanceOfSatisfying(
            OfficialSuiteException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.TOOLCHAIN_MISSING))
        .hasMessageContaining("is v16.20.2 but the official suite (vitest 4) needs 18 or newer");
  }

  @Test
  void findsToolsInTheFirstPathEntryThatHasThem(@TempDir Path empty) throws IOException {
    writeTools("v20.20.2");
    NodeToolchain tools = NodeToolchain.locate(Map.of("PATH", empty + ":" + bin));
    assertThat(tools.node()).isEqualTo(bin.resolve("node"));
    assertThat(tools.npm()).isEqualTo(bin.resolve("npm"));
    assertThat(tools.npx()).isEqualTo(bin.resolve("npx"));
    assertThat(tools.nodeVersion()).isEqualTo("v20.20.2");
  }

  private void writeTools(String nodeVersion) throws IOException {
    ShellScripts.write(bin, "node", "echo " + nodeVersion);
    ShellScripts.write(bin, "npm", "exit 0");
    ShellScripts.write(bin, "npx", "exit 0");
  }
}
