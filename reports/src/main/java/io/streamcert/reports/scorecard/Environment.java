package io.streamcert.reports.scorecard;

import java.lang.management.ManagementFactory;

/**
 * The machine and JVM a run used.
 *
 * @param os operating system name, version and architecture
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory of the machine; 0 when unknown
 * @param jdk the JVM's vendor and version
 * @param seed the random seed of the run, to replay it; null when the run used none
 */
public record Environment(String os, int cores, long memoryBytes, String jdk, Long seed) {

  public Environment {
    Values.singleLine(Values.text(os, "environment os"), "environment os");
    if (cores < 1) throw new IllegalArgumentException("environment cores was " + cores + " but must be at least 1");
    if (memoryBytes < 0) throw new IllegalArgumentException("environment memoryBytes was " + memoryBytes + " but must be >= 0 (0 = unknown)");
    Values.singleLine(Values.text(jdk, "environment jdk"), "environment jdk");
  }

  /** Describes the machine this JVM runs on. */
  public static Environment current(Long seed) {
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version", System.getProperty("java.version"));
    long memory = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os2) {
      memory = Math.max(0, os2.getTotalMemorySize());
    }
    return new Environment(os, Runtime.getRuntime().availableProcessors(), memory, jdk, seed);
  }
}
