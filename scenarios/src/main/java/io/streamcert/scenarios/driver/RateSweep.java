package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the highest rate a target sustains under a latency objective, and the latency-versus-
 * throughput curve on the way: runs the workload at its rate, doubles the rate while the objective
 * holds, then bisects between the last rate that passed and the first that failed until they are
 * within the plan's precision. Every step is a full {@link Driver} run (warm-up, window) on fresh
 * streams. A miss is confirmed before it counts: the same rate runs again, up to the plan's
 * {@code retries}, and the rate counts as sustained if any of its runs met the objective (a burst of
 * load from elsewhere on a shared machine would otherwise cap the result far below the limit). Every
 * run, passed or missed, is a point of the curve.
 *
 * <p>Files written to the output folder: {@code sweep.json} (the {@link Result}), {@code curve.csv},
 * and each step's run under {@code steps/<nn>-<rate>/}.
 */
public final class RateSweep {

  public static final String SCHEMA = "streamcert.driver.sweep/1";

  private RateSweep() {}

  /**
   * What a step must meet to count as sustained: primary-metric p99 at most {@code p99Nanos},
   * achieved rate at least {@code minAchievedRatio} of the requested, and error rate below {@code
   * maxErrorRate}.
   */
  public record Objective(long p99Nanos, double minAchievedRatio, double maxErrorRate) {

    public Objective {
      if (p99Nanos < 1) throw new IllegalArgumentException("p99 objective was " + p99Nanos + "ns but must be positive");
      if (!(minAchievedRatio > 0 && minAchievedRatio <= 1)) {
        throw new IllegalArgumentException("minAchievedRatio was " + minAchievedRatio + " but must be in (0, 1]");
      }
      if (!(maxErrorRate >= 0 && maxErrorRate < 1)) {
        throw new IllegalArgumentException("maxErrorRate was " + maxErrorRate + " but must be in [0, 1)");
      }
    }

    /** p99 at most 10 ms, at least 95% of the requested rate achieved, fewer than 0.1% errors. */
    public static Objective defaults() {
      return of(Duration.ofMillis(10), 0.95, 0.001);
    }

    public static Objective of(Duration p99, double minAchievedRatio, double maxErrorRate) {
      return new Objective(p99.toNanos(), minAchievedRatio, maxErrorRate);
    }

    /** Returns null when {@code r} meets the objective, otherwise why not. */
    public String miss(RunResult r) {
      List<String> why = new ArrayList<>();
      long p99 = r.primary().latency().p99();
      if (r.primary().latency().count() == 0) why.add("no successful " + r.primaryMetric());
      else if (p99 > p99Nanos) why.add("p99 " + Units.millis(p99) + " > " + Units.millis(p99Nanos));
      if (r.achievedRate() < minAchievedRatio * r.requestedRate()) {
        why.add(String.format(Locale.ROOT, "achieved %.1f/s < %.0f%% of %d/s", r.achievedRate(),
            minAchievedRatio * 100, r.requestedRate()));
      }
      if (r.errorRate() >= maxErrorRate && r.errors() > 0) {
        why.add(String.format(Locale.ROOT, "error rate %.3f%% >= %.3f%%", r.errorRate() * 100, maxErrorRate * 100));
      }
      double deliveryErrors = deliveryErrorRate(r);
      if (deliveryErrors >= maxErrorRate && deliveryErrors > 0) {
        why.add(String.format(Locale.ROOT, "%s error rate %.3f%% >= %.3f%%", r.primaryMetric(),
            deliveryErrors * 100, maxErrorRate * 100));
      }
      return why.isEmpty() ? null : String.join("; ", why);
    }

    private static double deliveryErrorRate(RunResult r) {
      RunResult.Metric m = r.primary();
      if (r.primaryMetric().equals(r.metrics().keySet().iterator().next())) return 0; // counted above
      long all = m.ok() + m.errors();
      return all == 0 ? 0 : (double) m.errors() / all;
    }
  }

