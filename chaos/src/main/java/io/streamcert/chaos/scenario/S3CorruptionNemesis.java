package io.streamcert.chaos.scenario;

import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import io.streamcert.infra.s3.S3Endpoint;
import io.streamcert.infra.s3.S3FaultGateway;
import io.streamcert.infra.s3.S3Objects;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Silent corruption of stored segments: each fault flips one byte in the middle of up to 24
 * objects spread over the bucket (directly in the store, bypassing the server), then reads every stream from the
 * beginning through the server and compares with a read made just before. A server must detect the
 * corruption (its checksums) and refuse to serve those bytes; serving different bytes for the same
 * positions is a finding. The heal writes the original objects back.
 *
 * <p>Figures: objects corrupted, GETs of corrupted objects the server made (whether the corruption
 * was exercised at all: a server that still holds its segments locally never fetches them), reads
 * refused after the corruption, and reads that served changed bytes (must be 0).
 */
final class S3CorruptionNemesis implements Nemesis {

  private static final int MAX_READ_REQUESTS = 200;
  private static final int MAX_OBJECTS = 24;

  private final S3FaultGateway gateway;
  private final S3Client direct;
  private final String bucket;
  private final java.util.Set<String> before;
  private final Map<String, byte[]> originals = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Long> fetches = new LinkedHashMap<>();
  private RawHttp http;
  private List<String> streams = List.of();
  private long corrupted;
  private long refusedReads;
  private long verifiedReads;
  private long wrongReads;

  S3CorruptionNemesis(S3Dependency s3) {
    this.gateway = s3.environment().gateway();
    S3Endpoint at = s3.environment().direct();
    this.direct = at.client();
    this.bucket = at.bucket();
    // Objects stored before this run belong to other streams (or other servers on the same bucket):
    // the workload's own readers never fetch them, so they are left alone when newer ones exist.
    this.before = new java.util.HashSet<>(S3Objects.keys(direct, bucket, ""));
  }

  @Override
  public String fault() {
    return "s3_corruption";
  }

  @Override
  public void attach(RawHttp client, List<String> names) {
    this.http = client.withConnectTimeout(Duration.ofSeconds(1)).withReadTimeout(Duration.ofSeconds(5));
    this.streams = List.copyOf(names);
  }

  @Override
  public String start() throws InterruptedException {
    Map<String, Read> snapshot = readAllStreams();
    List<String> all = S3Objects.keys(direct, bucket, "");
    List<String> keys = all.stream().filter(k -> !before.contains(k)).toList();
    if (keys.isEmpty()) keys = all;
    // A bounded, evenly spread choice keeps each fault (and its repair) within a second or two.
    int step = Math.max(1, (keys.size() + MAX_OBJECTS - 1) / MAX_OBJECTS);
    for (int i = 0; i < keys.size(); i += step) {
      String key = keys.get(i);
      byte[] data = direct.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
      if (data.length == 0) continue;
      originals.put(key, data);
      S3Objects.flipByte(direct, bucket, key, data.length / 2);
      corrupted++;
    }
    gateway.watch(originals.keySet());
    Map<String, Read> after = readAllStreams();
    int refusedNow = 0;
    int changedNow = 0;
    for (Map.Entry<String, Read> e : snapshot.entrySet()) {
      Read was = e.getValue();
      Read now = after.get(e.getKey());
      if (was.bytes() == null || now == null) continue;
      if (now.bytes() == null) {
        if (now.status() >= 500) {
          refusedReads++;
          refusedNow++;
        }
        continue;
      }
      int n = Math.min(now.bytes().length, was.bytes().length);
      int diff = firstDifference(was.bytes(), now.bytes(), n);
      if (diff >= 0 || now.bytes().length < was.bytes().length) {
        wrongReads++;
        changedNow++;
        findings.add("a read of " + e.getKey() + " from the beginning after " + originals.size()
            + " stored object(s) were corrupted served different bytes than before: "
            + (diff >= 0 ? "first difference at byte " + diff : "it ended at byte " + now.bytes().length
                + " instead of " + was.bytes().length) + " (corrupted data must be detected and never served)");
      } else {
        verifiedReads++;
      }
    }
    return "flipped one byte in each of " + originals.size() + " of " + keys.size() + " object(s) stored since the run began in"
        + " bucket " + bucket + "; re-read " + snapshot.size() + " stream(s): " + refusedNow + " refused, " + changedNow + " changed";
  }

  /** One read of a whole stream: its bytes, or null with the status that refused it (0: no answer). */
  private record Read(byte[] bytes, int status) {}

  /** Reads every stream from the beginning, in parallel, each within the read timeout per request. */
  private Map<String, Read> readAllStreams() throws InterruptedException {
    Map<String, Read> reads = new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> readers = new ArrayList<>();
    for (String s : streams) {
      Thread t = new Thread(() -> reads.put(s, readAll(s)), "s3-corruption-read");
      t.setDaemon(true);
      readers.add(t);
      t.start();
    }
    for (Thread t : readers) t.join(30_000);
    return new LinkedHashMap<>(reads);
  }

  @Override
  public void heal() {
    if (originals.isEmpty()) return;
    gateway.watchedReads().forEach((k, v) -> fetches.merge(k, v, Long::sum));
    gateway.watch(List.of());
    for (Map.Entry<String, byte[]> e : originals.entrySet()) {
      direct.putObject(b -> b.bucket(bucket).key(e.getKey()), RequestBody.fromBytes(e.getValue()));
    }
    originals.clear();
  }

  /** The stream's bytes from the beginning to its tail, or the status that refused a request. */
  private Read readAll(String stream) {
    if (http == null) return new Read(null, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String at = "-1";
    for (int i = 0; i < MAX_READ_REQUESTS; i++) {
      RawResponse r;
      try {
        r = http.send(RawRequest.builder("GET", stream + "?offset=" + at).header("Connection", "close").build());
      } catch (RawHttpException e) {
        return new Read(null, 0);
      }
      if (r.status() != 200 && r.status() != 204) return new Read(null, r.status());
      out.writeBytes(r.body());
      String next = r.header("Stream-Next-Offset").orElse(null);
      boolean upToDate = r.header("Stream-Up-To-Date").map("true"::equalsIgnoreCase).orElse(false);
      if (next == null || upToDate || next.equals(at)) break;
      at = next;
    }
    return new Read(out.toByteArray(), 200);
  }

  private static int firstDifference(byte[] a, byte[] b, int n) {
    for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
    return -1;
  }

  @Override
  public List<String> findings() {
    return List.copyOf(findings);
  }

  @Override
  public Map<String, Double> figures() {
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("s3.corrupted-objects", (double) corrupted);
    f.put("s3.corrupted-fetches", (double) fetches.values().stream().mapToLong(Long::longValue).sum());
    f.put("s3.corruption.reads-refused", (double) refusedReads);
    f.put("s3.corruption.reads-verified", (double) verifiedReads);
    f.put("s3.corruption.reads-changed", (double) wrongReads);
    return f;
  }

  @Override
  public void close() {
    try {
      heal();
    } finally {
      direct.close();
    }
  }
}
