package io.streamcert.reference.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import io.streamcert.infra.s3.S3Environment;
import io.streamcert.infra.s3.S3Objects;
import io.streamcert.infra.s3.ThrottleRule;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.crash.FailedUploadIsDone;
import io.streamcert.reference.storage.FsyncPolicy;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Tiered storage against S3Proxy (behind the fault gateway) and a real PostgreSQL: acknowledged
 * appends survive a restart; a local segment is deleted only once uploaded and indexed; reads across
 * the local/S3 boundary are byte-identical; a flipped byte in an object is detected and not served;
 * SlowDown causes retries, then 503 with Retry-After, then recovery; PostgreSQL down gives 503, not
 * acknowledgements. Each test uses its own data directory, hence its own store id in the shared
 * bucket and database.
 */
class TieredStoreTest {

  private static S3Environment s3;
  private static PgService pg;
  private static CuttableProxy pgProxy;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  @BeforeAll
  static void dependencies() throws Exception {
    s3 = S3Environment.inProcess(null, "streamcert-tiered-test");
    pg = PgServices.singleNode();
    pgProxy = new CuttableProxy(new InetSocketAddress(pg.host(), pg.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (pgProxy != null) pgProxy.close();
    if (pg != null) pg.close();
    if (s3 != null) s3.close();
  }

  private TieredSettings settings(Consumer<TieredSettings.Builder> tune) {
    var e = s3.endpoint();
    TieredSettings.Builder b = TieredSettings.builder()
        .s3Endpoint(e.uri()).s3Bucket(e.bucket()).s3Region(e.region()).s3AccessKey(e.accessKey()).s3SecretKey(e.secretKey())
        .pgUrl("jdbc:postgresql://127.0.0.1:" + pgProxy.port() + "/" + pg.database()).pgUser(pg.user()).pgPassword(pg.password())
        .segmentBytes(1024).sealAfter(Duration.ofMillis(200)).heartbeat(Duration.ofMillis(100))
        .breakerOpen(Duration.ofMillis(500)).maxAttempts(3);
    tune.accept(b);
    return b.build();
  }

  private ReferenceServer start(Path dir, Consumer<TieredSettings.Builder> tune, UnaryOperator<SegmentBlobs> blobs)
      throws Exception {
    TieredSettings s = settings(tune);
    ServerConfig c = ServerConfig.builder().port(0).storage(ServerConfig.Storage.TIERED).dataDir(dir).tiered(s).build();
    return ReferenceServer.start(c, TieredStore.open(dir, FsyncPolicy.ALWAYS, s, blobs));
  }

  private ReferenceServer start(Path dir) throws Exception {
    return start(dir, b -> { }, UnaryOperator.identity());
  }

  private static HttpResponse<byte[]> send(String method, URI uri, byte[] body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) r.header("Content-Type", "application/octet-stream");
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI stream(ReferenceServer server, String name) {
    return server.baseUri().resolve(ReferenceServer.STREAM_ROOT + name);
  }

  private static byte[] message(int i) {
    return ("message-" + i + "-" + "x".repeat(90 + i % 17) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Appends messages {@code from..to-1}; returns their bytes in order. */
  private static byte[] append(ReferenceServer server, String name, int from, int to) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = from; i < to; i++) {
      HttpResponse<byte[]> r = send("POST", stream(server, name), message(i));
      assertThat(r.statusCode()).as("append %d: %s", i, new String(r.body(), StandardCharsets.UTF_8)).isBetween(200, 204);
      all.write(message(i));
    }
    return all.toByteArray();
  }

  /** Reads the whole stream from the start, page by page. */
  private static byte[] readAll(ReferenceServer server, String name) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    String offset = "-1";
    for (int page = 0; page < 10_000; page++) {
      HttpResponse<byte[]> r = send("GET", URI.create(stream(server, name) + "?offset=" + offset), null);
      assertThat(r.statusCode()).as("read at %s: %s", offset, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      all.write(r.body());
      offset = r.headers().firstValue("Stream-Next-Offset").orElseThrow();
      if (r.headers().firstValue("Stream-Up-To-Date").orElse("false").equals("true")) return all.toByteArray();
    }
    throw new AssertionError("the stream never reported up-to-date");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  private static TieredStore store(ReferenceServer server) throws Exception {
    var f = ReferenceServer.class.getDeclaredField("store");
    f.setAccessible(true);
    return (TieredStore) f.get(server);
  }

  /** A segment store whose uploads wait until {@code release} opens, then go through (an S3 that does not answer). */
  private static UnaryOperator<SegmentBlobs> putsWaitFor(CountDownLatch release) {
    return real -> new io.streamcert.reference.crash.ForwardingSegmentBlobs(real) {
      @Override
      public void put(String key, byte[] body, String sha256) throws DependencyException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new DependencyException(DependencyException.Reason.FAILED, "interrupted", 0, e);
        }
        real.put(key, body, sha256);
      }
    };
  }

  private static long localSegmentFiles(Path dir) throws Exception {
    Path streams = dir.resolve("local").resolve("streams");
    if (!Files.exists(streams)) return 0;
    try (Stream<Path> s = Files.list(streams)) {
      return s.count();
    }
  }

  private static long indexedSegments(String storeId) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from ds_segments where store_id = '" + storeId + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String health(ReferenceServer server) throws Exception {
    return new String(send("GET", server.baseUri().resolve("/health?format=json"), null).body(), StandardCharsets.UTF_8);
  }

