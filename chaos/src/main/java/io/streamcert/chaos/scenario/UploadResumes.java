package io.streamcert.chaos.scenario;

import io.streamcert.infra.s3.S3FaultGateway;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Times how long the server takes to get a write acknowledged by S3 again after each S3 fault
 * heals. A heal followed by no upload before the next fault (or the end of the run) is
 * <em>unresolved</em>, with how long it was watched: a short watch proves nothing either way (the
 * server may simply have had no sealed segment to upload), a long one means uploads did not resume.
 */
final class UploadResumes {

  private final S3FaultGateway gateway;
  private long healedAtNanos = -1;
  private int resumed;
  private long longestResumeNanos = -1;
  private int unresolved;
  private long longestUnresolvedNanos = -1;

  UploadResumes(S3FaultGateway gateway) {
    this.gateway = gateway;
  }

  /** The fault healed: starts watching for the first acknowledged upload. */
  void healed() {
    gateway.markRecovery();
    healedAtNanos = System.nanoTime();
  }

  /** Closes the watch of the last heal, if one is open (at the next fault and at the end). */
  void settle() {
    if (healedAtNanos < 0) return;
    OptionalLong r = gateway.sinceMarkToFirstWriteOk();
    if (r.isPresent()) {
      longestResumeNanos = Math.max(longestResumeNanos, r.getAsLong());
      resumed++;
    } else {
      longestUnresolvedNanos = Math.max(longestUnresolvedNanos, System.nanoTime() - healedAtNanos);
      unresolved++;
    }
    healedAtNanos = -1;
  }

  /** Adds {@code s3.uploads-resumed}, {@code s3.upload-resume-ms} and the unresolved figures. */
  void figures(Map<String, Double> f) {
    settle();
    f.put("s3.uploads-resumed", (double) resumed);
    if (longestResumeNanos >= 0) f.put("s3.upload-resume-ms", longestResumeNanos / 1e6);
    f.put("s3.uploads-unresolved", (double) unresolved);
    if (longestUnresolvedNanos >= 0) f.put("s3.upload-unresolved-ms", longestUnresolvedNanos / 1e6);
  }
}
