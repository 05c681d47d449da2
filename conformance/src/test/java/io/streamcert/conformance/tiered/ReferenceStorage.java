package io.streamcert.conformance.tiered;

import io.streamcert.infra.pg.PgService;
import io.streamcert.infra.pg.PgServices;
import io.streamcert.infra.s3.S3Endpoint;
import io.streamcert.infra.s3.S3Environment;
import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.storage.tiered.TieredSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the reference server needs for one storage kind in the suites' tests: nothing for memory, a
 * data directory for file, and for tiered also an in-process S3 and a PostgreSQL node, started
 * here and stopped by {@link #close()}. Tiered runs use small segments sealed after 500 ms, so the
 * suites read much of their data back from S3.
 */
public final class ReferenceStorage implements AutoCloseable {

  private final S3Environment s3;
  private final PgService pg;

  private ReferenceStorage(S3Environment s3, PgService pg) {
    this.s3 = s3;
    this.pg = pg;
  }

  /** Starts the dependencies of {@code storage} (none unless tiered). */
  public static ReferenceStorage start(ServerConfig.Storage storage) throws Exception {
    if (storage != ServerConfig.Storage.TIERED) return new ReferenceStorage(null, null);
    S3Environment s3 = S3Environment.inProcess(null, "streamcert-conformance");
    try {
      return new ReferenceStorage(s3, PgServices.singleNode());
    } catch (Exception | Error e) {
      s3.close();
      throw e;
    }
  }

  /** Sets the storage kind and what it needs on a server config. */
  public ServerConfig.Builder configure(ServerConfig.Builder b, ServerConfig.Storage storage, Path dataDir) {
    b.storage(storage).dataDir(storage == ServerConfig.Storage.MEMORY ? null : dataDir);
    if (storage == ServerConfig.Storage.TIERED) {
      S3Endpoint e = s3.endpoint();
      b.tiered(TieredSettings.builder()
          .s3Endpoint(e.uri()).s3Bucket(e.bucket()).s3Region(e.region()).s3AccessKey(e.accessKey()).s3SecretKey(e.secretKey())
          .pgUrl(pg.jdbcUrl()).pgUser(pg.user()).pgPassword(pg.password())
          .segmentBytes(64 * 1024).sealAfter(Duration.ofMillis(500))
          .build());
    }
    return b;
  }

  @Override
  public void close() throws Exception {
    try {
      if (pg != null) pg.close();
    } finally {
      if (s3 != null) s3.close();
    }
  }
}
