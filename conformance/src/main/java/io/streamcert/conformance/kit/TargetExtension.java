package io.streamcert.conformance.kit;

import io.streamcert.fixtures.Feature;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each check a fresh {@link Target} built from the run's configuration parameters, reports a
 * check of an undeclared feature as not-applicable, and attaches every exchange of a failed check
 * to its result as evidence.
 */
public final class TargetExtension implements ParameterResolver, ExecutionCondition, AfterTestExecutionCallback {

  /** Reason prefix that runners turn into the not-applicable status. */
  public static final String NOT_APPLICABLE = "not-applicable: ";

  /** Report-entry key prefix under which failed checks publish their exchanges. */
  public static final String EVIDENCE_KEY = "streamcert.exchange.";

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TargetExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    if (method.isEmpty()) return ConditionEvaluationResult.enabled("class level");
    Check check = method.get().getAnnotation(Check.class);
    if (check == null) return ConditionEvaluationResult.enabled("not a check");
    Set<String> only = RunSettings.onlyRequirements(context);
    if (!only.isEmpty() && java.util.Arrays.stream(check.requirements()).noneMatch(only::contains)) {
      return ConditionEvaluationResult.disabled("filtered: the run is limited to requirements " + only);
    }
    Set<Feature> features = RunSettings.features(context);
    List<Feature> needed = new java.util.ArrayList<>(List.of(check.also()));
    needed.add(0, check.feature());
    for (Feature f : needed) {
      if (!features.contains(f)) {
        return ConditionEvaluationResult.disabled(NOT_APPLICABLE + "the target does not declare the '" + f.label() + "' feature");
      }
    }
    return ConditionEvaluationResult.enabled("feature declared");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Target.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    URI origin = RunSettings.target(context)
        .orElseThrow(() -> new ParameterResolutionException(
            "no target: set the configuration parameter " + RunSettings.TARGET_URL + " to the server's origin"));
    Target t = new Target(origin, RunSettings.features(context), RunSettings.runId(context), RunSettings.readTimeout(context),
        RunSettings.longPollTimeout(context), RunSettings.sseReconnectInterval(context));
    context.getStore(NS).put("target", t);
    return t;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) return;
    Target t = context.getStore(NS).get("target", Target.class);
    if (t == null) return;
    List<Exchange> journal = t.journal();
    // The last exchanges carry the failing one; earlier ones are setup.
    int from = Math.max(0, journal.size() - 5);
    for (int i = from; i < journal.size(); i++) {
      context.publishReportEntry(EVIDENCE_KEY + i, journal.get(i).toString());
    }
  }

  /** Reads the run's configuration parameters; defaults live here. */
  public static final class RunSettings {
    public static final String TARGET_URL = "streamcert.target.url";
    public static final String FEATURES = "streamcert.target.features";
    public static final String RUN_ID = "streamcert.run.id";
    public static final String READ_TIMEOUT_MS = "streamcert.read.timeout.ms";
    public static final String LONG_POLL_TIMEOUT_MS = "streamcert.target.long-poll-timeout.ms";
    public static final String SSE_RECONNECT_MS = "streamcert.target.sse-reconnect-interval.ms";
    public static final String ONLY_REQUIREMENTS = "streamcert.only.requirements";

    private RunSettings() {}

    static Optional<URI> target(ExtensionContext c) {
      return c.getConfigurationParameter(TARGET_URL).map(URI::create);
    }

    static Set<Feature> features(ExtensionContext c) {
      return c.getConfigurationParameter(FEATURES).map(Feature::parseList).orElse(Feature.defaults());
    }

    static Set<String> onlyRequirements(ExtensionContext c) {
      return c.getConfigurationParameter(ONLY_REQUIREMENTS)
          .filter(v -> !v.isBlank())
          .map(v -> Set.of(v.split(",")))
          .orElse(Set.of());
    }

    static String runId(ExtensionContext c) {
      return c.getConfigurationParameter(RUN_ID).orElse(Long.toString(System.currentTimeMillis(), 36));
    }

    /** The target's long-poll timeout as declared for the run (default 30 s). */
    public static Duration longPollTimeout(ExtensionContext c) {
      return Duration.ofMillis(c.getConfigurationParameter(LONG_POLL_TIMEOUT_MS).map(Long::parseLong).orElse(30_000L));
    }

    /** How often the target is expected to end SSE connections (default 60 s, PROTOCOL.md §5.8). */
    public static Duration sseReconnectInterval(ExtensionContext c) {
      return Duration.ofMillis(c.getConfigurationParameter(SSE_RECONNECT_MS).map(Long::parseLong).orElse(60_000L));
    }

    static Duration readTimeout(ExtensionContext c) {
      long longPoll = c.getConfigurationParameter(LONG_POLL_TIMEOUT_MS).map(Long::parseLong).orElse(30_000L);
      long read = c.getConfigurationParameter(READ_TIMEOUT_MS).map(Long::parseLong).orElse(10_000L);
      // A long-poll that waits out the server's timeout must still get its 204 within the read timeout.
      return Duration.ofMillis(Math.max(read, longPoll + Math.min(5_000, read)));
    }
  }
}
