package io.streamcert.gatling;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a Gatling run measured and decided.
 *
 * @param workload the workload's name
 * @param simulation the simulation class that ran
 * @param target the stream base URL
 * @param runDir Gatling's run folder
 * @param reportIndex the HTML report ({@code index.html}) for the scorecard to link
 * @param consoleLog Gatling's console output, kept beside the report
 * @param exitCode the Gatling process's exit status (0 ok, 2 assertions failed, other: failure)
 * @param stats the measured request's row (appends, creations, or a whole catch-up), in which the
 *     p99 gate applies
 * @param all all requests together (the report's root row, warm-up and readers included)
 * @param assertions each gate with its outcome and the measured value
 * @param notes what the numbers mean and where they fall short (millisecond resolution, ...)
 */
public record GatlingResult(
    String workload,
    String simulation,
    URI target,
    Path runDir,
    Path reportIndex,
    Path consoleLog,
    int exitCode,
    Stats stats,
    Stats all,
    List<AssertionOutcome> assertions,
    List<String> notes) {

  /** Gatling's timer: response times are whole milliseconds, percentiles too. */
  public static final String RESOLUTION =
      "Gatling records response times in whole milliseconds: a p99 of 0 ms means under 1 ms, and"
          + " sub-millisecond differences are invisible (the driver engine measures in nanoseconds)";

  /** The name and version of the JSON format of {@link #write}. */
  public static final String SCHEMA = "streamcert.gatling.run/1";

  /** The file {@link GatlingLoad} writes into the run folder. */
  public static final String FILE = "gatling-result.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public GatlingResult {
    assertions = List.copyOf(assertions);
    notes = List.copyOf(notes);
  }

  /**
   * Human-readable text: the measured row, all requests, each assertion with its measured value,
   * the notes (millisecond resolution first) and the report's path.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s against %s (Gatling, %s)%n", workload, target,
        simulation.substring(simulation.lastIndexOf('.') + 1)));
    sb.append(row("measured", stats));
    if (!all.equals(stats)) sb.append(row("all requests", all));
    sb.append("  assertions (gates):\n");
    if (assertions.isEmpty()) sb.append("    none were reported; see ").append(consoleLog).append('\n');
    for (AssertionOutcome a : assertions) {
      sb.append("    ").append(a.passed() ? "met    " : "MISSED ").append(a.description())
          .append(" (actual ").append(a.actual()).append(")\n");
    }
    for (String n : notes) sb.append("  note: ").append(n).append('\n');
    sb.append("  report: ").append(reportIndex).append('\n');
    sb.append("  console: ").append(consoleLog).append('\n');
    return sb.toString();
  }

  private static String row(String label, Stats s) {
    return String.format(Locale.ROOT,
        "  %s: %d requests, %d ok, %d failed (%.2f%%), %.1f/s (Gatling's mean over the whole run, warm-up included)%n"
            + "    response time (whole ms): min %d  p50 %d  p75 %d  p95 %d  p99 %d  max %d  mean %d  std-dev %d%n",
        label, s.requests(), s.ok(), s.ko(), s.koPercent(), s.meanRps(),
        s.minMs(), s.p50Ms(), s.p75Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.meanMs(), s.stdDevMs());
  }

  /** Writes this result as JSON (schema {@value #SCHEMA}), paths as {@code file:} URIs. */
  public void write(Path file) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema", SCHEMA);
    node.put("passed", passed());
    node.setAll((ObjectNode) JSON.valueToTree(this));
    Files.writeString(file, JSON.writeValueAsString(node));
  }

  /**
   * Reads a result {@link #write} wrote.
   *
   * @throws IOException when the file is not a {@value #SCHEMA} result
   */
  public static GatlingResult read(Path file) throws IOException {
    JsonNode node = JSON.readTree(file.toFile());
    String schema = node.path("schema").asText("");
    if (!schema.equals(SCHEMA)) {
      throw new IOException(file + " has schema '" + schema + "', not " + SCHEMA);
    }
    return JSON.treeToValue(node, GatlingResult.class);
  }

  /** Whether Gatling finished normally and every assertion held. */
  public boolean passed() {
    return exitCode == 0 && !assertions.isEmpty() && assertions.stream().allMatch(AssertionOutcome::passed);
  }

  /**
   * The root row of Gatling's report; times in milliseconds.
   *
   * @param requests every request
   * @param ok successful requests
   * @param ko failed requests
   * @param koPercent failed share in percent
   * @param meanRps mean requests per second over the run
   */
  public record Stats(
      long requests, long ok, long ko, double koPercent, double meanRps,
      long minMs, long p50Ms, long p75Ms, long p95Ms, long p99Ms, long maxMs, long meanMs, long stdDevMs) {}

  /**
   * One Gatling assertion as its console printed it.
   *
   * @param description Gatling's wording, such as {@code Global: 99th percentile of response time is less than 10.0}
   * @param passed whether it held
   * @param actual the measured value Gatling compared, as printed
   */
  public record AssertionOutcome(String description, boolean passed, String actual) {}
}
