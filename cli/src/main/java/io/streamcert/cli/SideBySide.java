package io.streamcert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcert.scenarios.driver.Driver;
import io.streamcert.scenarios.driver.RateSweep;
import io.streamcert.scenarios.driver.RunResult;
import io.streamcert.scenarios.driver.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one workload against two targets in alternating rounds (A, B, A, B, ...), so that a machine
 * that gets busier or quieter during the comparison affects both alike, and reports each target's
 * median and the ratios. A round is one run at the workload's rate, or a rate sweep.
 */
final class SideBySide {

  /** One target's result in one round. Latencies in nanoseconds of the workload's primary metric. */
  record Sample(int round, String target, long requestedRate, double achievedRate, long maxSustainableRate, long p50, long p99,
      long p999, long max, double errorRate, double serverMicrosPerOp, String folder) {}

  /** The whole comparison: samples in run order, and per target the medians. */
  record Result(String schema, String workload, boolean sweep, List<String> targets, List<String> labels, List<Sample> samples,
      Map<String, Map<String, Double>> medians, Map<String, Double> ratios) {}

  static final String SCHEMA = "streamcert.load.compare/1";

  private SideBySide() {}

  static Result run(Driver driver, List<BenchTargets.Server> servers, Workload workload, RateSweep.Plan sweepPlan, int rounds,
      Path out, PrintWriter text) throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (BenchTargets.Server s : servers) {
        String folder = String.format(Locale.ROOT, "rounds/%02d-%s", round, slug(s.key()));
        text.println("round " + round + "/" + rounds + ": " + s.label() + " (" + s.streams() + ")");
        text.flush();
        Sample sample;
        long cpu0 = BenchTargets.cpuNanos(s.pid());
        if (sweepPlan != null) {
          RateSweep.Result r = RateSweep.run(driver, s.streams(), workload, sweepPlan, out.resolve(folder));
          RateSweep.Point best = r.curve().stream().filter(p -> p.pass() && p.requestedRate() == r.maxSustainableRate()).findFirst()
              .orElse(r.curve().get(0));
          long ops = 0;
          for (RateSweep.Point p : r.steps()) ops += Math.round(p.requestedRate() * seconds(workload));
          sample = new Sample(round, s.key(), best.requestedRate(), best.achievedRate(), r.maxSustainableRate(), best.p50(), best.p99(),
              best.p999(), best.max(), best.errorRate(), perOp(cpu0, BenchTargets.cpuNanos(s.pid()), ops), folder);
        } else {
          RunResult r = driver.execute(s.streams(), workload, out.resolve(folder));
          RunResult.Spectrum l = r.primary().latency();
          sample = new Sample(round, s.key(), r.requestedRate(), r.achievedRate(), 0, l.p50(), l.p99(), l.p999(), l.max(),
              r.errorRate(), perOp(cpu0, BenchTargets.cpuNanos(s.pid()), Math.round(r.requestedRate() * seconds(workload))), folder);
        }
        samples.add(sample);
        text.println("  " + line(sample, sweepPlan != null));
        text.flush();
      }
    }
    Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
    for (BenchTargets.Server s : servers) {
      List<Sample> mine = samples.stream().filter(x -> x.target().equals(s.key())).toList();
      Map<String, Double> m = new LinkedHashMap<>();
      if (sweepPlan != null) m.put("maxSustainableRate", median(mine.stream().mapToDouble(Sample::maxSustainableRate).toArray()));
      m.put("achievedRate", median(mine.stream().mapToDouble(Sample::achievedRate).toArray()));
      m.put("p50Ms", median(mine.stream().mapToDouble(x -> x.p50() / 1e6).toArray()));
      m.put("p99Ms", median(mine.stream().mapToDouble(x -> x.p99() / 1e6).toArray()));
      m.put("p999Ms", median(mine.stream().mapToDouble(x -> x.p999() / 1e6).toArray()));
      if (mine.stream().allMatch(x -> x.serverMicrosPerOp() >= 0)) {
        m.put("serverCpuUsPerOp", median(mine.stream().mapToDouble(Sample::serverMicrosPerOp).toArray()));
      }
      medians.put(s.key(), m);
    }
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (servers.size() == 2) {
      Map<String, Double> a = medians.get(servers.get(0).key());
      Map<String, Double> b = medians.get(servers.get(1).key());
      for (String k : a.keySet()) {
        if (b.containsKey(k)) ratios.put(k, b.get(k) == 0 ? Double.NaN : a.get(k) / b.get(k));
      }
    }
    Result result = new Result(SCHEMA, workload.name(), sweepPlan != null, servers.stream().map(BenchTargets.Server::key).toList(),
        servers.stream().map(BenchTargets.Server::label).toList(), samples, medians, ratios);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(out.resolve("compare.json").toFile(), result);
    return result;
  }

  /** The medians side by side and the ratios of the first target to the second. */
  static String table(Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-14s", "median"));
    for (String t : r.targets()) sb.append(String.format(Locale.ROOT, " %16s", t));
    if (r.targets().size() == 2) sb.append(String.format(Locale.ROOT, " %16s", "ratio A/B"));
    sb.append('\n');
    Map<String, Double> first = r.medians().get(r.targets().get(0));
    for (String k : first.keySet()) {
      sb.append(String.format(Locale.ROOT, "%-14s", k));
      for (String t : r.targets()) {
        Double v = r.medians().get(t).get(k);
        sb.append(v == null ? String.format(Locale.ROOT, " %16s", "n/a") : String.format(Locale.ROOT, " %16.3f", v));
      }
      Double ratio = r.ratios().get(k);
      if (r.targets().size() == 2) sb.append(ratio == null ? String.format(Locale.ROOT, " %16s", "n/a") : String.format(Locale.ROOT, " %15.2fx", ratio));
      sb.append('\n');
    }
    return sb.toString();
  }

  static String line(Sample s, boolean sweep) {
    return String.format(Locale.ROOT, "%s%s/s requested, %.1f/s achieved; p50 %s p99 %s p99.9 %s max %s; errors %.3f%%%s",
        sweep ? "max sustainable " + s.maxSustainableRate() + "/s; at " : "", s.requestedRate(), s.achievedRate(),
        LoadReport.ms(s.p50()), LoadReport.ms(s.p99()), LoadReport.ms(s.p999()), LoadReport.ms(s.max()), s.errorRate() * 100,
        s.serverMicrosPerOp() < 0 ? "" : String.format(Locale.ROOT, "; server CPU %.1f us/op", s.serverMicrosPerOp()));
  }

  /** Seconds of operations a run sends: warm-up and window. */
  private static double seconds(Workload w) {
    return (w.warmup().toMillis() + w.duration().toMillis()) / 1000.0;
  }

  /** The server's CPU per operation in microseconds, or -1 when its CPU time cannot be read. */
  private static double perOp(long cpu0, long cpu1, long ops) {
    return cpu0 < 0 || cpu1 < cpu0 || ops <= 0 ? -1 : (cpu1 - cpu0) / 1e3 / ops;
  }

  static double median(double[] values) {
    if (values.length == 0) return 0;
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String slug(String key) {
    return key.replaceAll("[^A-Za-z0-9.-]+", "_");
  }
}