  @Test
  void acknowledgedAppendsSurviveARestartAndReadsAcrossLocalAndS3AreByteIdentical() throws Exception {
    Path dir = tmp.resolve("data");
    byte[] written;
    String storeId;
    try (ReferenceServer server = start(dir)) {
      assertThat(send("PUT", stream(server, "orders"), new byte[0]).statusCode()).isEqualTo(201);
      written = append(server, "orders", 0, 60);
      TieredStore store = store(server);
      storeId = store.storeId();
      // ~6 KB in 1 KB segments: most are uploaded and indexed while the tail stays local.
      await("segments are indexed", () -> store.counter("segments_indexed_total") >= 4);
      assertThat(readAll(server, "orders")).isEqualTo(written);
      String metrics = new String(send("GET", server.baseUri().resolve("/metrics"), null).body(), StandardCharsets.UTF_8);
      assertThat(metrics).containsPattern("(?m)^streamcert_tiered_segments_indexed_total [1-9]")
          .containsPattern("(?m)^streamcert_tiered_s3_breaker_state 0$")
          .containsPattern("(?m)^streamcert_tiered_accepting_appends 1$")
          .contains("streamcert_tiered_s3_requests_total{op=\"put\"}");
      assertThat(health(server)).contains("\"status\" : \"ok\"").contains("\"acceptingAppends\" : true")
          .contains("\"storage\" : \"tiered\"");
    }
    try (ReferenceServer server = start(dir)) {
      assertThat(server.streamCount()).isEqualTo(1);
      assertThat(readAll(server, "orders")).as("after a restart").isEqualTo(written);
      byte[] more = append(server, "orders", 60, 80);
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(written);
      both.write(more);
      TieredStore store = store(server);
      await("everything is uploaded", () -> store.backlogBytes() == 0 && store.counter("segments_indexed_total") >= 2);
      assertThat(readAll(server, "orders")).isEqualTo(both.toByteArray());
    }
    assertThat(indexedSegments(storeId)).isGreaterThanOrEqualTo(6);
  }

