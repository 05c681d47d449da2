package io.streamcert.reports.format;

import io.streamcert.reports.scorecard.Scorecard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of a run folder rendered from a {@link Scorecard}: {@code scorecard.json},
 * {@code index.html}, {@code summary.md}, {@code junit.xml} or {@code badge.svg}. Get them from
 * {@link ReportFormats}. Rendering is deterministic: the same scorecard gives the same bytes in
 * every locale and time zone, which golden-file tests rely on.
 */
public interface ReportFormat {

  /** The file's name inside the run folder, such as {@code scorecard.json}. */
  String fileName();

  /** Renders the whole file as text (UTF-8 when written). */
  String render(Scorecard card);

  /** Writes the file into {@code runFolder}, creating the folder, and returns the file's path. */
  default Path write(Scorecard card, Path runFolder) throws IOException {
    Files.createDirectories(runFolder);
    Path file = runFolder.resolve(fileName());
    Files.writeString(file, render(card), StandardCharsets.UTF_8);
    return file;
  }
}
