package io.streamcert.infra.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy running inside this JVM on a free loopback port, with an in-memory (transient) or
 * filesystem store and one bucket made at start. The first start in a JVM takes about a second and
 * a half (class loading); later ones take milliseconds.
 *
 * <pre>{@code
 * try (InProcessS3 s3 = InProcessS3.transientStore("segments")) {
 *   S3Endpoint at = s3.endpoint();
 * }
 * }</pre>
 */
public final class InProcessS3 implements S3Backend {

  /** The credentials S3Proxy checks (SigV2 or SigV4). */
  public static final String ACCESS_KEY = "streamcert";

  public static final String SECRET_KEY = "streamcert-secret-key";

  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final S3Endpoint endpoint;
  private final String describe;

  private InProcessS3(BlobStore store, String bucket, String describe) throws IOException {
    this.describe = describe;
    S3Proxy p = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      p.start();
      long until = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(p.getState())) {
        if (System.nanoTime() - until > 0) throw new IOException("S3Proxy did not start within 30 s (state " + p.getState() + ")");
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly(p);
      throw new IOException("interrupted while S3Proxy started", e);
    } catch (IOException e) {
      stopQuietly(p);
      throw e;
    } catch (Exception e) {
      stopQuietly(p);
      throw new IOException("S3Proxy could not start: " + e.getMessage(), e);
    }
    this.proxy = p;
    this.endpoint = new S3Endpoint(URI.create("http://127.0.0.1:" + p.getPort()), REGION, bucket, ACCESS_KEY, SECRET_KEY);
    try (S3Client c = endpoint.client()) {
      c.createBucket(b -> b.bucket(bucket));
    } catch (RuntimeException e) {
      close();
      throw new IOException("S3Proxy started but the bucket " + bucket + " could not be made: " + e.getMessage(), e);
    }
  }

  /** Starts S3Proxy with an in-memory store; everything is gone when it closes. */
  public static InProcessS3 transientStore(String bucket) throws IOException {
    return new InProcessS3(new TransientNio2BlobStore(), Objects.requireNonNull(bucket, "bucket"), "s3proxy (transient)");
  }

  /** Starts S3Proxy storing objects as files under {@code dir} (created when missing; kept on close). */
  public static InProcessS3 filesystem(Path dir, String bucket) throws IOException {
    Files.createDirectories(dir);
    return new InProcessS3(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()),
        Objects.requireNonNull(bucket, "bucket"), "s3proxy (filesystem " + dir + ")");
  }

  @Override
  public S3Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() {
    stopQuietly(proxy);
  }

  private static void stopQuietly(S3Proxy p) {
    try {
      p.stop();
    } catch (Exception e) {
      // Stopping is best effort; the port is freed when the JVM exits.
    }
  }
}
