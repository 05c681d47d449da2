package io.streamcert.reports.scorecard;

import java.util.List;

/**
 * Whether one rung of the level ladder holds.
 *
 * @param held true only when every check this level and the levels below it require passed
 * @param required how many applicable checks this level itself requires
 * @param passed how many of those passed
 * @param blocking ids of this level's required checks that failed, were inconclusive or did not run
 * @param missing this level's requirements that no check ran for, such as {@code category resilience}
 */
public record LevelResult(
    String name, String description, boolean held, int required, int passed, List<String> blocking, List<String> missing) {

  public LevelResult {
    Values.text(name, "level name");
    Values.optionalText(description, "description of level " + name);
    if (required < 0 || passed < 0 || passed > required) {
      throw new IllegalArgumentException("level " + name + " counts " + passed + " passed of " + required + " required");
    }
    blocking = Values.list(blocking, "blocking checks of level " + name);
    missing = Values.list(missing, "missing evidence of level " + name);
  }
}
