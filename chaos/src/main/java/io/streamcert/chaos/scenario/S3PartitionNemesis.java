package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultParams;
import io.streamcert.chaos.network.NetworkFault;
import io.streamcert.infra.s3.S3FaultGateway;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts the network between the server and its S3 store with the TCP fault proxy in front of it:
 * open connections are dropped and new ones refused; the heal restores it and times how long the
 * server takes to get a write acknowledged by S3 again.
 */
final class S3PartitionNemesis implements Nemesis {

  private final S3Dependency s3;
  private final S3FaultGateway gateway;
  private boolean active;
  private int faults;
  private final UploadResumes resumes;

  S3PartitionNemesis(S3Dependency s3) {
    this.s3 = s3;
    this.gateway = s3.environment().gateway();
    this.resumes = new UploadResumes(gateway);
  }

  @Override
  public String fault() {
    return "s3_partition";
  }

  @Override
  public String start() throws Exception {
    resumes.settle();
    s3.proxy().apply(NetworkFault.PARTITION_DROP, new FaultParams.PartitionDrop());
    active = true;
    faults++;
    return "partition between the server and S3 at proxy " + s3.proxy().listenAddress() + " -> gateway " + gateway.port();
  }

  @Override
  public void heal() throws Exception {
    if (!active) return;
    s3.proxy().heal();
    resumes.healed();
    active = false;
  }


  @Override
  public Map<String, Double> figures() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("s3.faults", (double) faults);
    resumes.figures(f);
    return f;
  }

  @Override
  public void close() {
    try {
      s3.proxy().heal();
    } catch (Exception e) {
      // the dependency is closed by its owner anyway
    }
  }
}
