package io.streamcert.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares output with a golden file in {@code src/test/resources/golden}. These files seal the
 * formats: a change to one is a change to a contract that CI systems and baselines read.
 *
 * <p>To accept new output after a deliberate format change, run
 * {@code mvn -pl reports test -Dstreamcert.updateGolden=true}, then review the diff of the golden
 * files before committing them.
 */
public final class Golden {

  private Golden() {}

  public static void assertMatches(String name, String actual) throws IOException {
    Path dir = Path.of(System.getProperty("streamcert.goldenDir", "src/test/resources/golden"));
    Path file = dir.resolve(name);
    if (Boolean.getBoolean("streamcert.updateGolden")) {
      Files.createDirectories(dir);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("golden file %s is missing; create it with -Dstreamcert.updateGolden=true", file).exists();
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      throw new AssertionError("output differs from golden file " + file
          + " (if the change is deliberate, rerun with -Dstreamcert.updateGolden=true and review the diff)\n" + diff(expected, actual));
    }
  }

  /** A line diff of the first differences, enough to see what changed. */
  static String diff(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    int max = Math.max(a.size(), b.size());
    for (int i = 0; i < max && shown < 20; i++) {
      String x = i < a.size() ? a.get(i) : null;
      String y = i < b.size() ? b.get(i) : null;
      if (x != null && x.equals(y)) continue;
      sb.append("line ").append(i + 1).append(":\n");
      if (x != null) sb.append("  - ").append(x).append('\n');
      if (y != null) sb.append("  + ").append(y).append('\n');
      shown++;
    }
    if (a.size() != b.size()) sb.append("(expected ").append(a.size()).append(" lines, got ").append(b.size()).append(")\n");
    return sb.toString();
  }
}
