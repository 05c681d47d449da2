package io.streamcert.cli;

import io.streamcert.chaos.scenario.Scenarios;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Measurement;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scorecard checks that only the tiered-storage scenarios measure, made from a run's figures:
 * for s3-throttling the backpressure (every refused append says when to retry), the time until
 * uploads resume after throttling stops and the protection overhead; for s3-partition the upload
 * resume time; for s3-corruption that corrupted segment data is never served.
 */
final class TieredChecks {

  /** The longest wait, after S3 serves again, until the server's uploads resume, that passes. */
  static final double MAX_UPLOAD_RESUME_MILLIS = 30_000;

  /** The throughput share protection may cost in normal conditions and still pass. */
  static final double MAX_OVERHEAD_PERCENT = 50;

  private TieredChecks() {}

  /** The extra checks of scenario {@code scenario}, from its figures; empty for other scenarios. */
  static List<Check> of(String scenario, Map<String, Double> f, String evidence) {
    List<Check> checks = new ArrayList<>();
    String prefix = "resilience." + scenario;
    String area = "Chaos: " + scenario;
    if (scenario.equals(Scenarios.S3_THROTTLING.name())) {
      checks.add(backpressure(prefix, area, f, evidence));
      checks.add(uploadResume(prefix, area, f, evidence, "throttling"));
      checks.add(overhead(prefix, area, f, evidence));
    } else if (scenario.equals(Scenarios.S3_PARTITION.name())) {
      checks.add(uploadResume(prefix, area, f, evidence, "the partition"));
    } else if (scenario.equals(Scenarios.S3_CORRUPTION.name())) {
      checks.add(corruption(prefix, area, f, evidence));
    }
    return checks;
  }

  private static double get(Map<String, Double> f, String name) {
    Double v = f.get(name);
    return v == null ? 0 : v;
  }

  private static Check backpressure(String prefix, String area, Map<String, Double> f, String evidence) {
    long refusals = (long) get(f, "backpressure.refusals");
    long withRetryAfter = (long) get(f, "backpressure.retry-after");
    Check.Builder c = Check.builder(prefix + ".backpressure",
            "appends refused while S3 throttles say when to retry (503 or 429 with Retry-After), never a lost acknowledgement")
        .category(Category.RESILIENCE).area(area).risk(Risk.HIGH).evidence(evidence);
    String counts = refusals + " append(s) refused with 503/429, " + withRetryAfter + " with Retry-After; "
        + (long) get(f, "s3.slowdowns") + " SlowDown answer(s) injected";
    if (refusals == 0) {
      return c.status(Status.INCONCLUSIVE).message(counts + ": the throttling never caused backpressure, so it could not be judged")
          .build();
    }
    boolean ok = withRetryAfter == refusals;
    return c.status(ok ? Status.PASS : Status.FAIL).score(ok ? 10.0 : 10.0 * withRetryAfter / refusals)
        .measurement(Measurement.atMost(refusals - withRetryAfter, 0, "refusals without Retry-After"))
        .message(counts).build();
  }

