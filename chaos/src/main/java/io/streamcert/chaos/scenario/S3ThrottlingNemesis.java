package io.streamcert.chaos.scenario;

import io.streamcert.infra.s3.S3FaultGateway;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sustained S3 throttling: during each fault the gateway answers {@code 503 SlowDown} by the
 * dependency's rule; the heal stops it and times how long the server takes to get a write
 * acknowledged by S3 again (its uploads resuming).
 */
final class S3ThrottlingNemesis implements Nemesis {

  private final S3Dependency s3;
  private final S3FaultGateway gateway;
  private final S3FaultGateway.Stats before;
  private boolean active;
  private long longestResumeNanos = -1;
  private int faults;
  private int resumed;

  S3ThrottlingNemesis(S3Dependency s3) {
    this.s3 = s3;
    this.gateway = s3.environment().gateway();
    this.before = gateway.stats();
  }

  @Override
  public String fault() {
    return "s3_slowdown";
  }

  @Override
  public String start() {
    settle();
    gateway.throttle(s3.throttleRule().seeded(s3.throttleRule().seed() + faults));
    active = true;
    faults++;
    return s3.throttleRule().describe() + " at the gateway on port " + gateway.port();
  }

  @Override
  public void heal() {
    if (!active) return;
    gateway.stopThrottling();
    gateway.markRecovery();
    active = false;
  }

  /** Takes the resume time of the previous heal, if the store acknowledged a write since. */
  private void settle() {
    if (faults == 0) return;
    gateway.sinceMarkToFirstWriteOk().ifPresent(n -> {
      longestResumeNanos = Math.max(longestResumeNanos, n);
      resumed++;
    });
  }

  @Override
  public Map<String, Double> figures() {
    settle();
    S3FaultGateway.Stats now = gateway.stats();
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("s3.slowdowns", (double) (now.slowDowns() - before.slowDowns()));
    f.put("s3.slowdowns.writes", (double) (now.slowDownWrites() - before.slowDownWrites()));
    f.put("s3.slowdowns.reads", (double) (now.slowDownReads() - before.slowDownReads()));
    f.put("s3.faults", (double) faults);
    f.put("s3.uploads-resumed", (double) resumed);
    if (longestResumeNanos >= 0) f.put("s3.upload-resume-ms", longestResumeNanos / 1e6);
    return f;
  }

  @Override
  public void close() {
    gateway.heal();
  }
}
