package io.streamcert.conformance.official;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small executable POSIX shell scripts that stand in for node, npm and npx in tests. */
final class ShellScripts {

  private ShellScripts() {}

  /** Writes {@code body} as an executable {@code #!/bin/sh} script {@code dir/name}. */
  static Path write(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
