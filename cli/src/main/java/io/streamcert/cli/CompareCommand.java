package io.streamcert.cli;

import io.streamcert.reports.policy.InvalidPolicyException;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.GateResult;
import io.streamcert.reports.scorecard.Regression;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.ScorecardJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the regressions of one scorecard against another and fails when the policy says so. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Compares two scorecards: checks that passed and now fail, numeric results worse beyond the policy's tolerance.")
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASE.json", description = "The earlier scorecard.")
  Path base;

  @Parameters(index = "1", paramLabel = "NEW.json", description = "The later scorecard.")
  Path now;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML with the tolerance. Default: the shipped policy.")
  Path policyFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Policy policy;
    Scorecard a;
    Scorecard b;
    try {
      policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
      a = ScorecardJson.read(base);
      b = ScorecardJson.read(now);
    } catch (InvalidPolicyException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
    List<Regression> regressions = io.streamcert.reports.policy.Baselines.compare(a, b, policy);
    if (regressions.isEmpty()) {
      out.println("no regressions: " + b.checks().size() + " checks compared with " + base);
    } else {
      out.println(regressions.size() + " regression(s) against " + base + ":");
      regressions.forEach(r -> out.println("  " + r.describe()));
    }
    GateResult gate = policy.gate(regressions);
    out.println("gate: " + gate.label());
    out.flush();
    return gate.exitCode();
  }
}
