package io.streamcert.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Gatling's numbers back. Gatling 3.10 and later write no machine-readable statistics, so
 * this reads its two human outputs: the statistics table of the HTML report ({@code index.html})
 * and the assertion lines of the console.
 */
final class ReportParser {

  /** The key of the root row (all requests). */
  static final String ALL = "(all requests)";

  private static final Pattern REPORT_LINE =
      Pattern.compile("Reports generated.*?(file:\\S+index\\.html)");
  // "<description> : true (actual : 1.0)" or "... : false (actual : 20.0)"
  private static final Pattern ASSERTION = Pattern.compile("^(.+?) : (true|false) \\(actual : (.*)\\)\\s*$");
  private static final Pattern ROW = Pattern.compile("<tr\\b[^>]*\\bid=\"([^\"]*)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("<span[^>]*class=\"[^\"]*ellipsed-name[^\"]*\"[^>]*>(.*?)</span>", Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<td[^>]*class=\"value (?:total|ok|ko) col-(\\d+)\"[^>]*>(.*?)</td>", Pattern.DOTALL);

  private ReportParser() {}

  /** The report's index.html: from the console's "Reports generated" line, else the newest run folder. */
  static Path reportIndex(List<String> console, Path resultsFolder) throws IOException {
    for (int i = console.size() - 1; i >= 0; i--) {
      Matcher m = REPORT_LINE.matcher(console.get(i));
      if (m.find()) {
        try {
          return Path.of(java.net.URI.create(m.group(1)));
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    if (!Files.isDirectory(resultsFolder)) return null;
    try (Stream<Path> runs = Files.list(resultsFolder)) {
      return runs.map(d -> d.resolve("index.html")).filter(Files::isRegularFile)
          .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
    }
  }

  /** The assertion outcomes Gatling printed, in order. */
  static List<GatlingResult.AssertionOutcome> assertions(List<String> console) {
    List<GatlingResult.AssertionOutcome> out = new ArrayList<>();
    for (String line : console) {
      Matcher m = ASSERTION.matcher(line.strip());
      if (m.matches()) out.add(new GatlingResult.AssertionOutcome(m.group(1).strip(), m.group(2).equals("true"), m.group(3).strip()));
    }
    return out;
  }

  /**
   * The statistics table's rows by request (or group) name, and the root row under {@link #ALL}.
   * Columns: 2 requests, 3 OK, 4 KO, 5 KO %, 6 mean requests/s, 7..12 min, p50, p75, p95, p99,
   * max, 13 mean, 14 standard deviation (milliseconds).
   */
  static Map<String, GatlingResult.Stats> rows(String html) {
    Map<String, GatlingResult.Stats> out = new LinkedHashMap<>();
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      String id = row.group(1);
      String content = row.group(2);
      Map<Integer, String> cells = new LinkedHashMap<>();
      Matcher c = CELL.matcher(content);
      while (c.find()) cells.put(Integer.parseInt(c.group(1)), strip(c.group(2)));
      if (cells.size() < 13) continue;
      String name;
      if (id.equals("ROOT")) {
        name = ALL;
      } else {
        Matcher n = NAME.matcher(content);
        name = n.find() ? unescape(strip(n.group(1))) : id;
      }
      try {
        out.putIfAbsent(name, new GatlingResult.Stats(
            whole(cells.get(2)), whole(cells.get(3)), whole(cells.get(4)), decimal(cells.get(5)), decimal(cells.get(6)),
            whole(cells.get(7)), whole(cells.get(8)), whole(cells.get(9)), whole(cells.get(10)), whole(cells.get(11)),
            whole(cells.get(12)), whole(cells.get(13)), cells.containsKey(14) ? whole(cells.get(14)) : 0));
      } catch (NumberFormatException e) {
        // A row that is not a statistics row.
      }
    }
    return out;
  }

  private static String strip(String html) {
    return html.replaceAll("<[^>]*>", "").replace("&nbsp;", " ").strip();
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
  }

  private static long whole(String s) {
    if (s == null) throw new NumberFormatException("missing cell");
    String t = s.replace(",", "").replace(" ", "");
    if (t.equals("-")) return 0;
    return Math.round(Double.parseDouble(t));
  }

  private static double decimal(String s) {
    if (s == null) throw new NumberFormatException("missing cell");
    String t = s.replace(",", "").replace(" ", "").replace("%", "");
    if (t.equals("-")) return 0;
    return Double.parseDouble(t);
  }
}
