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
  private int faults;
  private final UploadResumes resumes;

  S3ThrottlingNemesis(S3Dependency s3) {
    this.s3 = s3;
    this.gateway = s3.environment().gateway();
    this.resumes = new UploadResumes(gateway);
    this.before = gateway.stats();
  }

  @Override
  public String fault() {
    return "s3_slowdown";
  }

  @Override
  public String start() {
    resumes.settle();
    gateway.throttle(s3.throttleRule().seeded(s3.throttleRule().seed() + faults));
    active = true;
    faults++;
    return s3.throttleRule().describe() + " at the gateway on port " + gateway.port();
  }

  @Override
  public void heal() {
    if (!active) return;
    gateway.stopThrottling();
    resumes.healed();
    active = false;
  }


  @Override
  public Map<String, Double> figures() {
    S3FaultGateway.Stats now = gateway.stats();
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("s3.slowdowns", (double) (now.slowDowns() - before.slowDowns()));
    f.put("s3.slowdowns.writes", (double) (now.slowDownWrites() - before.slowDownWrites()));
    f.put("s3.slowdowns.reads", (double) (now.slowDownReads() - before.slowDownReads()));
    f.put("s3.faults", (double) faults);
    resumes.figures(f);
    return f;
  }

  @Override
  public void close() {
    gateway.heal();
  }
}
