package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.AspectResult;
import io.streamcert.reports.scorecard.Assessment;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.LevelResult;
import io.streamcert.reports.scorecard.Numbers;
import io.streamcert.reports.scorecard.Readiness;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.Status;
import java.util.List;

/**
 * Writes {@code summary.md} for pull-request comments and CI step summaries: the verdict, the
 * level, the aspect table, the levels, the failed checks and the regressions. Long lists are cut
 * (the full list is in {@code index.html}) so the summary stays under comment size limits.
 */
final class MarkdownFormat implements ReportFormat {

  /** How many failed checks and regressions are listed before the rest is summed up. */
  static final int LISTED = 50;

  @Override
  public String fileName() {
    return "summary.md";
  }

  @Override
  public String render(Scorecard card) {
    Assessment a = card.assessment();
    StringBuilder md = new StringBuilder();
    boolean passed = a.verdict() == GateResult.PASSED;
    md.append("## ").append(passed ? "✅" : "❌").append(" streamcert: gate ").append(a.verdict().label())
        .append(" · reached ").append(esc(Text.level(card))).append("\n\n");
    md.append("**Target:** ").append(esc(Text.target(card.target()))).append(" at ").append(esc(card.target().url().toString()))
        .append("  \n");
    md.append("**Level:** ").append(esc(Text.level(card))).append(" (the gate requires ").append(esc(a.requiredLevel())).append(")")
        .append(" · **Score:** ").append(Text.score(card)).append(" · **Checks:** ").append(Text.totals(card)).append("\n\n");
    for (String reason : a.reasons()) md.append("- ").append(esc(reason)).append('\n');
    md.append('\n');

    md.append("| Aspect | Status | Passed | Failed | Inconclusive | Skipped | Why |\n");
    md.append("|---|---|---:|---:|---:|---:|---|\n");
    for (AspectResult r : a.aspects()) {
      md.append("| ").append(r.aspect().title()).append(" | ").append(icon(r.readiness())).append(' ').append(r.readiness().title())
          .append(" | ").append(r.passed()).append(" | ").append(r.failed()).append(" | ").append(r.inconclusive())
          .append(" | ").append(r.skipped()).append(" | ").append(esc(r.reason())).append(" |\n");
    }
    md.append('\n');

    md.append("### Levels\n\n| Level | Held | Passed | Blocking |\n|---|---|---:|---|\n");
    for (LevelResult l : a.levels()) {
      String blocking = l.blocking().isEmpty() ? "" : l.blocking().size() + " check" + (l.blocking().size() == 1 ? "" : "s");
      if (!l.missing().isEmpty()) blocking += (blocking.isEmpty() ? "" : "; ") + "no evidence for " + String.join(", ", l.missing());
      md.append("| ").append(esc(l.name())).append(" | ").append(l.held() ? "✅ yes" : "❌ no").append(" | ").append(l.passed())
          .append('/').append(l.required()).append(" | ").append(esc(blocking)).append(" |\n");
    }
    md.append('\n');

    List<Check> failed = card.checks().stream().filter(c -> c.status() == Status.FAIL).toList();
    if (!failed.isEmpty()) {
      md.append("### Failed checks (").append(failed.size()).append(")\n\n");
      md.append("| Check | Risk | Value | Requirements | Message |\n|---|---|---|---|---|\n");
      for (Check c : failed.subList(0, Math.min(LISTED, failed.size()))) {
        md.append("| **").append(esc(c.id())).append("** ").append(esc(c.title())).append(" | ").append(c.risk().label())
            .append(" | ").append(esc(Text.value(c))).append(" | ").append(esc(String.join(", ", c.requirements())))
            .append(" | ").append(esc(Text.firstLine(c.message(), 160))).append(" |\n");
      }
      if (failed.size() > LISTED) md.append("\n…and ").append(failed.size() - LISTED).append(" more failed checks: see index.html.\n");
      md.append('\n');
    }

    if (a.baseline() != null) {
      md.append("### Regressions against ").append(esc(a.baseline())).append(" (").append(a.regressions().size()).append(")\n\n");
      if (a.regressions().isEmpty()) {
        md.append("None.\n\n");
      } else {
        md.append("| Check | Kind | Before | After | Change |\n|---|---|---|---|---|\n");
        for (Regression r : a.regressions().subList(0, Math.min(LISTED, a.regressions().size()))) {
          String change = r.kind() == Regression.Kind.STATUS ? "" : (r.changePercent() == null ? "from 0" : "+" + Numbers.fixed(r.changePercent(), 1) + "%")
              + " (tolerance " + Numbers.fixed(r.tolerancePercent(), 1) + "%)";
          md.append("| **").append(esc(r.check())).append("** ").append(esc(r.title())).append(" | ").append(r.kind().label())
              .append(" | ").append(esc(r.before())).append(" | ").append(esc(r.after())).append(" | ").append(change).append(" |\n");
        }
        if (a.regressions().size() > LISTED) md.append("\n…and ").append(a.regressions().size() - LISTED).append(" more: see index.html.\n");
        md.append('\n');
      }
    }
    md.append("<sub>streamcert ").append(esc(card.run().harness().version())).append(" · policy ").append(esc(a.policy()))
        .append(" · ").append(card.run().started()).append(" · full report: index.html</sub>\n");
    return md.toString();
  }

  private static String icon(Readiness r) {
    return switch (r) {
      case READY -> "🟢";
      case PROTOTYPE -> "🟡";
      case NOT_READY -> "🔴";
      case NOT_RUN -> "⚪";
    };
  }

  /**
   * Escapes untrusted text for a Markdown table cell: HTML is neutralised, Markdown syntax and pipes
   * are backslash-escaped, @mentions cannot ping, and line breaks become spaces.
   */
  static String esc(String text) {
    if (text == null) return "";
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '@' -> sb.append("&#64;");
        case '\n', '\r', '\t' -> sb.append(' ');
        case '\\', '`', '*', '_', '[', ']', '|', '~' -> sb.append('\\').append(c);
        default -> sb.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return sb.toString();
  }
}
