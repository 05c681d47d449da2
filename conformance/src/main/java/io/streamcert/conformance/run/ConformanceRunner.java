package io.streamcert.conformance.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.TargetExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the streamcert conformance checks against one server through the JUnit Platform Launcher,
 * concurrently, each check bounded by a timeout so that a hanging server fails the check instead
 * of the run.
 */
public final class ConformanceRunner {

  /** The package every check class lives in. */
  public static final String CHECKS_PACKAGE = "io.streamcert.conformance.checks";

  private final URI target;
  private final Set<Feature> features;
  private final Duration checkTimeout;
  private final Duration longPollTimeout;
  private final Duration sseReconnectInterval;
  private final Duration readTimeout;
  private final int parallelism;
  private final List<Class<?>> onlyClasses;
  private final Set<String> onlyRequirements;
  private final Consumer<CheckResult> progress;

  private ConformanceRunner(Builder b) {
    this.target = Objects.requireNonNull(b.target, "target");
    this.features = Set.copyOf(b.features);
    this.checkTimeout = b.checkTimeout;
    this.longPollTimeout = b.longPollTimeout;
    this.sseReconnectInterval = b.sseReconnectInterval;
    this.readTimeout = b.readTimeout;
    this.parallelism = b.parallelism;
    this.onlyClasses = List.copyOf(b.onlyClasses);
    this.onlyRequirements = Set.copyOf(b.onlyRequirements);
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs every applicable check and returns the report; never throws for a failing target. */
  public ConformanceReport run() {
    Instant started = Instant.now();
    List<DiscoverySelector> selectors = new ArrayList<>();
    if (onlyClasses.isEmpty()) selectors.add(selectPackage(CHECKS_PACKAGE));
    else onlyClasses.forEach(c -> selectors.add(selectClass(c)));
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameter(TargetExtension.RunSettings.TARGET_URL, target.toString())
        .configurationParameter(TargetExtension.RunSettings.FEATURES, Feature.labels(features))
        .configurationParameter(TargetExtension.RunSettings.RUN_ID, Long.toString(System.currentTimeMillis(), 36))
        .configurationParameter(TargetExtension.RunSettings.LONG_POLL_TIMEOUT_MS, Long.toString(longPollTimeout.toMillis()))
        .configurationParameter(TargetExtension.RunSettings.SSE_RECONNECT_MS, Long.toString(sseReconnectInterval.toMillis()))
        .configurationParameter(TargetExtension.RunSettings.READ_TIMEOUT_MS, Long.toString(readTimeout.toMillis()))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallelism > 1))
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(parallelism))
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", Integer.toString(parallelism))
        .configurationParameter("junit.jupiter.execution.parallel.config.executor-service", "FORK_JOIN_POOL")
        .configurationParameter("junit.jupiter.execution.timeout.mode", "enabled")
        .configurationParameter("junit.jupiter.execution.timeout.default", checkTimeout.toMillis() + " ms")
        .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
        .configurationParameter(TargetExtension.RunSettings.ONLY_REQUIREMENTS, String.join(",", onlyRequirements))
        .build();
    ResultCollector collector = new ResultCollector(progress);
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, collector);
    return new ConformanceReport(target, features, started, Duration.between(started, Instant.now()), collector.results());
  }

  /** Collects settings; defaults: every feature but subscriptions, 30 s per check, 8 checks at once. */
  public static final class Builder {
    private URI target;
    private Set<Feature> features = Feature.defaults();
    private Duration checkTimeout = Duration.ofSeconds(30);
    private Duration longPollTimeout = Duration.ofSeconds(30);
    private Duration sseReconnectInterval = Duration.ofSeconds(60);
    private Duration readTimeout = Duration.ofSeconds(10);
    private int parallelism = 8;
    private final List<Class<?>> onlyClasses = new ArrayList<>();
    private final Set<String> onlyRequirements = new java.util.TreeSet<>();
    private Consumer<CheckResult> progress = r -> {};

    public Builder target(URI origin) { this.target = origin; return this; }
    public Builder features(Set<Feature> f) { this.features = f; return this; }
    public Builder checkTimeout(Duration d) { this.checkTimeout = d; return this; }
    /** The target's long-poll timeout (or an upper bound); checks that wait it out allow this long. */
    public Builder longPollTimeout(Duration d) { this.longPollTimeout = d; return this; }
    /** How often the target ends SSE connections (or an upper bound); the reconnect check waits this long. */
    public Builder sseReconnectInterval(Duration d) { this.sseReconnectInterval = d; return this; }
    /** How long one request may wait for its response (raised to the long-poll timeout plus 5 s). */
    public Builder readTimeout(Duration d) { this.readTimeout = d; return this; }
    public Builder parallelism(int n) { this.parallelism = Math.max(1, n); return this; }
    /** Restricts the run to these check classes (tests and focused runs). */
    public Builder only(Class<?>... classes) { this.onlyClasses.addAll(List.of(classes)); return this; }

    /** Restricts the run to checks citing at least one of these requirement ids (the others are skipped as filtered). */
    public Builder onlyRequirements(String... ids) { this.onlyRequirements.addAll(List.of(ids)); return this; }

    /** Restricts the run to check classes named in a comma-separated list ({@code CreateChecks,SseChecks}). */
    public Builder only(String simpleNames) {
      if (simpleNames == null || simpleNames.isBlank()) return this;
      for (String n : simpleNames.split(",")) {
        String name = n.trim();
        try {
          onlyClasses.add(Class.forName(CHECKS_PACKAGE + "." + name));
        } catch (ClassNotFoundException e) {
          throw new IllegalArgumentException("no check class " + name + " in " + CHECKS_PACKAGE, e);
        }
      }
      return this;
    }
    public Builder progress(Consumer<CheckResult> p) { this.progress = p; return this; }

    public ConformanceRunner build() {
      return new ConformanceRunner(this);
    }
  }
}
