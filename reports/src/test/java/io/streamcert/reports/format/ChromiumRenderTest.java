package io.streamcert.reports.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.Scorecard;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code index.html} in headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/run}), takes a screenshot into {@code target/screenshots/}, and checks that the verdict
 * and the charts are visible. Skipped, with a message saying how to install it, where
 * {@code /usr/bin/chromium} is absent.
 */
class ChromiumRenderTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Generous bound so a wedged browser fails the test instead of hanging the build; not a timing assertion. */
  private static final long BROWSER_BOUND_SECONDS = 180;

  private static Path out;

  @BeforeAll
  static void requireChromium() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "headless Chromium test skipped: /usr/bin/chromium is absent; install it with 'apt-get install -y chromium' (.ci/run does)");
    out = Path.of(System.getProperty("basedir", ".")).resolve("target/screenshots");
    Files.createDirectories(out);
  }

  @Test
  void passedScorecardShowsItsVerdictAndCharts(@TempDir Path tmp) throws Exception {
    Scorecard card = Policy.defaults().assess(Samples.run());
    Layout layout = render(card, "scorecard-passed", tmp);
    assertThat(layout.dom).contains("Gate passed").contains("Conformant").contains("Readiness by aspect");
    assertThat(layout.verdictText).contains("Gate passed");
    assertThat(layout.verdict.visible()).as("verdict banner box %s", layout.verdict).isTrue();
    assertThat(layout.verdict.y).as("the verdict is at the top of the page").isLessThan(300);
    assertThat(layout.charts).as("charts drawn: conformance by area, latency, throughput, chaos timeline").hasSize(4);
    for (Box chart : layout.charts) assertThat(chart.visible()).as("chart box %s", chart).isTrue();
    assertThat(layout.shapes).as("rendered SVG shapes with a non-empty box").isGreaterThan(50);
    // The screenshot shows the green banner where the layout says the verdict is.
    BufferedImage png = ImageIO.read(layout.screenshot.toFile());
    assertThat(png.getWidth()).isEqualTo(1280);
    int rgb = png.getRGB(layout.verdict.x + 8, layout.verdict.y + 8);
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    assertThat(g).as("banner pixel rgb(%d,%d,%d) is green", r, g, b).isGreaterThan(r + 40).isGreaterThan(b + 20);
  }

  @Test
  void failedScorecardShowsARedVerdict(@TempDir Path tmp) throws Exception {
    Scorecard card = Policy.parse("name: requires Reliable\ngate: { require-level: Reliable }\n", "mutant.yaml").assess(Samples.run());
    Layout layout = render(card, "scorecard-failed", tmp);
    assertThat(layout.verdictText).contains("Gate failed");
    assertThat(layout.verdict.visible()).isTrue();
    BufferedImage png = ImageIO.read(layout.screenshot.toFile());
    int rgb = png.getRGB(layout.verdict.x + 8, layout.verdict.y + 8);
    assertThat((rgb >> 16) & 0xff).as("banner is red").isGreaterThan(((rgb >> 8) & 0xff) + 60);
  }

  /**
   * Writes the run folder, screenshots its index.html, and measures it: a copy of the page (the
   * original forbids scripts) gets a script that writes the boxes of the verdict and the charts
   * into the DOM, which {@code --dump-dom} then prints.
   */
  private static Layout render(Scorecard card, String name, Path tmp) throws Exception {
    Path folder = out.resolve(name);
    ReportFormats.writeAll(card, folder);
    Path index = folder.resolve("index.html");
    Path png = out.resolve(name + ".png");
    Files.deleteIfExists(png);
    chromium(tmp.resolve("profile-shot"), "--screenshot=" + png, index.toUri().toString());
    assertThat(png).as("chromium wrote the screenshot").exists();

    String probe = """
        <pre id="layout"></pre><script>
        (function () {
          function box(e) { var r = e.getBoundingClientRect(); return Math.round(r.x) + ',' + Math.round(r.y) + ','
              + Math.round(r.width) + ',' + Math.round(r.height); }
          var v = document.getElementById('verdict');
          var lines = ['verdict=' + box(v), 'verdictText=' + v.querySelector('.verdict').innerText];
          document.querySelectorAll('figure svg.chart').forEach(function (s) { lines.push('chart=' + box(s)); });
          var shapes = 0;
          document.querySelectorAll('svg.chart rect, svg.chart polyline, svg.chart circle').forEach(function (s) {
            var r = s.getBoundingClientRect(); if (r.width > 0 && r.height > 0) shapes++; });
          lines.push('shapes=' + shapes);
          document.getElementById('layout').textContent = lines.join('\\n');
        })();
        </script>""";
    String html = Files.readString(index, StandardCharsets.UTF_8)
        .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
        .replace("</body>", probe + "</body>");
    Path probed = tmp.resolve("probed.html");
    Files.writeString(probed, html, StandardCharsets.UTF_8);
    String dom = chromium(tmp.resolve("profile-dom"), "--dump-dom", probed.toUri().toString());
    return Layout.parse(dom, png);
  }

  private static String chromium(Path profile, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,2000"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    if (!p.waitFor(BROWSER_BOUND_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within " + BROWSER_BOUND_SECONDS + " s: " + command);
    }
    assertThat(p.exitValue()).as("chromium exit code; its stderr:\n%s", Files.readString(log)).isZero();
    return new String(stdout, StandardCharsets.UTF_8);
  }

  record Box(int x, int y, int width, int height) {
    boolean visible() {
      return width > 0 && height > 0 && x >= 0 && x + width <= 1280;
    }

    static Box parse(String text) {
      String[] p = text.split(",");
      return new Box(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }
  }

  record Layout(String dom, Box verdict, String verdictText, List<Box> charts, int shapes, Path screenshot) {
    static Layout parse(String dom, Path screenshot) {
      Matcher m = Pattern.compile("<pre id=\"layout\">([^<]*)</pre>").matcher(dom);
      assertThat(m.find()).as("the layout probe ran; dumped DOM:\n%s", dom.length() > 2000 ? dom.substring(0, 2000) : dom).isTrue();
      Box verdict = null;
      String verdictText = "";
      List<Box> charts = new ArrayList<>();
      int shapes = 0;
      for (String line : m.group(1).split("\n")) {
        String[] kv = line.split("=", 2);
        switch (kv[0]) {
          case "verdict" -> verdict = Box.parse(kv[1]);
          case "verdictText" -> verdictText = kv[1];
          case "chart" -> charts.add(Box.parse(kv[1]));
          case "shapes" -> shapes = Integer.parseInt(kv[1]);
          default -> { }
        }
      }
      return new Layout(dom, verdict, verdictText, charts, shapes, screenshot);
    }
  }
}
