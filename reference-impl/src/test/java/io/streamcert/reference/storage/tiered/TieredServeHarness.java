package io.streamcert.reference.storage.tiered;

import io.streamcert.infra.pg.PgBinaries;
import io.streamcert.infra.pg.PgCluster;
import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import io.streamcert.infra.s3.S3Environment;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.storage.FileStore;
import io.streamcert.reference.storage.FsyncPolicy;
import io.streamcert.reference.storage.StreamStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Not a test: a main that serves the reference server with {@code tiered} storage (in-process S3
 * and PostgreSQL, a primary with a synchronous replica where the server programs are installed, as
 * certify starts them) or {@code file} storage, with certify's everyday tiered tuning (64 KB
 * segments sealed after 500 ms, fsync always), so that {@code ./streamcert load --target URL}
 * measures its append latency by hand. Prints the origin, then serves until stdin closes.
 *
 * <pre>
 * java -cp "reference-impl/target/test-classes:reference-impl/target/classes:$(cat cp.txt)" \
 *   io.streamcert.reference.storage.tiered.TieredServeHarness tiered /tmp/data
 * </pre>
 */
public final class TieredServeHarness {

  private TieredServeHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("tiered") || args[0].equals("file"))) {
      System.err.println("usage: TieredServeHarness tiered|file DATA_DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    S3Environment s3 = null;
    PgService pg = null;
    StreamStore store;
    ServerConfig.Builder config = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir);
    if (args[0].equals("tiered")) {
      s3 = S3Environment.inProcess(null, "streamcert-segments");
      pg = PgBinaries.locate().isPresent()
          ? PgCluster.builder().replication(PgCluster.Replication.SYNCHRONOUS).start() : PgServices.singleNode();
      var e = s3.endpoint();
      TieredSettings s = TieredSettings.builder()
          .s3Endpoint(e.uri()).s3Bucket(e.bucket()).s3Region(e.region()).s3AccessKey(e.accessKey()).s3SecretKey(e.secretKey())
          .s3PrefixCount(4).pgUrl(pg.jdbcUrl()).pgUser(pg.user()).pgPassword(pg.password())
          .segmentBytes(64 * 1024).sealAfter(Duration.ofMillis(500)).breakerOpen(Duration.ofSeconds(1)).build();
      config.storage(ServerConfig.Storage.TIERED).tiered(s);
      store = TieredStore.open(dir, FsyncPolicy.ALWAYS, s);
    } else {
      config.storage(ServerConfig.Storage.FILE).fsync(FsyncPolicy.ALWAYS);
      store = FileStore.open(dir, FsyncPolicy.ALWAYS);
    }
    ReferenceServer server = ReferenceServer.start(config.build(), store);
    System.out.println(server.baseUri());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
    } finally {
      server.close();
      if (pg != null) pg.close();
      if (s3 != null) s3.close();
    }
  }
}
