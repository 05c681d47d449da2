package io.streamcert.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.streamcert.client.raw.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 nemeses against S3Proxy behind the gateway and proxy, with an SDK client standing in for a server. */
class S3NemesisTest {

  S3Dependency s3;
  S3Client client;
  HttpServer fake;

  @BeforeEach
  void start() throws Exception {
    s3 = S3Dependency.start(null, "nemesis-test");
    var at = s3.serverEndpoint();
    client = S3Client.builder().endpointOverride(at.uri()).forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.of(at.region()))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(at.accessKey(), at.secretKey())))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @AfterEach
  void stop() {
    if (fake != null) fake.stop(0);
    client.close();
    s3.close();
  }

  private void put(String key, String v) {
    client.putObject(b -> b.bucket("nemesis-test").key(key), RequestBody.fromString(v));
  }

  @Test
  void throttlingAnswersSlowDownDuringTheFaultOnlyAndCountsIt() throws Exception {
    try (Nemesis n = Scenarios.S3_THROTTLING.nemesis().create(null, Dependencies.none().with(S3Dependency.class, s3))) {
      put("p0/a", "before");
      n.start();
      assertThatThrownBy(() -> put("p0/b", "during")).isInstanceOfSatisfying(S3Exception.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown"));
      n.heal();
      put("p0/b", "after");
      assertThat(n.figures()).containsEntry("s3.slowdowns", 1.0).containsEntry("s3.faults", 1.0)
          .containsEntry("s3.uploads-resumed", 1.0).containsKey("s3.upload-resume-ms");
    }
  }

  @Test
  void partitionCutsTheServerFromS3UntilHealed() throws Exception {
    try (Nemesis n = Scenarios.S3_PARTITION.nemesis().create(null, Dependencies.none().with(S3Dependency.class, s3))) {
      put("p0/a", "before");
      n.start();
      assertThatThrownBy(() -> put("p0/b", "during")).isInstanceOf(SdkClientException.class);
      n.heal();
      put("p0/b", "after");
      assertThat(n.figures()).containsEntry("s3.faults", 1.0).containsEntry("s3.uploads-resumed", 1.0);
    }
  }

  @Test
  void withoutTheDependencyTheScenarioSaysHowToGetIt() {
    assertThatThrownBy(() -> Scenarios.S3_THROTTLING.nemesis().create(null, Dependencies.none()))
        .isInstanceOf(IOException.class).hasMessageContaining("--reference-storage tiered");
  }

  @Test
  void corruptionServedByANonVerifyingServerIsAFinding() throws Exception {
    startFakeServer(false);
    try (Nemesis n = Scenarios.S3_CORRUPTION.nemesis().create(null, Dependencies.none().with(S3Dependency.class, s3))) {
      n.attach(RawHttp.to(URI.create("http://127.0.0.1:" + fake.getAddress().getPort())), List.of("/v1/stream/s"));
      n.start();
      n.heal();
      assertThat(n.findings()).singleElement().asString().contains("/v1/stream/s").contains("never served");
      assertThat(n.figures()).containsEntry("s3.corrupted-objects", 1.0).containsEntry("s3.corruption.reads-changed", 1.0)
          .containsEntry("s3.corrupted-fetches", 1.0);
    }
    assertThat(new String(fetch(), java.nio.charset.StandardCharsets.UTF_8)).as("the heal restores the object")
        .isEqualTo(SEGMENT);
  }

  @Test
  void corruptionRefusedByAVerifyingServerIsNoFinding() throws Exception {
    startFakeServer(true);
    try (Nemesis n = Scenarios.S3_CORRUPTION.nemesis().create(null, Dependencies.none().with(S3Dependency.class, s3))) {
      n.attach(RawHttp.to(URI.create("http://127.0.0.1:" + fake.getAddress().getPort())), List.of("/v1/stream/s"));
      n.start();
      n.heal();
      assertThat(n.findings()).isEmpty();
      assertThat(n.figures()).containsEntry("s3.corruption.reads-refused", 1.0).containsEntry("s3.corruption.reads-changed", 0.0);
    }
  }

  private static final String SEGMENT = "segment-0123456789-abcdefghijklmnopqrstuvwxyz";

  private byte[] fetch() {
    return client.getObjectAsBytes(b -> b.bucket("nemesis-test").key("p0/seg-1")).asByteArray();
  }

  /** A stream served from one S3 object; the verifying one checks the object's SHA-256 first. */
  private void startFakeServer(boolean verify) throws Exception {
    put("p0/seg-1", SEGMENT);
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(SEGMENT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/v1/stream/s", ex -> {
      byte[] body;
      int status = 200;
      try {
        body = fetch();
        if (verify && !Arrays.equals(MessageDigest.getInstance("SHA-256").digest(body), sha)) {
          status = 500;
          body = "segment fails its checksum".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
      } catch (Exception e) {
        status = 503;
        body = new byte[0];
      }
      ex.getResponseHeaders().add("Stream-Next-Offset", "1");
      ex.getResponseHeaders().add("Stream-Up-To-Date", "true");
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) ex.getResponseBody().write(body);
      ex.close();
    });
    fake.start();
  }
}
