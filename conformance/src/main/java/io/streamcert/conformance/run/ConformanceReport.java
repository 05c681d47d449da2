package io.streamcert.conformance.run;

import io.streamcert.conformance.catalog.Level;
import io.streamcert.conformance.catalog.Requirement;
import io.streamcert.conformance.catalog.RequirementCatalog;
import io.streamcert.fixtures.Feature;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Everything one conformance run found: the checks' results and the summaries derived from them. */
public record ConformanceReport(URI target, Set<Feature> features, Instant started, Duration duration, List<CheckResult> checks) {

  public ConformanceReport {
    checks = checks.stream().sorted(Comparator.comparing(CheckResult::area).thenComparing(CheckResult::id)).toList();
  }

  public long count(CheckStatus status) {
    return checks.stream().filter(c -> c.status() == status).count();
  }

  public List<CheckResult> failures() {
    return checks.stream().filter(c -> c.status() == CheckStatus.FAIL).toList();
  }

  /** Pass, fail, skip and not-applicable counts per area, areas in name order. */
  public Map<String, Map<CheckStatus, Long>> byArea() {
    Map<String, Map<CheckStatus, Long>> out = new TreeMap<>();
    for (CheckResult c : checks) {
      out.computeIfAbsent(c.area(), a -> new EnumMap<>(CheckStatus.class)).merge(c.status(), 1L, Long::sum);
    }
    return out;
  }

  /** The strongest level among a check's requirements; MAY when none is in the catalog. */
  public static Level levelOf(CheckResult c, RequirementCatalog catalog) {
    Level best = Level.MAY;
    for (String id : c.requirements()) {
      Level l = catalog.get(id).map(Requirement::level).orElse(Level.MAY);
      if (l.ordinal() < best.ordinal()) best = l;
    }
    return best;
  }

  /** Pass, fail, skip and not-applicable counts per level group (MUST, SHOULD, MAY). */
  public Map<String, Map<CheckStatus, Long>> byLevel(RequirementCatalog catalog) {
    Map<String, Map<CheckStatus, Long>> out = new TreeMap<>(Comparator.comparing(List.of("MUST", "SHOULD", "MAY")::indexOf));
    for (CheckResult c : checks) {
      out.computeIfAbsent(levelOf(c, catalog).group(), a -> new EnumMap<>(CheckStatus.class)).merge(c.status(), 1L, Long::sum);
    }
    return out;
  }

  /** Tells whether any check covering a MUST or MUST NOT failed: the exit-code rule of {@code conform}. */
  public boolean mandatoryFailure(RequirementCatalog catalog) {
    return failures().stream().anyMatch(c -> levelOf(c, catalog).mandatory());
  }

  /**
   * Requirement coverage per level group: of the catalog's testable requirements (of declared
   * features), how many have at least one check that ran in this report.
   */
  public Map<String, Coverage> coverage(RequirementCatalog catalog) {
    Set<String> covered = new HashSet<>();
    for (CheckResult c : checks) {
      if (c.status() == CheckStatus.PASS || c.status() == CheckStatus.FAIL) covered.addAll(c.requirements());
    }
    Map<String, Coverage> out = new TreeMap<>(Comparator.comparing(List.of("MUST", "SHOULD", "MAY")::indexOf));
    for (Requirement r : catalog.all()) {
      if (!r.testable() || !features.contains(r.feature())) continue;
      Coverage prev = out.getOrDefault(r.level().group(), new Coverage(0, 0, List.of()));
      boolean hit = covered.contains(r.id());
      List<String> missing = new ArrayList<>(prev.uncovered());
      if (!hit) missing.add(r.id());
      out.put(r.level().group(), new Coverage(prev.total() + 1, prev.covered() + (hit ? 1 : 0), missing));
    }
    return out;
  }

  /** How many of a group's requirements a run exercised. */
  public record Coverage(int total, int covered, List<String> uncovered) {
    public double percent() {
      return total == 0 ? 100.0 : 100.0 * covered / total;
    }
  }
}
