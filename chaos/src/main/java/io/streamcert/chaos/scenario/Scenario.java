package io.streamcert.chaos.scenario;

import io.streamcert.fixtures.LaunchedTarget;
import java.io.IOException;
import java.util.Objects;

/**
 * A named chaos scenario: which nemesis injects its faults. The schedule, workload and checks are
 * the same for every scenario.
 *
 * @param name the name given to {@code --scenario}, such as {@code crash-restart}
 * @param description one line for listings
 * @param nemesis makes the scenario's nemesis for a launched target
 */
public record Scenario(String name, String description, NemesisFactory nemesis) {

  /** Makes a scenario's nemesis for one run. */
  @FunctionalInterface
  public interface NemesisFactory {
    Nemesis create(LaunchedTarget target) throws IOException;

    /** Makes the nemesis with the run's dependencies at hand; by default they are not needed. */
    default Nemesis create(LaunchedTarget target, Dependencies dependencies) throws IOException {
      return create(target);
    }
  }

  /**
   * Makes the nemesis of a scenario that acts on the target's dependencies (its S3 store, its
   * database) rather than on the target itself.
   */
  @FunctionalInterface
  public interface DependencyNemesisFactory extends NemesisFactory {
    @Override
    Nemesis create(LaunchedTarget target, Dependencies dependencies) throws IOException;

    @Override
    default Nemesis create(LaunchedTarget target) throws IOException {
      return create(target, Dependencies.none());
    }
  }

  /** Whether the scenario's faults act on the target's dependencies (S3, PostgreSQL), which must be at hand. */
  public boolean needsDependencies() {
    return nemesis instanceof DependencyNemesisFactory;
  }

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(nemesis, "nemesis");
  }
}
