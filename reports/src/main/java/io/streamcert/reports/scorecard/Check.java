package io.streamcert.reports.scorecard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One claim a user cares about, with its verdict and evidence.
 *
 * @param id stable across runs (baselines match checks by it), such as {@code conformance.append.seq-regression}
 * @param title the rule as a sentence
 * @param area a group inside the category (a protocol area such as {@code Create}); null when none
 * @param score 0–10, present exactly when the check passed or failed (inconclusive and skipped checks have none)
 * @param measurement the numeric result; null when the check is not numeric
 * @param requirements ids of the specification's requirements the check covers
 * @param evidence files inside the run folder, as relative paths with {@code /} separators
 * @param message what was expected and what came, or why the check did not run; null when none
 * @param duration how long the check ran; null when unknown
 */
public record Check(
    String id,
    String title,
    Category category,
    String area,
    Risk risk,
    Status status,
    Double score,
    Measurement measurement,
    List<String> requirements,
    List<String> evidence,
    String message,
    Duration duration) {

  public Check {
    Values.singleLine(Values.text(id, "check id"), "check id");
    if (!id.equals(id.strip())) throw new IllegalArgumentException("check id '" + id + "' must not start or end with spaces");
    Values.singleLine(Values.text(title, "title of check " + id), "title of check " + id);
    Objects.requireNonNull(category, "category of check " + id + " is required");
    Values.singleLine(Values.optionalText(area, "area of check " + id), "area of check " + id);
    Objects.requireNonNull(risk, "risk of check " + id + " is required");
    Objects.requireNonNull(status, "status of check " + id + " is required");
    if (status.decided() && score == null) {
      throw new IllegalArgumentException("check " + id + " is " + status.label() + " but has no score; give it a score from 0 to 10");
    }
    if (!status.decided() && score != null) {
      throw new IllegalArgumentException("check " + id + " is " + status.label() + " but has score " + score
          + "; only checks that passed or failed carry a score");
    }
    if (score != null && !(score >= 0 && score <= 10)) {
      throw new IllegalArgumentException("score of check " + id + " was " + score + " but must be from 0 to 10");
    }
    requirements = Values.list(requirements, "requirements of check " + id);
    for (String r : requirements) Values.singleLine(Values.text(r, "requirement id of check " + id), "requirement id of check " + id);
    evidence = Values.list(evidence, "evidence of check " + id);
    for (String e : evidence) checkEvidencePath(e, id);
    if (duration != null && duration.isNegative()) {
      throw new IllegalArgumentException("duration of check " + id + " was " + duration + " but must not be negative");
    }
  }

  private static void checkEvidencePath(String path, String id) {
    String field = "evidence path of check " + id;
    Values.singleLine(Values.text(path, field), field);
    boolean bad = path.startsWith("/") || path.contains("\\") || path.endsWith("/");
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) bad = true;
    }
    if (bad) {
      throw new IllegalArgumentException(field + " '" + path
          + "' must be relative to the run folder, like evidence/append-409.txt (no leading /, no \\, no . or .. segments)");
    }
  }

  /** Starts a check; {@link Builder#build()} requires category, risk and status. */
  public static Builder builder(String id, String title) {
    return new Builder(id, title);
  }

  /** Returns a builder holding this check's fields, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(id, title).category(category).area(area).risk(risk).measurement(measurement)
        .requirements(requirements).evidence(evidence).message(message).duration(duration);
    b.status = status;
    b.score = score;
    return b;
  }

  /** Collects a check's many optional fields. */
  public static final class Builder {
    private final String id;
    private final String title;
    private Category category;
    private String area;
    private Risk risk;
    private Status status;
    private Double score;
    private Measurement measurement;
    private final List<String> requirements = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    private String message;
    private Duration duration;

    private Builder(String id, String title) {
      this.id = id;
      this.title = title;
    }

    public Builder category(Category category) {
      this.category = category;
      return this;
    }

    public Builder area(String area) {
      this.area = area;
      return this;
    }

    public Builder risk(Risk risk) {
      this.risk = risk;
      return this;
    }

    /**
     * Sets the status and the score that goes with it unless {@link #score} overrides it: 10 for a
     * pass, 0 for a failure, none otherwise.
     */
    public Builder status(Status status) {
      this.status = status;
      this.score = status == null || !status.decided() ? null : status == Status.PASS ? 10.0 : 0.0;
      return this;
    }

    /** Sets a partial score from 0 to 10 (call after {@link #status}). */
    public Builder score(Double score) {
      this.score = score;
      return this;
    }

    public Builder measurement(Measurement measurement) {
      this.measurement = measurement;
      return this;
    }

    public Builder requirements(List<String> ids) {
      requirements.clear();
      if (ids != null) requirements.addAll(ids);
      return this;
    }

    public Builder requirement(String id) {
      requirements.add(id);
      return this;
    }

    /** Replaces the evidence paths (relative to the run folder). */
    public Builder evidence(List<String> paths) {
      evidence.clear();
      if (paths != null) evidence.addAll(paths);
      return this;
    }

    public Builder evidence(String path) {
      evidence.add(path);
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /** Builds the check; throws {@link IllegalArgumentException} or {@link NullPointerException} naming the bad field. */
    public Check build() {
      return new Check(id, title, category, area, risk, status, score, measurement, requirements, evidence, message, duration);
    }
  }
}
