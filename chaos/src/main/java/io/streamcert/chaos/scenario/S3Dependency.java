package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultProxies;
import io.streamcert.chaos.network.FaultProxy;
import io.streamcert.infra.s3.S3Endpoint;
import io.streamcert.infra.s3.S3Environment;
import io.streamcert.infra.s3.ThrottleRule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The S3 store of a tiered target as chaos runs set it up: S3Proxy in this JVM, the SlowDown fault
 * gateway in front of it, and a TCP fault proxy in front of the gateway. The server is given
 * {@link #serverEndpoint()} (the TCP proxy), so both HTTP-level faults (SlowDown, from the
 * gateway) and network faults (a partition, from the proxy) reach it.
 */
public final class S3Dependency implements AutoCloseable {

  private final S3Environment environment;
  private final FaultProxy proxy;
  private volatile ThrottleRule throttleRule = ThrottleRule.always();

  private S3Dependency(S3Environment environment, FaultProxy proxy) {
    this.environment = environment;
    this.proxy = proxy;
  }

  /** Starts the store (files under {@code dir}, or in memory when null), the gateway and the proxy. */
  public static S3Dependency start(Path dir, String bucket) throws IOException {
    S3Environment env = S3Environment.inProcess(dir, bucket);
    try {
      FaultProxy p = FaultProxies.embedded(new InetSocketAddress("127.0.0.1", env.gateway().port()));
      return new S3Dependency(env, p);
    } catch (RuntimeException e) {
      env.close();
      throw new IOException("cannot start the TCP fault proxy in front of S3: " + e.getMessage(), e);
    }
  }

  /** Returns the endpoint the server under test gets: through the TCP proxy and the gateway. */
  public S3Endpoint serverEndpoint() {
    InetSocketAddress at = proxy.listenAddress();
    return environment.endpoint().withUri(URI.create("http://" + at.getHostString() + ":" + at.getPort()));
  }

  /** Returns the store and its gateway. */
  public S3Environment environment() {
    return environment;
  }

  /** Returns the TCP fault proxy between the server and the gateway. */
  public FaultProxy proxy() {
    return proxy;
  }

  /** Returns the rule s3-throttling applies during its faults; by default SlowDown for every request. */
  public ThrottleRule throttleRule() {
    return throttleRule;
  }

  /** Sets the rule s3-throttling applies during its faults. */
  public S3Dependency throttleRule(ThrottleRule rule) {
    this.throttleRule = Objects.requireNonNull(rule, "rule");
    return this;
  }

  /** A line for progress output. */
  public String describe() {
    return environment.describe() + ", TCP fault proxy " + proxy.listenAddress().getPort() + " in front";
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } catch (IOException e) {
      // the store still closes below
    } finally {
      environment.close();
    }
  }
}
