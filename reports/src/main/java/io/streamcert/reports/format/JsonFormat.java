package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.ScorecardJson;

/** Writes {@code scorecard.json} through {@link ScorecardJson}, which also reads it back. */
final class JsonFormat implements ReportFormat {

  @Override
  public String fileName() {
    return "scorecard.json";
  }

  @Override
  public String render(Scorecard card) {
    return ScorecardJson.write(card);
  }
}