  private static Check uploadResume(String prefix, String area, Map<String, Double> f, String evidence, String what) {
    long faults = (long) get(f, "s3.faults");
    long resumed = (long) get(f, "s3.uploads-resumed");
    Double ms = f.get("s3.upload-resume-ms");
    Check.Builder c = Check.builder(prefix + ".upload-resume-time",
            "uploads to S3 resume within " + (long) (MAX_UPLOAD_RESUME_MILLIS / 1000) + " s after " + what + " ends")
        .category(Category.RESILIENCE).area(area).risk(Risk.MEDIUM).evidence(evidence);
    if (faults == 0) return c.status(Status.INCONCLUSIVE).message("no fault was injected").build();
    // A heal watched too briefly to see an upload proves nothing (no sealed segment may have been
    // waiting); one watched longer than the limit without an upload is a failure. Figures without
    // the unresolved count (older runs) treat every fault without a resume as watched too long.
    Double unresolvedCount = f.get("s3.uploads-unresolved");
    long unresolved = unresolvedCount == null ? faults - resumed : unresolvedCount.longValue();
    Double waited = f.get("s3.upload-unresolved-ms");
    boolean timedOut = unresolved > 0 && (waited == null || waited > MAX_UPLOAD_RESUME_MILLIS);
    String text = String.format(Locale.ROOT, "uploads resumed after %d of %d fault(s)%s%s", resumed, faults,
        ms == null ? "" : String.format(Locale.ROOT, "; the longest wait for the first acknowledged upload was %.0f ms", ms),
        unresolved == 0 ? "" : String.format(Locale.ROOT, "; %d heal(s) saw no upload in %s", unresolved,
            waited == null ? "the time watched" : String.format(Locale.ROOT, "%.0f ms at the most", waited)));
    if (!timedOut && resumed == 0) {
      return c.status(Status.INCONCLUSIVE).message(text + ", shorter than the "
          + (long) (MAX_UPLOAD_RESUME_MILLIS / 1000) + " s allowed, so nothing could be judged").build();
    }
    boolean ok = !timedOut && ms != null && ms <= MAX_UPLOAD_RESUME_MILLIS;
    c.status(ok ? Status.PASS : Status.FAIL).score(ok ? 10.0 : 0.0).message(text);
    if (ms != null) c.measurement(Measurement.atMost(ms, MAX_UPLOAD_RESUME_MILLIS, "ms"));
    return c.build();
  }

  private static Check overhead(String prefix, String area, Map<String, Double> f, String evidence) {
    Double pct = f.get("overhead.percent");
    Check.Builder c = Check.builder(prefix + ".protection-overhead",
            "rate limits, breakers and backpressure cost at most " + (long) MAX_OVERHEAD_PERCENT
                + "% of append throughput in normal conditions")
        .category(Category.RESILIENCE).area(area).risk(Risk.LOW).evidence(evidence);
    if (pct == null) {
      return c.status(Status.NOT_APPLICABLE)
          .message("measured only for the built-in reference server, which can turn its protection off").build();
    }
    boolean ok = pct <= MAX_OVERHEAD_PERCENT;
    return c.status(ok ? Status.PASS : Status.FAIL).score(ok ? 10.0 : 0.0)
        .measurement(Measurement.atMost(pct, MAX_OVERHEAD_PERCENT, "%"))
        .message(String.format(Locale.ROOT, "%.0f appends/s with protection on, %.0f with it off: %.1f%% overhead",
            get(f, "overhead.on-appends-per-s"), get(f, "overhead.off-appends-per-s"), pct))
        .build();
  }

  private static Check corruption(String prefix, String area, Map<String, Double> f, String evidence) {
    long objects = (long) get(f, "s3.corrupted-objects");
    long fetches = (long) get(f, "s3.corrupted-fetches");
    long changed = (long) get(f, "s3.corruption.reads-changed");
    long refused = (long) get(f, "s3.corruption.reads-refused");
    Check.Builder c = Check.builder(prefix + ".never-served",
            "a segment corrupted in S3 is detected by its checksum and never served to a reader")
        .category(Category.RESILIENCE).area(area).risk(Risk.CRITICAL).evidence(evidence)
        .measurement(Measurement.atMost(changed, 0, "reads that served changed bytes"));
    String text = objects + " object(s) corrupted; the server fetched corrupted objects " + fetches + " time(s); "
        + refused + " read(s) refused, " + changed + " served changed bytes";
    if (changed > 0) return c.status(Status.FAIL).score(0.0).message(text).build();
    if (objects == 0 || fetches == 0) {
      return c.status(Status.INCONCLUSIVE)
          .message(text + ": the corruption was never fetched (segments still local or cached), so it could not be judged")
          .build();
    }
    return c.status(Status.PASS).score(10.0).message(text).build();
  }
}
