package io.streamcert.scenarios.driver;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.Map;

/**
 * The driver process's CPU use and the machine's load during a run, so a result shows what the
 * measurement cost and how busy the machine was. CPU time is the whole JVM's (an in-process
 * target, like the no-op endpoint, included); -1 where the platform does not say.
 */
final class Usage {

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final long cpu0;
  private final long wall0;
  private final double load0;
  private long cpu = -1;
  private long wall;
  private long ops;
  private double load1;

  private Usage() {
    cpu0 = processCpuNanos();
    wall0 = System.nanoTime();
    load0 = os.getSystemLoadAverage();
  }

  static Usage start() {
    return new Usage();
  }

  void stop(long operations) {
    long c = processCpuNanos();
    wall = System.nanoTime() - wall0;
    cpu = c < 0 || cpu0 < 0 ? -1 : c - cpu0;
    ops = operations;
    load1 = os.getSystemLoadAverage();
  }

  /** The higher of the one-minute load averages at the start and the end (-1 if unknown). */
  double loadAverage() {
    return Math.max(load0, load1);
  }

  void describe(Map<String, Object> m) {
    m.put("loadAverageAtStart", round(load0));
    m.put("loadAverageAtEnd", round(load1));
    if (cpu < 0) return;
    m.put("processCpuSeconds", round(cpu / 1e9));
    m.put("processCpuCores", round(wall == 0 ? 0 : (double) cpu / wall));
    m.put("processCpuMicrosPerOperation", round(ops == 0 ? 0 : cpu / 1e3 / ops));
  }

  private long processCpuNanos() {
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
    return -1;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
  }
}
