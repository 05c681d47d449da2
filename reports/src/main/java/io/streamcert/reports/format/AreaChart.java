package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Status;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws checks by area as 100% stacked horizontal bars, one per area, coloured by status, with
 * "passed/total" at the end of each bar: the conformance-by-area chart.
 */
final class AreaChart {

  private static final int WIDTH = 1080;
  private static final int LABEL = 230;
  private static final int BAR = 640;
  private static final int ROW = 22;
  private static final int TOP = 34;
  private static final int MAX_LABEL = 30;

  private AreaChart() {}

  /** Returns the chart, or null when there are no checks. */
  static String render(String title, List<Check> checks) {
    if (checks.isEmpty()) return null;
    Map<String, Map<Status, Integer>> byArea = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Check c : checks) {
      String area = c.area() == null ? "(no area)" : c.area();
      byArea.computeIfAbsent(area, a -> new EnumMap<>(Status.class)).merge(c.status(), 1, Integer::sum);
    }
    int height = TOP + byArea.size() * ROW + 8;
    Svg svg = new Svg(WIDTH, height, title);
    double lx = LABEL;
    for (Status s : Status.values()) {
      svg.rect(lx, 8, 12, 12, Palette.of(s), "rx=\"2\"");
      svg.text(lx + 17, 18.5, s.label(), "start", Palette.MUTED, "font-size=\"12\"");
      lx += 26 + s.label().length() * 7;
    }
    int row = 0;
    for (Map.Entry<String, Map<Status, Integer>> e : byArea.entrySet()) {
      double y = TOP + row * ROW;
      String area = e.getKey();
      String shown = area.length() > MAX_LABEL ? area.substring(0, MAX_LABEL - 1) + "…" : area;
      svg.text(LABEL - 8, y + 13, shown, "end", Palette.INK, "font-size=\"12\"");
      int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      double x = LABEL;
      for (Status s : Status.values()) {
        int n = e.getValue().getOrDefault(s, 0);
        if (n == 0) continue;
        double w = (double) BAR * n / total;
        svg.rect(x, y + 2, w, 14, Palette.of(s), null, area + ": " + n + " " + s.label());
        x += w;
      }
      int passed = e.getValue().getOrDefault(Status.PASS, 0);
      int failed = e.getValue().getOrDefault(Status.FAIL, 0);
      int applicable = total - e.getValue().getOrDefault(Status.NOT_APPLICABLE, 0);
      String counts = applicable == 0 ? "not applicable" : passed + "/" + applicable + " passed" + (failed > 0 ? ", " + failed + " failed" : "");
      svg.text(LABEL + BAR + 10, y + 13, counts, "start", failed > 0 ? Palette.FAIL : Palette.MUTED, "font-size=\"12\"");
      row++;
    }
    return svg.end();
  }
}