  @Test
  void theNextSegmentIsCreatedAheadOffTheAppendPathAndAnUnusedOneLeavesNoTrace() throws Exception {
    Path dir = tmp.resolve("ahead");
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    try (ReferenceServer server = start(dir, b -> b.sealAfter(Duration.ofSeconds(60)), UnaryOperator.identity())) {
      TieredStore store = store(server);
      send("PUT", stream(server, "rolling"), new byte[0]);
      written.write(append(server, "rolling", 0, 1));
      for (int roll = 1; roll <= 2; roll++) {
        long made = roll;
        await("the next segment was made ahead", () -> store.counter("segments_made_ahead_total") >= made);
        long sealed = store.counter("segments_sealed_total");
        // 1 KB segments: appends until one is sealed, then one more opens the next segment.
        for (int i = 0; store.counter("segments_sealed_total") == sealed; i++) {
          written.write(append(server, "rolling", roll * 100 + i, roll * 100 + i + 1));
        }
        written.write(append(server, "rolling", roll * 100 + 99, roll * 100 + 100));
        assertThat(store.counter("segments_opened_ahead_total")).as("roll %d used the spare", roll).isEqualTo(roll);
      }
      assertThat(readAll(server, "rolling")).isEqualTo(written.toByteArray());
      await("a spare waits for the next roll", () -> store.counter("segments_made_ahead_total") >= 3);
    }
    try (ReferenceServer server = start(dir)) {
      TieredStore store = store(server);
      assertThat(readAll(server, "rolling")).as("after a restart").isEqualTo(written.toByteArray());
      assertThat(store.problems()).as("the unused spare is no orphan").isEmpty();
      await("everything is uploaded and its local files deleted", () -> store.backlogBytes() == 0);
      await("only the unused spare's file was dropped besides them", () -> {
        try {
          return localSegmentFiles(dir) == 0;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      written.write(append(server, "rolling", 500, 520));
      assertThat(readAll(server, "rolling")).isEqualTo(written.toByteArray());
      await("the new segment's spare is made", () -> store.counter("segments_made_ahead_total") >= 1);
      assertThat(send("DELETE", stream(server, "rolling"), null).statusCode()).isBetween(200, 204);
      await("a deleted stream's segments and spare are gone", () -> {
        try {
          return localSegmentFiles(dir) == 0;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  @Test
  void segmentIdsAreNotGivenOutAgainAfterEveryLocalSegmentWasUploaded() throws Exception {
    Path dir = tmp.resolve("ids");
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    try (ReferenceServer server = start(dir)) {
      TieredStore store = store(server);
      send("PUT", stream(server, "ids"), new byte[0]);
      written.write(append(server, "ids", 0, 30));
      await("every sealed segment is indexed and its local file deleted", () -> store.backlogBytes() == 0
          && store.counter("segments_sealed_total") >= 3
          && store.counter("local_segments_deleted_total") == store.counter("segments_sealed_total"));
    }
    // A restart leaves no local segment at all (the unused spare goes too).
    start(dir).close();
    assertThat(localSegmentFiles(dir)).isZero();
    CountDownLatch never = new CountDownLatch(1);
    UnaryOperator<SegmentBlobs> stuck = putsWaitFor(never);
    try (ReferenceServer server = start(dir, b -> { }, stuck)) {
      // Acknowledged, sealed, never uploaded: only the local segments hold these.
      written.write(append(server, "ids", 30, 60));
    }
    try (ReferenceServer server = start(dir)) {
      assertThat(new String(readAll(server, "ids"), StandardCharsets.UTF_8)).as("local segments made after the restart survive the next")
          .isEqualTo(written.toString(StandardCharsets.UTF_8));
      assertThat(store(server).problems()).isEmpty();
    }
  }

  @Test
  void aLocalSegmentIsDeletedOnlyAfterItsUploadIsConfirmedAndIndexed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    UnaryOperator<SegmentBlobs> gated = putsWaitFor(release);
    Path dir = tmp.resolve("gated");
    try (ReferenceServer server = start(dir, b -> { }, gated)) {
      send("PUT", stream(server, "held"), new byte[0]);
      byte[] written = append(server, "held", 0, 40);
      TieredStore store = store(server);
      await("segments are sealed", () -> store.counter("segments_sealed_total") >= 3);
      // Sealed but not uploaded: every segment is still a local file and nothing is indexed.
      assertThat(localSegmentFiles(dir)).isGreaterThanOrEqualTo(3);
      assertThat(indexedSegments(store.storeId())).isZero();
      assertThat(store.counter("local_segments_deleted_total")).isZero();
      release.countDown();
      await("the sealed segments are indexed and their files deleted",
          () -> store.backlogBytes() == 0 && store.counter("local_segments_deleted_total") >= 3);
      assertThat(indexedSegments(store.storeId())).isEqualTo(store.counter("segments_indexed_total"));
      assertThat(store.counter("local_segments_deleted_total")).isLessThanOrEqualTo(store.counter("segments_indexed_total"));
      assertThat(readAll(server, "held")).isEqualTo(written);
    }
  }

  @Test
  void aFlippedByteInAnS3ObjectIsDetectedAndNeverServed() throws Exception {
    Path dir = tmp.resolve("corrupt");
    String storeId;
    try (ReferenceServer server = start(dir)) {
      send("PUT", stream(server, "fragile"), new byte[0]);
      append(server, "fragile", 0, 30);
      TieredStore store = store(server);
      storeId = store.storeId();
      await("everything is uploaded", () -> store.backlogBytes() == 0 && store.counter("segments_indexed_total") >= 2);
    }
    S3Client direct = s3.direct().client();
    List<String> keys = new ArrayList<>();
    for (String k : S3Objects.keys(direct, s3.direct().bucket(), "")) {
      if (k.contains("/" + storeId + "/")) keys.add(k);
    }
    assertThat(keys).isNotEmpty();
    String first = keys.stream().sorted((a, b) -> a.substring(3).compareTo(b.substring(3))).findFirst().orElseThrow();
    S3Objects.flipByte(direct, s3.direct().bucket(), first, 60);
    try (ReferenceServer server = start(dir)) {
      HttpResponse<byte[]> r = send("GET", URI.create(stream(server, "fragile") + "?offset=-1"), null);
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("checksum").doesNotContain("message-0-");
      String health = health(server);
      assertThat(health).contains("\"status\" : \"degraded\"").contains(first);
      assertThat(store(server).counter("corrupt_objects_detected_total")).isGreaterThanOrEqualTo(1);
    }
  }

  /** Creates {@code name} with 30 messages and waits until they are all uploaded; returns their bytes. */
  private static byte[] createAndUpload(ReferenceServer server, String name) throws Exception {
    send("PUT", stream(server, name), new byte[0]);
    byte[] written = append(server, name, 0, 30);
    TieredStore store = store(server);
    await("everything is uploaded", () -> store.backlogBytes() == 0 && store.counter("segments_indexed_total") >= 2);
    return written;
  }

  @Test
  void withoutASegmentCacheEveryReadFetchesAndVerifiesSoALaterCorruptionIsStillDetected() throws Exception {
    Path dir = tmp.resolve("uncached");
    try (ReferenceServer server = start(dir, b -> b.segmentCacheBytes(0), UnaryOperator.identity())) {
      byte[] written = createAndUpload(server, "reread");
      TieredStore store = store(server);
      assertThat(readAll(server, "reread")).isEqualTo(written);
      long fetched = store.counter("segment_fetches_total");
      assertThat(fetched).as("the first read fetched the uploaded segments").isGreaterThanOrEqualTo(1);
      assertThat(readAll(server, "reread")).isEqualTo(written);
      assertThat(store.counter("segment_fetches_total")).as("the second read fetched them again").isGreaterThanOrEqualTo(2 * fetched);
      assertThat(store.counter("segment_cache_hits_total")).isZero();

      S3Client direct = s3.direct().client();
      List<String> keys = S3Objects.keys(direct, s3.direct().bucket(), "").stream()
          .filter(k -> k.contains("/" + store.storeId() + "/")).toList();
      for (String k : keys) S3Objects.flipByte(direct, s3.direct().bucket(), k, 60);
      HttpResponse<byte[]> r = send("GET", URI.create(stream(server, "reread") + "?offset=-1"), null);
      assertThat(r.statusCode()).as("a read after the objects were corrupted").isEqualTo(500);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("checksum").doesNotContain("message-0-");
      for (String k : keys) S3Objects.flipByte(direct, s3.direct().bucket(), k, 60);
    }
  }

  @Test
  void readsWaitingOnS3DoNotStallOtherConnections() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    UnaryOperator<SegmentBlobs> gate = real -> new io.streamcert.reference.crash.ForwardingSegmentBlobs(real) {
      @Override
      public byte[] get(String key) throws DependencyException {
        waiting.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return real.get(key);
      }
    };
    Path dir = tmp.resolve("gated");
    try (ReferenceServer server = start(dir, b -> b.segmentCacheBytes(0), gate)) {
      try {
        readWhileColdReadsWait(server, release, waiting);
      } finally {
        release.countDown(); // a failed assertion must not leave reads (and the server's close) waiting
      }
    }
  }

  /** Starts more reads of uploaded data than the server has event loops, and reads local data meanwhile. */
  private void readWhileColdReadsWait(ReferenceServer server, CountDownLatch release,
      java.util.concurrent.atomic.AtomicInteger waiting) throws Exception {
    byte[] written = createAndUpload(server, "cold");
    // Each on its own connection, so that every event loop gets some.
    int readers = 2 * Runtime.getRuntime().availableProcessors() + 2;
    List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> cold = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      cold.add(own.sendAsync(HttpRequest.newBuilder(URI.create(stream(server, "cold") + "?offset=-1")).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    await("every cold read waits on S3", () -> waiting.get() >= readers);

    send("PUT", stream(server, "warm"), new byte[0]);
    byte[] local = append(server, "warm", 0, 3);
    assertThat(readAll(server, "warm")).as("a local read while %d reads wait on S3", readers).isEqualTo(local);
    assertThat(cold).as("the cold reads still wait").noneMatch(java.util.concurrent.CompletableFuture::isDone);

    release.countDown();
    for (var f : cold) {
      HttpResponse<byte[]> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(written).startsWith(r.body());
      assertThat(r.body()).isNotEmpty();
    }
  }

  @Test
  void aSegmentCacheServesRepeatedReadsFromMemory() throws Exception {
    Path dir = tmp.resolve("cached");
    try (ReferenceServer server = start(dir)) {
      byte[] written = createAndUpload(server, "hot");
      TieredStore store = store(server);
      assertThat(readAll(server, "hot")).isEqualTo(written);
      long fetched = store.counter("segment_fetches_total");
      assertThat(readAll(server, "hot")).isEqualTo(written);
      assertThat(store.counter("segment_fetches_total")).as("the second read fetched nothing").isEqualTo(fetched);
      assertThat(store.counter("segment_cache_hits_total")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void slowDownCausesRetriesThenBackpressureWithRetryAfterAndRecovers() throws Exception {
    Path dir = tmp.resolve("throttled");
    try (ReferenceServer server = start(dir, b -> b.maxBacklogBytes(3000), UnaryOperator.identity())) {
      send("PUT", stream(server, "busy"), new byte[0]);
      TieredStore store = store(server);
      s3.gateway().throttle(ThrottleRule.always());
      ByteArrayOutputStream acked = new ByteArrayOutputStream();
      HttpResponse<byte[]> refused = null;
      try {
        for (int i = 0; i < 2000 && refused == null; i++) {
          HttpResponse<byte[]> r = send("POST", stream(server, "busy"), message(i));
          if (r.statusCode() == 503) {
            refused = r;
          } else {
            assertThat(r.statusCode()).isBetween(200, 204);
            acked.write(message(i));
          }
        }
        assertThat(refused).as("appends meet backpressure while S3 answers SlowDown").isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("--max-upload-backlog");
        // The backlog may pass its bound before the uploader's first PUT on a busy machine: wait for it.
        await("the uploader meets SlowDown and retries", () -> store.counter("s3_slowdowns_total") > 0
            && store.counter("s3_retries_total") > 0);
        assertThat(health(server)).contains("\"acceptingAppends\" : false");
      } finally {
        s3.gateway().stopThrottling();
      }
      await("the backlog drains", () -> store.backlogBytes() < 3000);
      int n = 5000;
      HttpResponse<byte[]> again = send("POST", stream(server, "busy"), message(n));
      assertThat(again.statusCode()).isBetween(200, 204);
      acked.write(message(n));
      assertThat(readAll(server, "busy")).as("every acknowledged append, nothing else").isEqualTo(acked.toByteArray());
    }
  }

  @Test
  void postgresDownGivesAppends503NotAcknowledgementsAndTheBreakerRecovers() throws Exception {
    Path dir = tmp.resolve("pgdown");
    try (ReferenceServer server = start(dir)) {
      send("PUT", stream(server, "meta"), new byte[0]);
      ByteArrayOutputStream acked = new ByteArrayOutputStream();
      acked.write(append(server, "meta", 0, 5));
      TieredStore store = store(server);
      pgProxy.cut();
      HttpResponse<byte[]> refused;
      try {
        await("the PostgreSQL breaker opens", () -> store.pgBreaker().state() == CircuitBreaker.State.OPEN);
        refused = send("POST", stream(server, "meta"), message(99));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("PostgreSQL");
        assertThat(send("PUT", stream(server, "new-stream"), new byte[0]).statusCode()).isEqualTo(503);
        assertThat(health(server)).contains("\"state\" : \"open\"");
      } finally {
        pgProxy.heal();
      }
      await("the breaker closes again", () -> store.pgBreaker().state() == CircuitBreaker.State.CLOSED);
      assertThat(store.pgBreaker().recentTransitions()).extracting(CircuitBreaker.Transition::to)
          .containsSubsequence(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
      HttpResponse<byte[]> r = null;
      for (int i = 0; i < 100; i++) {
        r = send("POST", stream(server, "meta"), message(100));
        if (r.statusCode() != 503) break;
        Thread.sleep(50);
      }
      assertThat(r.statusCode()).isBetween(200, 204);
      acked.write(message(100));
      assertThat(readAll(server, "meta")).isEqualTo(acked.toByteArray());
    }
  }

  private static long streamRows(String storeId) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select (select count(*) from ds_streams where store_id = '" + storeId + "')"
            + " + (select count(*) from ds_segments where store_id = '" + storeId + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long objects(String storeId) {
    return S3Objects.keys(s3.direct().client(), s3.direct().bucket(), "").stream()
        .filter(k -> k.contains("/" + storeId + "/")).count();
  }

  @Test
  void aStreamDeletedWhilePostgresIsDownStaysDeletedAndItsRowsAndObjectsGoLater() throws Exception {
    Path dir = tmp.resolve("deleted");
    String storeId;
    try (ReferenceServer server = start(dir)) {
      send("PUT", stream(server, "gone"), new byte[0]);
      append(server, "gone", 0, 30);
      TieredStore store = store(server);
      storeId = store.storeId();
      await("segments are indexed", () -> store.backlogBytes() == 0 && store.counter("segments_indexed_total") >= 2);
      assertThat(objects(storeId)).isPositive();
      pgProxy.cut();
      try {
        assertThat(send("DELETE", stream(server, "gone"), null).statusCode()).isEqualTo(204);
      } finally {
        pgProxy.heal();
      }
    }
    try (ReferenceServer server = start(dir)) {
      assertThat(server.streamCount()).isZero();
      assertThat(send("GET", URI.create(stream(server, "gone") + "?offset=-1"), null).statusCode()).isEqualTo(404);
      await("the rows and objects are removed", () -> {
        try {
          return streamRows(storeId) == 0 && objects(storeId) == 0;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  @Test
  void theFailedUploadMutantLosesAcknowledgedData() throws Exception {
    Path dir = tmp.resolve("mutant");
    FailedUploadIsDone[] mutant = new FailedUploadIsDone[1];
    try (ReferenceServer server = start(dir, b -> b.maxAttempts(1), real -> mutant[0] = new FailedUploadIsDone(real))) {
      send("PUT", stream(server, "doomed"), new byte[0]);
      TieredStore store = store(server);
      s3.gateway().throttle(ThrottleRule.always());
      try {
        append(server, "doomed", 0, 20);
        await("a failed upload is taken for done", () -> mutant[0].swallowed() > 0
            && store.counter("local_segments_deleted_total") > 0);
      } finally {
        s3.gateway().stopThrottling();
      }
      HttpResponse<byte[]> r = send("GET", URI.create(stream(server, "doomed") + "?offset=-1"), null);
      assertThat(r.statusCode()).as("the acknowledged data of the lost segment cannot be read").isEqualTo(500);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("missing");
    }
  }
}
