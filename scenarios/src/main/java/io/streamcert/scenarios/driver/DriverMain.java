package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the driver from the command line until the CLI's {@code load} command takes over:
 *
 * <pre>
 * DriverMain (--target URL | --no-op) --workload NAME|FILE [--rate N] [--duration 30s]
 *            [--warmup 10s] [--max-in-flight N] [--io-threads N] [--out DIR]
 *            [--sweep [--p99 10ms] [--max-rate N] [--max-steps N]] [--self-check] [--precise-timing]
 * </pre>
 *
 * Exit status: 0 when the run completed (whatever it measured), 2 for bad arguments or a target
 * that could not be prepared.
 */
public final class DriverMain {

  private DriverMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Args a;
    try {
      a = Args.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("driver: " + e.getMessage());
      err.println("usage: DriverMain (--target URL | --no-op) --workload NAME|FILE [--rate N] [--duration 30s]"
          + " [--warmup 10s] [--max-in-flight N] [--io-threads N] [--out DIR] [--sweep [--p99 10ms]"
          + " [--max-rate N] [--max-steps N]] [--self-check] [--precise-timing]");
      err.println("built-in workloads: " + String.join(", ", Workloads.BUILT_IN));
      return 2;
    }
    try {
      Workload w = Workloads.resolve(a.workload);
      Workload.Builder b = w.toBuilder();
      if (a.rate != null) b.rate(a.rate);
      if (a.duration != null) b.duration(a.duration);
      if (a.warmup != null) b.warmup(a.warmup);
      if (a.maxInFlight != null) b.maxInFlight(a.maxInFlight);
      w = b.build();
      Driver.Builder db = Driver.builder().progress(err::println);
      if (a.ioThreads != null) db.ioThreads(a.ioThreads);
      db.preciseTiming(a.precise);
      Driver driver = db.build();
      if (a.sweep) {
        RateSweep.Plan plan = RateSweep.Plan.startingAt(w.rate())
            .withObjective(RateSweep.Objective.of(a.p99 == null ? Duration.ofMillis(10) : a.p99, 0.95, 0.001));
        if (a.maxRate != null) plan = plan.withMaxRate(a.maxRate);
        if (a.maxSteps != null) plan = plan.withMaxSteps(a.maxSteps);
        Workload sweepWorkload = w;
        RateSweep.Plan sweepPlan = plan;
        RateSweep.Result r = withTarget(a, target -> RateSweep.run(driver, target, sweepWorkload, sweepPlan, a.out));
        for (RateSweep.Point p : r.curve()) {
          out.printf(Locale.ROOT, "%9d/s  achieved %10.1f/s  p50 %s  p99 %s  p99.9 %s  max %s  %s%n", p.requestedRate(),
              p.achievedRate(), Units.millis(p.p50()), Units.millis(p.p99()), Units.millis(p.p999()),
              Units.millis(p.max()), p.pass() ? "pass" : "miss: " + p.reason());
        }
        out.println("max sustainable rate: " + r.maxSustainableRate() + "/s (" + String.join("; ", r.notes()) + ")");
        return 0;
      }
      Workload run = w;
      RunResult r = withTarget(a, target -> driver.execute(target, run, a.out == null ? null : a.out.resolve("run")));
      out.println(Summary.line(r));
      for (String n : r.notes()) out.println("  note: " + n);
      if (a.selfCheck) {
        SelfCheck.Result c = SelfCheck.run(driver, w, a.noOp ? null : r, a.out == null ? null : a.out.resolve("self-check"));
        out.println("self-check: " + (c.driverBound() ? "DRIVER-BOUND" : "ok"));
        for (String f : c.findings()) out.println("  " + f);
      }
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("driver: " + e.getMessage());
      return 2;
    }
  }

  private interface TargetRun<T> {
    T apply(URI target) throws IOException;
  }

  private static <T> T withTarget(Args a, TargetRun<T> body) throws IOException {
    if (!a.noOp) return body.apply(a.target);
    try (NoOpServer server = NoOpServer.start()) {
      return body.apply(server.baseUri());
    }
  }

  /** Parsed arguments; every problem is reported at once. */
  private static final class Args {
    URI target;
    boolean noOp;
    String workload;
    Long rate;
    Duration duration;
    Duration warmup;
    Integer maxInFlight;
    Integer ioThreads;
    Path out;
    boolean sweep;
    Duration p99;
    Long maxRate;
    Integer maxSteps;
    boolean selfCheck;
    boolean precise;

    static Args parse(String[] args) {
      Args a = new Args();
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String opt = args[i];
        if (opt.equals("--no-op")) { a.noOp = true; continue; }
        if (opt.equals("--sweep")) { a.sweep = true; continue; }
        if (opt.equals("--self-check")) { a.selfCheck = true; continue; }
        if (opt.equals("--precise-timing")) { a.precise = true; continue; }
        if (i + 1 >= args.length) {
          problems.add(opt + " needs a value");
          break;
        }
        String v = args[++i];
        try {
          switch (opt) {
            case "--target" -> a.target = URI.create(v);
            case "--workload" -> a.workload = v;
            case "--rate" -> a.rate = Long.parseLong(v);
            case "--duration" -> a.duration = Units.duration(v);
            case "--warmup" -> a.warmup = Units.duration(v);
            case "--max-in-flight" -> a.maxInFlight = Integer.parseInt(v);
            case "--io-threads" -> a.ioThreads = Integer.parseInt(v);
            case "--out" -> a.out = Path.of(v);
            case "--p99" -> a.p99 = Units.duration(v);
            case "--max-rate" -> a.maxRate = Long.parseLong(v);
            case "--max-steps" -> a.maxSteps = Integer.parseInt(v);
            default -> problems.add("unknown option " + opt);
          }
        } catch (IllegalArgumentException e) {
          problems.add(opt + " was '" + v + "': " + (e instanceof NumberFormatException ? "not a whole number" : e.getMessage()));
        }
      }
      if (a.target == null && !a.noOp) problems.add("--target URL (or --no-op) is required");
      if (a.target != null && a.noOp) problems.add("--target and --no-op exclude each other");
      if (a.workload == null) problems.add("--workload NAME|FILE is required");
      if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
      return a;
    }
  }
}
