package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Status;
import java.util.List;

/** The HTML tables of checks: the failed ones first, then every check by category. */
final class ChecksTable {

  private ChecksTable() {}

  static void failed(StringBuilder h, List<Check> checks) {
    List<Check> failed = checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    h.append("<section id=\"failed\">\n<h2>Failed checks <span class=\"count\">(").append(failed.size()).append(")</span></h2>\n");
    if (failed.isEmpty()) {
      h.append("<p class=\"empty\">No check failed.</p>\n</section>\n");
      return;
    }
    table(h, failed, true);
    h.append("</section>\n");
  }

  static void all(StringBuilder h, List<Check> checks) {
    h.append("<section id=\"checks\">\n<h2>All checks <span class=\"count\">(").append(checks.size()).append(")</span></h2>\n");
    if (checks.isEmpty()) h.append("<p class=\"empty\">This run has no checks.</p>\n");
    for (Category category : Category.values()) {
      List<Check> in = checks.stream().filter(c -> c.category() == category).toList();
      if (in.isEmpty()) continue;
      long failed = in.stream().filter(c -> c.status() == Status.FAIL).count();
      long passed = in.stream().filter(c -> c.status() == Status.PASS).count();
      h.append("<details class=\"category\"").append(failed > 0 || in.size() <= 50 ? " open" : "").append(">\n<summary>")
          .append(Html.escape(category.label())).append(" <span class=\"muted\">· ").append(passed).append(" passed, ")
          .append(failed).append(" failed of ").append(in.size()).append("</span></summary>\n");
      table(h, in, false);
      h.append("</details>\n");
    }
    h.append("</section>\n");
  }

  private static void table(StringBuilder h, List<Check> checks, boolean withCategory) {
    h.append("<table class=\"checks\">\n<thead><tr><th>Check</th>").append(withCategory ? "<th>Category</th>" : "<th>Area</th>")
        .append("<th>Risk</th><th>Status</th><th class=\"num\">Score</th><th>Value</th><th>Requirements</th><th>Evidence and message</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Check c : checks) {
      h.append("<tr id=\"").append(withCategory ? "failed-" : "check-").append(Html.escape(Html.href(c.id()))).append("\">")
          .append("<td><span class=\"id\">").append(Html.escape(c.id())).append("</span><br>").append(Html.escape(c.title())).append("</td>")
          .append(withCategory ? "<td class=\"nowrap\">" : "<td>")
          .append(Html.escape(withCategory ? c.category().label() : c.area() == null ? "" : c.area())).append("</td>")
          .append("<td class=\"nowrap\"><span class=\"risk ").append(c.risk().label()).append("\">").append(Html.escape(c.risk().label()))
          .append("</span></td><td class=\"nowrap\"><span class=\"pill ").append(c.status().label()).append("\">").append(Html.escape(c.status().label()))
          .append("</span></td><td class=\"num nowrap\">").append(Html.escape(Text.score(c))).append("</td>")
          .append("<td class=\"value\">").append(Html.escape(Text.value(c))).append("</td>")
          .append("<td class=\"reqs\">").append(Html.escape(String.join(", ", c.requirements()))).append("</td><td>");
      if (!c.evidence().isEmpty()) {
        h.append("<div class=\"evidence\">");
        for (String e : c.evidence()) {
          h.append("<a href=\"").append(Html.escape(Html.href(e))).append("\">").append(Html.escape(e)).append("</a>");
        }
        h.append("</div>");
      }
      message(h, c.message());
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void message(StringBuilder h, String message) {
    if (message == null || message.isBlank()) return;
    String first = Text.firstLine(message, 200);
    h.append(Html.escape(first));
    if (!first.equals(message.strip())) {
      h.append("<details><summary>full message</summary><pre>").append(Html.escape(message)).append("</pre></details>");
    }
  }
}
