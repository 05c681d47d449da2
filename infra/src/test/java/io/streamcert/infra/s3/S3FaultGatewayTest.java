package io.streamcert.infra.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FaultGatewayTest {

  static InProcessS3 s3;
  S3FaultGateway gateway;
  S3Client client;

  @BeforeAll
  static void startStore() throws Exception {
    s3 = InProcessS3.transientStore("gateway-test");
  }

  @AfterAll
  static void stopStore() {
    s3.close();
  }

  @BeforeEach
  void startGateway() throws Exception {
    gateway = S3FaultGateway.start(s3.endpoint());
    // No SDK retries: every SlowDown the gateway answers reaches the test.
    client = S3Client.builder()
        .endpointOverride(gateway.endpoint().uri())
        .forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.of(InProcessS3.REGION))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @AfterEach
  void stopGateway() {
    client.close();
    gateway.close();
  }

  private void put(String key, String text) {
    client.putObject(b -> b.bucket("gateway-test").key(key), RequestBody.fromString(text));
  }

  private String get(String key) {
    return client.getObjectAsBytes(b -> b.bucket("gateway-test").key(key)).asUtf8String();
  }

  @Test
  void forwardsSignedRequestsByteForByteIncludingLargeBodies() {
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    client.putObject(b -> b.bucket("gateway-test").key("p1/big"), RequestBody.fromBytes(big));
    put("p1/small", "hello");

    assertThat(client.getObjectAsBytes(b -> b.bucket("gateway-test").key("p1/big")).asByteArray()).isEqualTo(big);
    assertThat(get("p1/small")).isEqualTo("hello");
    assertThat(client.getObjectAsBytes(b -> b.bucket("gateway-test").key("p1/small").range("bytes=1-3")).asUtf8String())
        .isEqualTo("ell");
    assertThat(client.headObject(b -> b.bucket("gateway-test").key("p1/big")).contentLength()).isEqualTo(1 << 20);
    assertThat(gateway.stats().forwarded()).isGreaterThanOrEqualTo(5);
    assertThat(gateway.stats().slowDowns()).isZero();
  }

  @Test
  void slowDownIsAThrottlingErrorForTheSdk() {
    gateway.throttle(ThrottleRule.always());

    assertThatThrownBy(() -> put("p1/x", "x"))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(503);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Please reduce your request rate.");
          assertThat(e.isThrottlingException()).as("SDK sees SlowDown as throttling").isTrue();
          assertThat(e.requestId()).matches("[0-9A-F]{16}");
        });
    assertThat(gateway.stats().slowDownWrites()).isEqualTo(1);

    gateway.stopThrottling();
    put("p1/x", "x");
    assertThat(get("p1/x")).isEqualTo("x");
  }

  @Test
  void slowDownBodyIsByteExactAwsXml() throws Exception {
    gateway.throttle(ThrottleRule.always());
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/gateway-test/p1/k")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml");
    String id = r.headers().firstValue("x-amz-request-id").orElseThrow();
    String host = r.headers().firstValue("x-amz-id-2").orElseThrow();
    byte[] expected = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce"
        + " your request rate.</Message><RequestId>" + id + "</RequestId><HostId>" + host + "</HostId></Error>")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(r.body()).isEqualTo(expected);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(expected.length);
  }

  @Test
  void windowsDecideWhenTheRuleApplies() {
    gateway.throttle(ThrottleRule.always().during(new ThrottleRule.Window(Duration.ofHours(1), Duration.ofHours(2))));
    put("p1/w", "outside the window");
    assertThat(gateway.stats().slowDowns()).isZero();

    gateway.throttle(ThrottleRule.always().during(new ThrottleRule.Window(Duration.ZERO, Duration.ofHours(1))));
    assertThatThrownBy(() -> put("p1/w", "inside")).isInstanceOf(S3Exception.class);
    assertThat(gateway.stats().slowDowns()).isEqualTo(1);
  }

  @Test
  void ruleForWritesLeavesReadsAlone() {
    put("p1/r", "kept");
    gateway.throttle(ThrottleRule.always().only(S3OpClass.WRITE));

    assertThat(get("p1/r")).isEqualTo("kept");
    assertThatThrownBy(() -> put("p1/r", "new")).isInstanceOf(S3Exception.class);
    assertThat(gateway.stats().slowDownReads()).isZero();
    assertThat(gateway.stats().slowDownWrites()).isEqualTo(1);
  }

  @Test
  void seededRateThrottlesSomeRequestsNotAll() {
    gateway.throttle(ThrottleRule.rate(0.5).seeded(42));
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      try {
        put("p1/rate-" + i, "v");
      } catch (S3Exception e) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
        failed++;
      }
    }
    assertThat(failed).isBetween(5, 35);
    assertThat(gateway.stats().slowDownWrites()).isEqualTo(failed);
    assertThat(gateway.stats().forwarded()).isEqualTo(40 - failed);
  }

  @Test
  void tokenBucketIsPerPrefix() {
    // AWS's 3,500 writes/s scaled to about one write per 3 s per prefix: a second write at once is refused.
    gateway.throttle(ThrottleRule.tokenBucket(1.0 / 10_000).only(S3OpClass.WRITE));
    put("alpha/1", "a");
    assertThatThrownBy(() -> put("alpha/2", "a")).isInstanceOf(S3Exception.class);
    put("beta/1", "b");
    assertThatThrownBy(() -> put("beta/2", "b")).isInstanceOf(S3Exception.class);

    assertThat(gateway.stats().slowDownsByPrefix()).containsEntry("alpha", 1L).containsEntry("beta", 1L);
  }

  @Test
  void partitionResetsAndRefusesUntilHealed() {
    put("p1/part", "before");
    gateway.partition();
    assertThatThrownBy(() -> get("p1/part")).isInstanceOf(SdkClientException.class);
    assertThat(gateway.stats().refused() + gateway.stats().dropped()).isPositive();

    gateway.heal();
    assertThat(get("p1/part")).isEqualTo("before");
  }

  @Test
  void droppedConnectionsGetNoAnswer() {
    gateway.dropConnections(true);
    assertThatThrownBy(() -> put("p1/drop", "x")).isInstanceOf(SdkClientException.class);
    assertThat(gateway.stats().dropped()).isEqualTo(1);
    gateway.heal();
    put("p1/drop", "x");
    assertThat(get("p1/drop")).isEqualTo("x");
  }

  @Test
  void latencyDelaysEachRequest() {
    gateway.latency(Duration.ofMillis(300));
    long t = System.nanoTime();
    put("p1/slow", "x");
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void tracksTheFirstAcknowledgedWriteAfterAMarkAndWatchedReads() {
    gateway.throttle(ThrottleRule.always());
    gateway.markRecovery();
    assertThatThrownBy(() -> put("p1/m", "x")).isInstanceOf(S3Exception.class);
    assertThat(gateway.sinceMarkToFirstWriteOk()).as("a SlowDown is no acknowledgement").isEmpty();
    gateway.stopThrottling();
    put("p1/m", "x");
    assertThat(gateway.sinceMarkToFirstWriteOk()).isPresent();
    assertThat(gateway.writesOk()).isEqualTo(1);

    gateway.watch(java.util.List.of("p1/m"));
    get("p1/m");
    get("p1/m");
    put("p1/other", "y");
    get("p1/other");
    assertThat(gateway.watchedReads()).containsExactly(java.util.Map.entry("p1/m", 2L));
    assertThat(S3FaultGateway.keyOf("/b/p1/a%20b?x=1")).isEqualTo("p1/a b");
  }

  @Test
  void prefixIsTheKeysFirstSegment() {
    assertThat(S3FaultGateway.prefixOf("/bucket/p07/stream/seg-1?x=1")).isEqualTo("p07");
    assertThat(S3FaultGateway.prefixOf("/bucket/flat-key")).isEmpty();
    assertThat(S3FaultGateway.prefixOf("/bucket?list-type=2")).isEmpty();
    assertThat(Arrays.asList(S3OpClass.of("GET"), S3OpClass.of("HEAD"), S3OpClass.of("PUT"), S3OpClass.of("DELETE")))
        .containsExactly(S3OpClass.READ, S3OpClass.READ, S3OpClass.WRITE, S3OpClass.WRITE);
  }
}
