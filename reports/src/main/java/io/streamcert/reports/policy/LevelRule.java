package io.streamcert.reports.policy;

import java.util.List;

/**
 * One rung of the level ladder: the checks it requires on top of the rungs below.
 *
 * @param requires every check these select must pass, and each must select at least one check that
 *     ran (or only checks that do not apply), for the level to hold
 */
public record LevelRule(String name, String description, List<Selector> requires) {

  public LevelRule {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a level needs a name");
    requires = List.copyOf(requires);
  }
}
