package io.streamcert.cli;

import io.streamcert.chaos.scenario.Dependencies;
import io.streamcert.chaos.scenario.PgDependency;
import io.streamcert.chaos.scenario.S3Dependency;
import io.streamcert.fixtures.LaunchedTarget;
import io.streamcert.fixtures.TargetDescriptor;
import io.streamcert.infra.s3.S3Endpoint;
import java.io.IOException;
import java.util.Map;

/**
 * What the built-in reference server needs for {@code --reference-storage tiered}, started by the
 * harness itself: S3Proxy behind the SlowDown gateway and a TCP fault proxy, and PostgreSQL (a
 * primary with a synchronous streaming replica from the installed programs, else one embedded
 * node). Closing it stops everything.
 */
final class TieredReference implements AutoCloseable {

  static final String BUCKET = "streamcert-segments";

  private final S3Dependency s3;
  private final PgDependency pg;

  private TieredReference(S3Dependency s3, PgDependency pg) {
    this.s3 = s3;
    this.pg = pg;
  }

  /** Starts S3 and PostgreSQL; nothing is left running when it fails. */
  static TieredReference start() throws IOException {
    return start("");
  }

  /**
   * Starts S3 and PostgreSQL shaped for scenario {@code scenario} (see {@link
   * PgDependency#forScenario}): an asynchronous replica for pg-failover-async, else the primary with a
   * synchronous replica, behind a fault proxy per node (which pg-partition cuts).
   */
  static TieredReference start(String scenario) throws IOException {
    S3Dependency s3 = S3Dependency.start(null, BUCKET);
    try {
      return new TieredReference(s3, PgDependency.forScenario(scenario));
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  /** Gives the launch the {@code s3.*} and {@code postgres.*} placeholders. */
  LaunchedTarget.Builder provide(LaunchedTarget.Builder b) {
    S3Endpoint at = s3.serverEndpoint();
    b.provide("s3.endpoint", at.uri().toString()).provide("s3.region", at.region()).provide("s3.bucket", at.bucket())
        .provide("s3.access-key", at.accessKey()).provide("s3.secret-key", at.secretKey());
    for (Map.Entry<String, String> e : pg.placeholders().entrySet()) b.provide(e.getKey(), e.getValue());
    return b;
  }

  /** The services, for scenarios that inject faults into them. */
  Dependencies dependencies() {
    return pg.addTo(Dependencies.none().with(S3Dependency.class, s3));
  }

  S3Dependency s3() {
    return s3;
  }

  /** One line for progress output. */
  String describe() {
    return "S3: " + s3.describe() + "; PostgreSQL: " + pg.describe();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      // S3 still stops below; PostgreSQL's fixture deletes what it can
    } finally {
      s3.close();
    }
  }

  /** The reference server with tiered storage in its everyday tuning (64 KB segments, the server's default bounds). */
  static TargetDescriptor descriptor(boolean protection) {
    return descriptor(protection, false);
  }

  /**
   * The reference server with tiered storage. {@code chaos} tuning uses small segments sealed after
   * 250 ms, so that uploads run all the time during a short run, and a 64 KB upload backlog, so that
   * a throttled S3 turns into backpressure (503 with Retry-After) within seconds, and no segment cache,
   * so that every read of an uploaded segment goes to S3 (a cached copy would hide what S3 faults and
   * corrupted objects do to reads); it is too tight for the conformance suite's load, which gets the
   * everyday tuning. {@code protection} off turns rate limits, breakers and backpressure off, only to
   * measure what they cost.
   */
  static TargetDescriptor descriptor(boolean protection, boolean chaos) {
    String tuning = chaos ? "--segment-size, 16KB, --seal-after, 250ms, --max-upload-backlog, 64KB, --segment-cache, \"0\""
        : "--segment-size, 64KB, --seal-after, 500ms";
    String label = (chaos ? ", chaos tuning" : "") + (protection ? "" : ", protection off");
    String yaml = """
        name: streamcert reference server (tiered%s)
        protocol: durable-streams
        base-url: http://${host}:${port}
        stream-path: /v1/stream/
        launch:
          command: [ "${java}", -cp, "${classpath}", io.streamcert.cli.Main, serve,
                     --host, 127.0.0.1, --port, "${port}", --long-poll-timeout, 1s, --sse-reconnect-interval, 5s,
                     --storage, tiered, --data-dir, "${data-dir}", --fsync, always,
                     --s3-endpoint, "${s3.endpoint}", --s3-bucket, "${s3.bucket}", --s3-region, "${s3.region}",
                     --s3-access-key, "${s3.access-key}", --s3-secret-key, "${s3.secret-key}", --s3-prefix-count, "4",
                     --pg-url, "${postgres.jdbc-url}", --pg-user, "${postgres.user}", --pg-password, "${postgres.password}",
                     %s,
                     --breaker-open, 1s, --tiered-protection, %s ]
          ready: { http-get: /health, status: 200, within: 60s }
          stop: SIGTERM
          stop-timeout: 10s
        requires: [postgres, s3]
        features: [core, json, long-poll, sse, idempotent-producer, closure, fork, ttl, caching, security-headers]
        storage: tiered
        fsync: always
        """.formatted(label, tuning, protection ? "on" : "off");
    return TargetDescriptor.parse(yaml, "built-in reference server (tiered storage" + label + ")");
  }
}
