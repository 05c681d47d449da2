package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Scorecard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report formats of a run folder, and a way to write them all. */
public final class ReportFormats {

  private ReportFormats() {}

  /** {@code scorecard.json}: the versioned, machine-readable scorecard (see {@code scorecard.schema.json}). */
  public static ReportFormat json() {
    return new JsonFormat();
  }

  /** {@code index.html}: one self-contained page with the verdict, aspects, charts and every check. */
  public static ReportFormat html() {
    return new HtmlFormat();
  }

  /** {@code summary.md}: for pull-request comments and CI step summaries. */
  public static ReportFormat markdown() {
    return new MarkdownFormat();
  }

  /** {@code junit.xml}: one testcase per check, for CI test reporters. */
  public static ReportFormat junit() {
    return new JunitFormat();
  }

  /** {@code badge.svg}: a shields-style badge with the level reached, coloured by the verdict. */
  public static ReportFormat badge() {
    return new BadgeFormat();
  }

  /** Every format, in the order above. */
  public static List<ReportFormat> all() {
    return List.of(json(), html(), markdown(), junit(), badge());
  }

  /** Writes every format into {@code runFolder}, creating it; returns the files written. */
  public static List<Path> writeAll(Scorecard card, Path runFolder) throws IOException {
    List<Path> out = new ArrayList<>();
    for (ReportFormat f : all()) out.add(f.write(card, runFolder));
    return out;
  }
}
