package io.streamcert.chaos.scenario;

import io.streamcert.chaos.availability.AvailabilityReport;
import io.streamcert.chaos.availability.Recovery;
import io.streamcert.chaos.availability.RecoveryStatus;
import io.streamcert.chaos.availability.TimeWindow;
import io.streamcert.chaos.checker.Anomaly;
import io.streamcert.chaos.checker.AnomalyType;
import io.streamcert.chaos.checker.CheckerResult;
import io.streamcert.chaos.history.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What one scenario run did and found.
 *
 * @param scenario the scenario's name
 * @param seed the schedule's seed; the same seed gives the same schedule
 * @param schedule the schedule followed
 * @param runDir the folder holding history.jsonl, checker.json, availability.json and timeline.json
 * @param history the recorded history
 * @param checker what the checker found
 * @param availability windows, recoveries and unexpected unavailability
 * @param problems failures outside the checker's anomalies: the target did not come back, a stream
 *     had no final read, a fault was not recovered from
 * @param warnings what deserves a look but does not fail the run
 * @param elapsedMillis how long the run took
 * @param figures measured figures by name (backpressure answers seen, faults injected by the
 *     nemesis...), for reports
 */
public record ScenarioResult(
    String scenario,
    long seed,
    Schedule schedule,
    Path runDir,
    History history,
    CheckerResult checker,
    AvailabilityReport availability,
    List<String> problems,
    List<String> warnings,
    long elapsedMillis,
    java.util.Map<String, Double> figures) {

  public ScenarioResult {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
  }

  /** A result without figures. */
  public ScenarioResult(String scenario, long seed, Schedule schedule, Path runDir, History history,
      CheckerResult checker, AvailabilityReport availability, List<String> problems, List<String> warnings,
      long elapsedMillis) {
    this(scenario, seed, schedule, runDir, history, checker, availability, problems, warnings, elapsedMillis,
        java.util.Map.of());
  }

  /** The figure of that name, if measured. */
  public java.util.OptionalDouble figure(String name) {
    Double v = figures.get(name);
    return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
  }

  /** Whether the checker found nothing and the target recovered from every fault. */
  public boolean passed() {
    return checker.valid() && problems.isEmpty();
  }

  /** Anomalies that mean acknowledged data went missing: lost and unseen acknowledged writes. */
  public List<Anomaly> lostWrites() {
    return checker.anomalies().stream()
        .filter(a -> a.type() == AnomalyType.LOST_WRITE || a.type() == AnomalyType.UNSEEN_ACKED).toList();
  }

  /** Every other anomaly: duplicates, reordering, offset conflicts, garbage... */
  public List<Anomaly> otherAnomalies() {
    return checker.anomalies().stream()
        .filter(a -> a.type() != AnomalyType.LOST_WRITE && a.type() != AnomalyType.UNSEEN_ACKED).toList();
  }

  /** The longest recovery over the faults that recovered, in milliseconds, if any recovered. */
  public OptionalLong maxRecoveryMillis() {
    long max = -1;
    for (Recovery r : availability.recoveries()) {
      if (r.recoveryNanos() != null) max = Math.max(max, r.recoveryNanos() / 1_000_000);
    }
    return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
  }

  /** Whether every fault window ended with the operations recovered (or unaffected). */
  public boolean allRecovered() {
    for (Recovery r : availability.recoveries()) {
      if (r.status() == RecoveryStatus.NOT_RECOVERED || r.status() == RecoveryStatus.NEVER_HEALED) return false;
    }
    return true;
  }

  /** A multi-line report: counts, recoveries, anomalies (writer, payload id, offsets, times), problems. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    var s = checker.summary();
    b.append(String.format(Locale.ROOT, "scenario %s, seed %d (%s): %s in %.1f s%n", scenario, seed,
        schedule.quick() ? "quick" : "full", passed() ? "PASSED" : "FAILED", elapsedMillis / 1000.0));
    b.append("  schedule: ").append(schedule.describe()).append('\n');
    b.append(String.format(Locale.ROOT,
        "  operations: %d (%d ok, %d fail, %d info); writes: %d (%d acknowledged, %d failed, %d unknown: %d present,"
            + " %d absent); reads: %d observing %d payloads; streams with a final read: %d of %d%n",
        s.operations(), s.ok(), s.fail(), s.info(), s.writes(), s.writesAcknowledged(), s.writesFailed(),
        s.writesUnknown(), s.unknownWritesPresent(), s.unknownWritesAbsent(), s.reads(), s.observations(),
        s.streamsWithFinalRead(), s.streams()));
    for (Recovery r : availability.recoveries()) {
      b.append("  ").append(r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(": ")
          .append(r.explanation()).append('\n');
    }
    maxRecoveryMillis().ifPresent(ms -> b.append("  longest recovery: ").append(ms).append(" ms\n"));
    List<Anomaly> anomalies = checker.anomalies();
    b.append("  anomalies: ").append(anomalies.size()).append('\n');
    int shown = 0;
    for (Anomaly a : anomalies) {
      if (shown++ == 25) {
        b.append("    ... and ").append(anomalies.size() - 25).append(" more in checker.json\n");
        break;
      }
      b.append("    ").append(a.type()).append(" stream ").append(a.stream());
      if (a.writer() != null) b.append(" writer ").append(a.writer());
      if (a.payloadId() != null) b.append(" payload ").append(a.payloadId());
      if (!a.offsets().isEmpty()) b.append(" offsets ").append(a.offsets());
      if (a.invokeNanos() != null) {
        b.append(String.format(Locale.ROOT, " invoked %.3f ms", a.invokeNanos() / 1e6));
      }
      if (a.completeNanos() != null) {
        b.append(String.format(Locale.ROOT, " completed %.3f ms", a.completeNanos() / 1e6));
      }
      b.append("\n      ").append(a.explanation()).append('\n');
    }
    if (!figures.isEmpty()) {
      b.append("  figures:");
      figures.forEach((k, v) -> b.append(' ').append(k).append('=')
          .append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.3f", v)));
      b.append('\n');
    }
    for (String p : problems) b.append("  problem: ").append(p).append('\n');
    for (String w : warnings) b.append("  warning: ").append(w).append('\n');
    List<TimeWindow> unexpected = availability.unexpectedUnavailability();
    if (!unexpected.isEmpty()) {
      b.append("  fault-free windows with failures: ").append(unexpected.size()).append(" (see availability.json)\n");
    }
    return b.toString();
  }
}
