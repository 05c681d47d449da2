package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Aspect;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Run;
import io.streamcert.reports.scorecard.Scorecard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that turn a {@link Run} into a {@link Scorecard}: risk weights, numeric thresholds, the
 * level ladder, how aspects are judged, regression tolerance and what the gate requires.
 *
 * <p>Policies are YAML; {@code default-policy.yaml} ships with this module and documents every field.
 * Loading validates the whole file and reports every problem at once ({@link InvalidPolicyException}).
 */
public final class Policy {

  /** Where the default policy ships on the class path. */
  public static final String DEFAULT_RESOURCE = "/io/streamcert/reports/default-policy.yaml";

  private final String name;
  private final Map<Risk, Double> weights;
  private final List<LevelRule> levels;
  private final Map<Aspect, AspectRule> aspects;
  private final Map<String, Threshold> thresholds;
  private final PerformancePlan performance;
  private final double tolerancePercent;
  private final boolean regressionsFailGate;
  private final String requiredLevel;

  Policy(String name, Map<Risk, Double> weights, List<LevelRule> levels, Map<Aspect, AspectRule> aspects,
      Map<String, Threshold> thresholds, PerformancePlan performance, double tolerancePercent, boolean regressionsFailGate,
      String requiredLevel) {
    this.name = name;
    this.weights = new EnumMap<>(weights);
    this.levels = List.copyOf(levels);
    this.aspects = new EnumMap<>(aspects);
    this.thresholds = new LinkedHashMap<>(thresholds);
    this.performance = performance;
    this.tolerancePercent = tolerancePercent;
    this.regressionsFailGate = regressionsFailGate;
    this.requiredLevel = requiredLevel;
  }

  /** The documented default policy shipped as {@code default-policy.yaml}. */
  public static Policy defaults() {
    try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-policy.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * Loads a policy file (the CLI's {@code --policy FILE}).
   *
   * @throws InvalidPolicyException listing every problem, each with its field path and fix
   * @throws IOException when the file cannot be read
   */
  public static Policy load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses policy YAML.
   *
   * @param source names the text in error messages, such as its file path
   * @throws InvalidPolicyException listing every problem, each with its field path and fix
   */
  public static Policy parse(String yaml, String source) {
    return PolicyParser.parse(yaml, source);
  }

  /** Judges a run without a baseline. */
  public Scorecard assess(Run run) {
    return new Assessor(this).assess(run, null);
  }

  /**
   * Judges a run: applies thresholds, scores, climbs the level ladder, computes the aspects, lists
   * regressions against the baseline (when given) and decides the gate.
   *
   * @param baseline an earlier scorecard of the same checks; null for none
   */
  public Scorecard assess(Run run, Scorecard baseline) {
    return new Assessor(this).assess(run, baseline);
  }

  /** The gate's verdict on regressions alone, as {@code streamcert compare} decides it. */
  public GateResult gate(List<Regression> regressions) {
    return regressionsFailGate && !regressions.isEmpty() ? GateResult.FAILED : GateResult.PASSED;
  }

  /**
   * Returns a copy whose gate requires another level (the CLI's {@code --require-level}).
   *
   * @throws InvalidPolicyException naming the level and the ladder's levels when it is not on the ladder
   */
  public Policy requiringLevel(String level) {
    if (levels.stream().noneMatch(l -> l.name().equals(level))) {
      throw new InvalidPolicyException(name, List.of("gate.require-level: unknown level '" + level + "'; use one of "
          + String.join(", ", levels.stream().map(LevelRule::name).toList())));
    }
    return new Policy(name, weights, levels, aspects, thresholds, performance, tolerancePercent, regressionsFailGate, level);
  }

  public String name() {
    return name;
  }

  /** The weight of a check of this risk in the aggregate score. */
  public double weight(Risk risk) {
    return weights.get(risk);
  }

  /** The ladder from the lowest level up. */
  public List<LevelRule> levels() {
    return levels;
  }

  public AspectRule aspect(Aspect aspect) {
    return aspects.get(aspect);
  }

  public Optional<Threshold> threshold(String checkId) {
    return Optional.ofNullable(thresholds.get(checkId));
  }

  /** How certify measures performance (the {@code performance} section). */
  public PerformancePlan performance() {
    return performance;
  }

  /** The regression tolerance for one check: its threshold's, or the policy's default. */
  public double tolerancePercent(String checkId) {
    Threshold t = thresholds.get(checkId);
    return t != null && t.tolerancePercent() != null ? t.tolerancePercent() : tolerancePercent;
  }

  public boolean regressionsFailGate() {
    return regressionsFailGate;
  }

  /** The level the gate requires. */
  public String requiredLevel() {
    return requiredLevel;
  }
}
