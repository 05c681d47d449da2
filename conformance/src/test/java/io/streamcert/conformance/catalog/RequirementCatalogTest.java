package io.streamcert.conformance.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.run.ConformanceRunner;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Traceability between the requirement catalog and the checks, in both directions. */
class RequirementCatalogTest {

  /** Features whose checks belong to a later issue; their requirements are reported, not failed. None today. */
  private static final Set<Feature> PENDING = Set.of();

  private static RequirementCatalog catalog;
  private static final Map<String, List<String>> checksByRequirement = new HashMap<>();
  private static final List<Check> checks = new ArrayList<>();

  @BeforeAll
  static void discover() {
    catalog = RequirementCatalog.load();
    TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage(ConformanceRunner.CHECKS_PACKAGE))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
        .build());
    Set<Method> seen = new LinkedHashSet<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        if (id.getSource().orElse(null) instanceof MethodSource ms && seen.add(ms.getJavaMethod())) {
          Check c = ms.getJavaMethod().getAnnotation(Check.class);
          if (c == null) continue;
          checks.add(c);
          for (String r : c.requirements()) checksByRequirement.computeIfAbsent(r, k -> new ArrayList<>()).add(c.id());
        }
      }
    }
  }

  @Test
  void catalogLoadsWithUniqueValidEntries() {
    assertThat(catalog.size()).isGreaterThan(100);
    assertThat(catalog.all()).allSatisfy(r -> assertThat(r.summary()).isNotBlank());
  }

  @Test
  void everyTestableRequirementHasACheck() {
    List<String> missing = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      if (!r.testable() || checksByRequirement.containsKey(r.id())) continue;
      (PENDING.contains(r.feature()) ? pending : missing).add(r.id() + " (" + r.level().label() + ", " + r.feature().label() + "): " + r.summary());
    }
    if (!pending.isEmpty()) {
      System.out.println(pending.size() + " requirements of features whose checks come with a later issue ("
          + PENDING.stream().map(Feature::label).toList() + ") have no check yet");
    }
    assertThat(missing).as("requirements with no check and no 'untestable' reason").isEmpty();
  }

  @Test
  void everyCheckCitesRequirementsThatExistWithItsFeature() {
    List<String> problems = new ArrayList<>();
    for (Check c : checks) {
      if (c.requirements().length == 0) problems.add(c.id() + " cites no requirement");
      for (String id : c.requirements()) {
        var r = catalog.get(id);
        if (r.isEmpty()) problems.add(c.id() + " cites unknown requirement " + id);
        else if (!r.get().testable()) problems.add(c.id() + " cites " + id + ", which the catalog marks untestable");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void checkIdsAreUnique() {
    Set<String> ids = new TreeSet<>();
    List<String> dupes = new ArrayList<>();
    for (Check c : checks) if (!ids.add(c.id())) dupes.add(c.id());
    assertThat(dupes).isEmpty();
  }

  @Test
  void aCatalogWithABadEntryIsRejectedNamingTheEntryAndField() {
    String yaml = "- id: DS-5.1-01\n  level: MUSTY\n  feature: core\n  summary: x\n- id: nope\n";
    assertThatThrownBy(() -> RequirementCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("entry 1 (DS-5.1-01): level was 'MUSTY'")
        .hasMessageContaining("entry 2 (nope): id must look like DS-5.2-07");
  }
}