  /**
   * How to search.
   *
   * @param startRate the first rate tried (ops/s)
   * @param maxRate the highest rate tried
   * @param precision stop when the failing rate is within this fraction above the passing one
   * @param maxSteps the most rates tried (the runs confirming a miss come on top)
   * @param pause idle time between runs, so one step's backlog does not spill into the next
   * @param objective what a step must meet
   * @param retries how many times a missed rate runs again before the miss counts (0: never)
   */
  public record Plan(long startRate, long maxRate, double precision, int maxSteps, Duration pause, Objective objective,
      int retries) {

    public Plan {
      Objects.requireNonNull(pause, "pause");
      Objects.requireNonNull(objective, "objective");
      List<String> p = new ArrayList<>();
      if (startRate < 1) p.add("startRate was " + startRate + " but must be at least 1");
      if (maxRate < startRate) p.add("maxRate was " + maxRate + " but must be at least startRate " + startRate);
      if (maxRate > Workload.MAX_RATE) p.add("maxRate was " + maxRate + " but must be at most " + Workload.MAX_RATE);
      if (!(precision > 0 && precision < 1)) p.add("precision was " + precision + " but must be in (0, 1), like 0.05");
      if (maxSteps < 1 || maxSteps > 100) p.add("maxSteps was " + maxSteps + " but must be between 1 and 100");
      if (pause.isNegative()) p.add("pause was " + pause + " but must not be negative");
      if (retries < 0 || retries > 5) p.add("retries was " + retries + " but must be between 0 and 5");
      if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
    }

    /** A plan that confirms each miss once. */
    public Plan(long startRate, long maxRate, double precision, int maxSteps, Duration pause, Objective objective) {
      this(startRate, maxRate, precision, maxSteps, pause, objective, 1);
    }

    /**
     * Starts at {@code startRate}, up to 1,000,000 ops/s, 5% precision, 16 steps, 2 s pauses, default
     * objective, each miss confirmed once.
     */
    public static Plan startingAt(long startRate) {
      return new Plan(startRate, 1_000_000, 0.05, 16, Duration.ofSeconds(2), Objective.defaults(), 1);
    }

    public Plan withObjective(Objective o) {
      return new Plan(startRate, maxRate, precision, maxSteps, pause, o, retries);
    }

    public Plan withMaxRate(long r) {
      return new Plan(startRate, r, precision, maxSteps, pause, objective, retries);
    }

    public Plan withMaxSteps(int n) {
      return new Plan(startRate, maxRate, precision, n, pause, objective, retries);
    }

    public Plan withPause(Duration d) {
      return new Plan(startRate, maxRate, precision, maxSteps, d, objective, retries);
    }

    public Plan withPrecision(double p) {
      return new Plan(startRate, maxRate, p, maxSteps, pause, objective, retries);
    }

    public Plan withRetries(int n) {
      return new Plan(startRate, maxRate, precision, maxSteps, pause, objective, n);
    }
  }

  /**
   * One step: a run at one rate. Latencies are the primary metric's, in nanoseconds.
   *
   * @param attempt 1 for the first run at this rate, 2 and on for runs that confirm a miss
   * @param folder the step's run folder, relative to the sweep's output folder (empty when none)
   */
  public record Point(
      int step,
      int attempt,
      long requestedRate,
      double achievedRate,
      long p50,
      long p99,
      long p999,
      long max,
      double errorRate,
      boolean pass,
      String reason,
      String folder) {}

  /**
   * A sweep's outcome.
   *
   * @param maxSustainableRate the highest requested rate that met the objective, 0 if none did
   * @param steps the runs in the order they ran
   * @param curve the same points ordered by requested rate: latency against throughput
   */
  public record Result(
      String schema,
      String workload,
      String target,
      Objective objective,
      long maxSustainableRate,
      List<Point> steps,
      List<Point> curve,
      List<String> notes) {

    public Result {
      steps = List.copyOf(steps);
      curve = List.copyOf(curve);
      notes = List.copyOf(notes);
    }
  }

  /** Sweeps {@code workload} on {@code target} with a default driver; see {@link #run(Driver, URI, Workload, Plan, Path)}. */
  public static Result run(URI target, Workload workload, Plan plan, Path out) throws IOException {
    return run(Driver.create(), target, workload, plan, out);
  }

