package io.streamcert.infra.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An S3 store with a fault gateway in front of it, as chaos runs use: the server under test gets
 * {@link #endpoint()} (through the gateway), faults go to {@link #gateway()}, and scenario checks
 * that must bypass the server (such as corrupting a stored object) use {@link #direct()}.
 *
 * <pre>{@code
 * try (S3Environment s3 = S3Environment.inProcess(null, "streamcert-segments")) {
 *   launch(server, s3.endpoint());
 *   s3.gateway().throttle(ThrottleRule.always());
 * }
 * }</pre>
 */
public final class S3Environment implements AutoCloseable {

  private final S3Backend backend;
  private final S3FaultGateway gateway;

  private S3Environment(S3Backend backend, S3FaultGateway gateway) {
    this.backend = backend;
    this.gateway = gateway;
  }

  /**
   * Starts S3Proxy in this JVM (a filesystem store under {@code dir}, or in memory when {@code dir}
   * is null) and a gateway in front of it.
   */
  public static S3Environment inProcess(Path dir, String bucket) throws IOException {
    S3Backend backend = dir == null ? InProcessS3.transientStore(bucket) : InProcessS3.filesystem(dir, bucket);
    return around(backend);
  }

  /** Puts a gateway in front of a started backend; closing the environment closes both. */
  public static S3Environment around(S3Backend backend) throws IOException {
    Objects.requireNonNull(backend, "backend");
    try {
      return new S3Environment(backend, S3FaultGateway.start(backend.endpoint()));
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** Returns the endpoint through the gateway: what the server under test gets. */
  public S3Endpoint endpoint() {
    return gateway.endpoint();
  }

  /** Returns the endpoint of the store itself, bypassing the gateway. */
  public S3Endpoint direct() {
    return backend.endpoint();
  }

  /** Returns the gateway that injects faults. */
  public S3FaultGateway gateway() {
    return gateway;
  }

  /** Returns the backend's description. */
  public String describe() {
    return backend.describe() + " behind the fault gateway on port " + gateway.port();
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      backend.close();
    }
  }
}
