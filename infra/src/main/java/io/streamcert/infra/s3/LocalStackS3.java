package io.streamcert.infra.s3;

import java.io.IOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * LocalStack's S3 in a container through Testcontainers, the alternative backend where Docker is
 * available. The image defaults to {@value #DEFAULT_IMAGE} (the last line that starts without an
 * auth token) and can be changed with the system property {@code streamcert.localstack.image}.
 */
public final class LocalStackS3 implements S3Backend {

  public static final String DEFAULT_IMAGE = "localstack/localstack:3.8";

  private final LocalStackContainer container;
  private final S3Endpoint endpoint;

  private LocalStackS3(LocalStackContainer container, S3Endpoint endpoint) {
    this.container = container;
    this.endpoint = endpoint;
  }

  /** Returns whether a Docker engine answers, so that {@link #start(String)} can work. Never throws. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Starts a LocalStack container with S3 and makes {@code bucket}.
   *
   * @throws IOException when no Docker engine answers (the message says so and names the in-process
   *     alternative) or the container does not start
   */
  public static LocalStackS3 start(String bucket) throws IOException {
    if (!dockerAvailable()) {
      throw new IOException("LocalStack needs a Docker engine and none answers here; use the in-process S3Proxy"
          + " backend (InProcessS3) instead");
    }
    String image = System.getProperty("streamcert.localstack.image", DEFAULT_IMAGE);
    LocalStackContainer c = new LocalStackContainer(DockerImageName.parse(image)).withServices("s3");
    try {
      c.start();
      S3Endpoint at = new S3Endpoint(c.getEndpoint(), c.getRegion(), bucket, c.getAccessKey(), c.getSecretKey());
      try (S3Client client = at.client()) {
        client.createBucket(b -> b.bucket(bucket));
      }
      return new LocalStackS3(c, at);
    } catch (RuntimeException e) {
      c.stop();
      throw new IOException("LocalStack (" + image + ") did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public S3Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public String describe() {
    return "localstack (" + container.getDockerImageName() + ")";
  }

  @Override
  public void close() {
    container.stop();
  }
}