  /**
   * Sweeps {@code workload} on {@code target}.
   *
   * @param out the output folder, or null for no files
   * @throws IOException when a step cannot prepare the target or write its files
   */
  public static Result run(Driver driver, URI target, Workload workload, Plan plan, Path out) throws IOException {
    return run((w, folder) -> driver.execute(target, w, folder), target, workload, plan, out);
  }

  /** One run of the sweep: the workload at its rate, its files in {@code folder} (null: none). */
  @FunctionalInterface
  interface Step {
    RunResult run(Workload workload, Path folder) throws IOException;
  }

  static Result run(Step driver, URI target, Workload workload, Plan plan, Path out) throws IOException {
    List<Point> steps = new ArrayList<>();
    long pass = 0;
    long fail = 0;
    long rate = Math.min(plan.startRate(), plan.maxRate());
    String targetName = target.toString();
    int attempt = 1;
    int decided = 0;
    for (int step = 1; decided < plan.maxSteps(); step++) {
      String folder = String.format(Locale.ROOT, "steps/%02d-%d", step, rate);
      RunResult r = driver.run(workload.withRate(rate), out == null ? null : out.resolve(folder));
      targetName = r.target();
      String miss = plan.objective().miss(r);
      RunResult.Spectrum l = r.primary().latency();
      steps.add(new Point(step, attempt, rate, r.achievedRate(), l.p50(), l.p99(), l.p999(), l.max(), r.errorRate(),
          miss == null, miss == null ? "" : miss, out == null ? "" : folder));
      if (miss != null && attempt <= plan.retries()) {
        attempt++;
        pause(plan.pause());
        continue;
      }
      attempt = 1;
      decided++;
      if (miss == null) pass = Math.max(pass, rate);
      else fail = fail == 0 ? rate : Math.min(fail, rate);
      long next = nextRate(pass, fail, plan);
      if (next <= 0) break;
      rate = next;
      pause(plan.pause());
    }
    List<Point> curve = new ArrayList<>(steps);
    curve.sort(Comparator.comparingLong(Point::requestedRate).thenComparingInt(Point::step));
    List<String> notes = new ArrayList<>();
    if (pass == 0) notes.add("no rate met the objective; the lowest tried was " + curve.get(0).requestedRate() + "/s");
    else if (fail == 0) notes.add("every rate up to " + pass + "/s met the objective; raise maxRate or maxSteps to find the limit");
    else if (pass > fail) notes.add("met at " + pass + "/s above a miss at " + fail + "/s: the results are noisy;"
        + " lengthen duration or repeat the sweep");
    else notes.add("met at " + pass + "/s, missed at " + fail + "/s");
    Result result = new Result(SCHEMA, workload.name(), targetName, plan.objective(), pass, steps, curve, notes);
    if (out != null) write(result, out);
    return result;
  }

  /** The next rate to try, or 0 to stop. */
  static long nextRate(long pass, long fail, Plan plan) {
    if (fail == 0) {
      if (pass >= plan.maxRate()) return 0;
      return Math.min(plan.maxRate(), pass * 2);
    }
    if (pass == 0) {
      if (fail <= 1) return 0;
      return fail / 2;
    }
    if (fail - pass <= Math.max(1, (long) (pass * plan.precision()))) return 0;
    return pass + (fail - pass) / 2;
  }

  private static void write(Result result, Path out) throws IOException {
    Files.createDirectories(out);
    RunResult.JSON.writeValue(out.resolve("sweep.json").toFile(), result);
    StringBuilder csv = new StringBuilder("requested_rate,achieved_rate,p50_ms,p99_ms,p999_ms,max_ms,error_rate,pass\n");
    for (Point p : result.curve()) {
      csv.append(String.format(Locale.ROOT, "%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.6f,%s%n", p.requestedRate(), p.achievedRate(),
          p.p50() / 1e6, p.p99() / 1e6, p.p999() / 1e6, p.max() / 1e6, p.errorRate(), p.pass()));
    }
    Files.writeString(out.resolve("curve.csv"), csv, StandardCharsets.UTF_8);
  }

  private static void pause(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted between sweep steps");
    }
  }
}
