package io.streamcert.cli;

import io.streamcert.chaos.scenario.Dependencies;
import io.streamcert.chaos.scenario.Scenario;
import io.streamcert.chaos.scenario.ScenarioResult;
import io.streamcert.chaos.scenario.ScenarioRunner;
import io.streamcert.chaos.scenario.ScenarioSetupException;
import io.streamcert.chaos.scenario.Scenarios;
import io.streamcert.fixtures.InvalidDescriptorException;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import io.streamcert.fixtures.TargetLaunchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs one chaos scenario against a server launched as its own process: a seeded schedule of
 * faults while writers and readers record a history, then the final heal, recovery, drain and
 * final reads, and the Jepsen-style checker. Exit 0 when the checker finds nothing and the target
 * recovered, 1 when it found anomalies (listed) or the target did not come back, 2 for usage and
 * environment errors.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
      "Runs a chaos scenario (seeded faults, a recorded history, a Jepsen-style check) against a launched server.",
      "Without --target-descriptor it launches the reference server as its own process: file storage, or tiered (S3 and"
          + " PostgreSQL started too) for the S3 and PostgreSQL scenarios."
    })
final class ChaosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--scenario", paramLabel = "NAME", required = true,
      description = "The scenario: crash-restart, pause, sigterm-restart, network-partition, slow-network, and (on tiered"
          + " storage) s3-throttling, s3-partition, s3-corruption, pg-failover, pg-failover-async, pg-partition.")
  String scenarioName;

  @Option(names = "--target-descriptor", paramLabel = "FILE", description = "A YAML file saying how to launch the server (see README).")
  Path descriptorFile;

  @Option(names = "--reference-storage", paramLabel = "KIND",
      description = "Storage of the built-in reference server: memory, file or tiered (S3 + PostgreSQL, both started by"
          + " streamcert: S3Proxy behind a SlowDown gateway, PostgreSQL primary + synchronous replica). Default: tiered"
          + " for the S3 and PostgreSQL scenarios, file for the others.")
  String referenceStorage;

  @Option(names = "--s3-slowdown", paramLabel = "SPEC",
      description = "s3-throttling: when the gateway answers SlowDown during each fault, like rate=1 (every request, the"
          + " default), rate=0.3,ops=writes, or bucket=0.001 (AWS's 3,500 writes and 5,500 reads/s per prefix, scaled).")
  String s3Slowdown;

  @Option(names = "--quick", description = "The quick schedule: 3 short faults, at most about a minute.")
  boolean quick;

  @Option(names = "--seed", paramLabel = "N", description = "The schedule's seed, to reproduce a run. Default: random, printed.")
  Long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder. Default: streamcert-out/<time>-chaos-<scenario>.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = new ArrayList<>();
    Scenario scenario = Scenarios.find(scenarioName).orElse(null);
    if (scenario == null) {
      problems.add("--scenario was '" + scenarioName + "' but must be one of: " + Scenarios.names());
    }
    if (descriptorFile != null && referenceStorage != null) {
      problems.add("--target-descriptor and --reference-storage exclude each other; pick one");
    }
    boolean onDependencies = scenario != null && scenario.needsDependencies();
    // A scenario that faults S3 or PostgreSQL needs them: the built-in server then defaults to tiered storage.
    String storage = referenceStorage != null ? referenceStorage.trim().toLowerCase(Locale.ROOT)
        : onDependencies ? "tiered" : "file";
    if (!storage.equals("memory") && !storage.equals("file") && !storage.equals("tiered")) {
      problems.add("--reference-storage was '" + referenceStorage + "' but must be memory, file or tiered");
    } else if (onDependencies && descriptorFile == null && !storage.equals("tiered")) {
      problems.add("--scenario " + scenario.name() + " faults S3 and PostgreSQL, which the reference server uses only with"
          + " tiered storage, but --reference-storage was '" + referenceStorage + "'; use --reference-storage tiered"
          + " (the default for this scenario) or a --target-descriptor with requires: [postgres, s3]");
    }
    io.streamcert.infra.s3.ThrottleRule rule = null;
    if (s3Slowdown != null) {
      try {
        rule = SlowdownSpec.parse(s3Slowdown);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) throw new ParameterException(spec.commandLine(), String.join("\n", problems));

    TargetDescriptor descriptor;
    try {
      descriptor = descriptorFile != null ? TargetDescriptor.load(descriptorFile)
          : storage.equals("tiered") ? TieredReference.descriptor(true, true) : CertifyCommand.referenceDescriptor(storage);
    } catch (InvalidDescriptorException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot read --target-descriptor " + descriptorFile + ": " + e.getMessage());
      return 2;
    }
    long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    Path runDir = outDir != null ? outDir : Path.of("streamcert-out",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-chaos-" + scenario.name());
    try {
      Files.createDirectories(runDir);
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": cannot create the run folder " + runDir + ": " + e.getMessage());
      return 2;
    }
    TieredReference tiered = null;
    if (!descriptor.requires().isEmpty()) {
      // The descriptor asks for services (requires: [postgres, s3]): start them and fill its placeholders.
      out.println("streamcert chaos: starting S3 and PostgreSQL for " + descriptor.name() + " ...");
      out.flush();
      try {
        tiered = TieredReference.start(scenario.name());
      } catch (IOException | RuntimeException e) {
        err.println(spec.qualifiedName() + ": cannot start the services of tiered storage: " + e.getMessage());
        return 2;
      }
      if (rule != null) tiered.s3().throttleRule(rule);
      out.println("  " + tiered.describe());
    }
    out.println("streamcert chaos: launching " + descriptor.name() + " ...");
    out.flush();
    ScenarioResult result;
    try (TieredReference services = tiered) {
      LaunchedTarget.Builder builder = LaunchedTarget.builder(descriptor).runDir(runDir.resolve("target"));
      if (services != null) services.provide(builder);
      try (LaunchedTarget target = builder.start()) {
        out.println("  ready at " + target.baseUri() + " (pid " + target.pid() + ", log " + target.logFile() + ")");
        out.flush();
        result = run(scenario, target, s, quick, runDir, out,
            services == null ? Dependencies.none() : services.dependencies());
      }
      if (services != null && descriptorFile == null && scenario == Scenarios.S3_THROTTLING) {
        // The overhead compares the built-in server with its protection on and off; a vendor's has no such switch.
        result = withOverhead(result, services, runDir, quick, out);
      }
    } catch (TargetLaunchException e) {
      err.println(spec.qualifiedName() + ": the target never became ready: " + e.getMessage());
      return 2;
    } catch (ScenarioSetupException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } catch (UnsupportedOperationException e) {
      err.println(spec.qualifiedName() + ": the " + scenario.name() + " scenario cannot run here: " + e.getMessage());
      return 2;
    }
    out.println();
    out.print(result.summary());
    out.println();
    out.println("wrote " + runDir.resolve(ScenarioRunner.HISTORY));
    out.println("wrote " + runDir.resolve(ScenarioRunner.CHECKER));
    out.println("wrote " + runDir.resolve(ScenarioRunner.AVAILABILITY));
    out.println("wrote " + runDir.resolve(ScenarioRunner.TIMELINE));
    out.flush();
    return result.passed() ? 0 : 1;
  }

  /** Runs one scenario against a launched target; shared with certify. */
  static ScenarioResult run(Scenario scenario, LaunchedTarget target, long seed, boolean quick, Path runDir,
      PrintWriter out) throws IOException, InterruptedException {
    return run(scenario, target, seed, quick, runDir, out, Dependencies.none());
  }

  /** Runs one scenario whose nemesis may act on the target's {@code dependencies}. */
  static ScenarioResult run(Scenario scenario, LaunchedTarget target, long seed, boolean quick, Path runDir,
      PrintWriter out, Dependencies dependencies) throws IOException, InterruptedException {
    return new ScenarioRunner(scenario, seed, quick, out, dependencies).run(target, runDir);
  }

  /**
   * Adds the protection-overhead figures to an s3-throttling result: the server launched with
   * protection on and off, each measured with the same append load in normal conditions.
   */
  static ScenarioResult withOverhead(ScenarioResult r, TieredReference services, Path runDir, boolean quick,
      PrintWriter out) throws InterruptedException {
    out.println("  measuring the protection overhead (protection on, then off; normal conditions) ...");
    out.flush();
    java.util.Map<String, Double> figures = new java.util.LinkedHashMap<>(r.figures());
    List<String> warnings = new ArrayList<>(r.warnings());
    try {
      ProtectionOverhead o = ProtectionOverhead.measure(services, runDir,
          java.time.Duration.ofSeconds(quick ? 6 : 15), out);
      figures.put("overhead.on-appends-per-s", o.onPerSecond());
      figures.put("overhead.off-appends-per-s", o.offPerSecond());
      figures.put("overhead.percent", o.percent());
      out.println("  " + o.describe());
    } catch (IOException e) {
      warnings.add("the protection overhead could not be measured: " + e.getMessage());
    }
    return new ScenarioResult(r.scenario(), r.seed(), r.schedule(), r.runDir(), r.history(), r.checker(),
        r.availability(), r.problems(), warnings, r.elapsedMillis(), figures);
  }
}
