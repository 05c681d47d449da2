package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a workload against an in-process {@link NoOpServer} to tell whether the driver, not the
 * target, limits a measurement. Against an endpoint that does nothing, whatever rate the driver
 * cannot reach and whatever latency it shows are the driver's own (plus loopback networking).
 *
 * <p>The driver is judged the bottleneck when, against the no-op endpoint, it achieves less than
 * 95% of the requested rate, or when its p99 there is at least half the target's p99 (the target's
 * tail would then be inside the driver's noise). Fan-out workloads are checked on their writer
 * (appends of the same size, rate and concurrency): the no-op endpoint has no streams to read.
 * Catch-up workloads cannot be checked (there is no data to read).
 */
public final class SelfCheck {

  public static final String SCHEMA = "streamcert.driver.self-check/1";
  static final double MIN_ACHIEVED_RATIO = 0.95;
  static final double MAX_P99_RATIO = 0.5;

  private SelfCheck() {}

  /**
   * The verdict.
   *
   * @param driverBound whether the driver, not the target, limits the measurement
   * @param findings each reason, or what was checked when all is well
   * @param noOpAchievedRate what the driver achieved against the no-op endpoint, ops/s
   * @param noOpP99 the driver's p99 against the no-op endpoint, ns
   * @param targetP99 the target's p99 of the same metric, ns (0 when no target run was given)
   * @param noOp the whole no-op run (null when the workload cannot be checked)
   */
  public record Result(
      String schema,
      String workload,
      boolean driverBound,
      List<String> findings,
      long requestedRate,
      double noOpAchievedRate,
      long noOpP99,
      long targetP99,
      RunResult noOp) {

    public Result {
      findings = List.copyOf(findings);
    }
  }

  /** Runs the self-check with a default driver; see {@link #run(Driver, Workload, RunResult, Path)}. */
  public static Result run(Workload workload, RunResult target, Path out) throws IOException {
    return run(Driver.create(), workload, target, out);
  }

  /**
   * Runs {@code workload} against a fresh no-op endpoint and judges the driver.
   *
   * @param target the same workload's run against the real target, to compare tails; may be null
   * @param out folder for {@code self-check.json} and the no-op run's files; may be null
   */
  public static Result run(Driver driver, Workload workload, RunResult target, Path out) throws IOException {
    if (workload.type() == WorkloadType.CATCH_UP) {
      Result r = new Result(SCHEMA, workload.name(), false,
          List.of("not applicable: the no-op endpoint holds no data for catch-up reads to measure"),
          workload.rate(), 0, 0, target == null ? 0 : target.primary().latency().p99(), null);
      write(r, out);
      return r;
    }
    Workload probe = writerOf(workload);
    RunResult noOp;
    try (NoOpServer server = NoOpServer.start()) {
      noOp = driver.execute(server.baseUri(), probe, out == null ? null : out.resolve("no-op"));
    }
    Result r = judge(workload, noOp, target);
    write(r, out);
    return r;
  }

  /** The workload as the no-op endpoint can serve it: fan-out becomes its writer's appends. */
  static Workload writerOf(Workload w) {
    if (!w.type().isFanout()) return w;
    return Workload.builder(w.name(), WorkloadType.APPEND)
        .description("writer of " + w.name())
        .rate(w.rate())
        .duration(w.duration())
        .warmup(w.warmup())
        .maxInFlight(w.maxInFlight())
        .timeout(w.timeout())
        .contentType(w.contentType())
        .streams(w.streams())
        .payloadSize(w.payloadSize())
        .build();
  }

  /** Compares a no-op run with the target's run of the same workload. */
  static Result judge(Workload w, RunResult noOp, RunResult target) {
    List<String> findings = new ArrayList<>();
    boolean bound = false;
    double achieved = noOp.achievedRate();
    if (achieved < MIN_ACHIEVED_RATIO * noOp.requestedRate()) {
      bound = true;
      findings.add(String.format(Locale.ROOT,
          "driver-bound: against a no-op endpoint the driver achieved %.1f of %d ops/s requested; it cannot"
              + " generate this rate on this machine (lower the rate, add io threads, or move the driver)",
          achieved, noOp.requestedRate()));
    }
    if (noOp.errors() > 0) {
      findings.add(noOp.errors() + " operations failed against the no-op endpoint: " + noOp.primary().errorKinds());
    }
    long noOpP99 = noOp.primary().latency().p99();
    long sendLag = noOp.primary().sendLag().p99();
    if (sendLag > 1_000_000) {
      findings.add("the driver's scheduler ran late against the no-op endpoint (send-lag p99 " + Units.millis(sendLag)
          + "); latencies still count from the intended time, but the machine is short of CPU for the driver");
    }
    long targetP99 = 0;
    if (target != null) {
      RunResult.Metric tm = target.metrics().get(noOp.primaryMetric());
      if (tm == null) tm = target.metrics().values().iterator().next();
      targetP99 = tm.latency().p99();
      if (targetP99 > 0 && noOpP99 >= MAX_P99_RATIO * targetP99) {
        bound = true;
        findings.add(String.format(Locale.ROOT,
            "driver-bound: the driver's own p99 (%s against a no-op endpoint) is %.0f%% of the target's (%s); the"
                + " target's tail is within the driver's noise",
            Units.millis(noOpP99), 100.0 * noOpP99 / targetP99, Units.millis(targetP99)));
      }
      if (!bound && target.achievedRate() < MIN_ACHIEVED_RATIO * target.requestedRate()) {
        findings.add(String.format(Locale.ROOT,
            "target-bound: the driver reached %.1f ops/s against the no-op endpoint but the target only %.1f",
            achieved, target.achievedRate()));
      }
    }
    if (findings.isEmpty() || !bound) {
      findings.add(0, String.format(Locale.ROOT,
          "driver ok: %.1f of %d ops/s against a no-op endpoint, p99 %s%s", achieved, noOp.requestedRate(),
          Units.millis(noOpP99), target == null ? "" : String.format(Locale.ROOT, " (%.0f%% of the target's %s)",
              targetP99 == 0 ? 0 : 100.0 * noOpP99 / targetP99, Units.millis(targetP99))));
    }
    if (w.type().isFanout()) {
      findings.add("fan-out workload: the writer's appends were checked; readers need a real stream server");
    }
    return new Result(SCHEMA, w.name(), bound, findings, noOp.requestedRate(), achieved, noOpP99, targetP99, noOp);
  }

  private static void write(Result r, Path out) throws IOException {
    if (out == null) return;
    Files.createDirectories(out);
    RunResult.JSON.writeValue(out.resolve("self-check.json").toFile(), r);
  }
}
