package io.streamcert.reference.storage.tiered;

import io.streamcert.reference.storage.FileStore;
import io.streamcert.reference.storage.FsyncPolicy;
import io.streamcert.reference.storage.RecoveredStream;
import io.streamcert.reference.storage.RecoveredStream.ProducerPosition;
import io.streamcert.reference.storage.StorageException;
import io.streamcert.reference.storage.StreamDescriptor;
import io.streamcert.reference.storage.StreamLog;
import io.streamcert.reference.storage.StreamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tiered storage: the {@link FileStore} is the local log (appends are acknowledged once durable
 * there), sealed segments are uploaded in the background to S3, and PostgreSQL holds the stream
 * metadata, the segment index and the producer state at each indexed segment's end. A local segment
 * is deleted only after its upload was confirmed and indexed. Reads come from the local log or from
 * S3 objects, whose SHA-256 is verified on every fetch; a corrupt object is never served.
 *
 * <p>Protection: token buckets per S3 operation, retries with backoff and jitter that honour
 * SlowDown, a circuit breaker per dependency, and backpressure (appends and creates get 503 with
 * Retry-After, before anything is written) while PostgreSQL fails or the upload backlog or the
 * local log passes its bound. Everything shows in {@link #health()} and {@link #metrics()}.
 */
public final class TieredStore implements StreamStore {

  private static final Logger LOG = Logger.getLogger(TieredStore.class.getName());
  private static final String SEGMENT_PATH = "/tiered/";

  private final Path root;
  private final TieredSettings settings;
  private final FileStore local;
  private final SegmentBlobs blobs;
  private final MetadataStore meta;
  private final CircuitBreaker s3Breaker;
  private final CircuitBreaker pgBreaker;
  private final Map<String, TokenBucket> rateLimits;
  private final TieredMetrics metrics;
  private final String storeId;
  private final Map<Long, TieredLog> logs = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Segment> uploads = new LinkedBlockingQueue<>();
  private final AtomicLong backlogBytes = new AtomicLong();
  private final AtomicLong localBytes = new AtomicLong();
  private final AtomicLong segmentIds = new AtomicLong();
  private final Set<String> corruptObjects = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
  private final Set<Long> pendingDeletes = ConcurrentHashMap.newKeySet();
  private final List<String> recoveryProblems = new ArrayList<>();
  private final LinkedHashMap<String, SegmentData> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cacheBytes;
  private final ScheduledExecutorService timers;
  private final Thread uploader;
  private final java.util.concurrent.ExecutorService spares;
  private volatile long lastHeartbeatOk = System.nanoTime();
  private volatile String lastPgError;
  private volatile String lastUploadError;
  private volatile boolean closing;
  private long maxId;
  private long recoveryMillis;

  private TieredStore(Path root, TieredSettings settings, FileStore local, SegmentBlobs blobs, S3Segments s3,
      MetadataStore meta, CircuitBreaker s3Breaker, CircuitBreaker pgBreaker, TieredMetrics metrics, String storeId) {
    this.root = root;
    this.settings = settings;
    this.local = local;
    this.blobs = blobs;
    this.meta = meta;
    this.s3Breaker = s3Breaker;
    this.pgBreaker = pgBreaker;
    this.rateLimits = s3.buckets();
    this.metrics = metrics;
    this.storeId = storeId;
    this.timers = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "streamcert-tiered-timer");
      t.setDaemon(true);
      return t;
    });
    this.uploader = new Thread(this::uploadLoop, "streamcert-tiered-uploader");
    this.uploader.setDaemon(true);
    this.spares = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "streamcert-tiered-spares");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens tiered storage with the data directory {@code dir} as its local log. */
  public static TieredStore open(Path dir, FsyncPolicy fsync, TieredSettings settings) throws IOException {
    return open(dir, fsync, settings, UnaryOperator.identity());
  }

  /**
   * Opens tiered storage, passing the S3 segment store through {@code blobs} first (tests wrap it
   * to inject faults or to build mutants).
   *
   * @throws IOException when the data directory, S3 or PostgreSQL cannot be used
   */
  public static TieredStore open(Path dir, FsyncPolicy fsync, TieredSettings settings, UnaryOperator<SegmentBlobs> blobs)
      throws IOException {
    List<String> problems = settings.problems();
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    FileStore local = FileStore.open(root.resolve("local"), fsync);
    String storeId;
    TieredMetrics metrics = new TieredMetrics();
    CircuitBreaker s3Breaker = new CircuitBreaker("s3", settings.breakerFailures(), settings.breakerOpen().toMillis(),
        settings.protection(), System::currentTimeMillis);
    CircuitBreaker pgBreaker = new CircuitBreaker("postgresql", settings.breakerFailures(), settings.breakerOpen().toMillis(),
        settings.protection(), System::currentTimeMillis);
    S3Segments s3 = null;
    MetadataStore meta = null;
    try {
      storeId = storeId(root);
      try {
        s3 = new S3Segments(settings, s3Breaker, metrics);
        s3.ensureBucket();
      } catch (DependencyException | RuntimeException e) {
        throw new IOException("cannot use S3 " + S3Segments.describe(settings.s3Endpoint(), settings.s3Bucket()) + ": "
            + e.getMessage() + " (check --s3-endpoint, --s3-bucket and the credentials)", e);
      }
      try {
        meta = new MetadataStore(settings, pgBreaker, metrics);
        meta.createSchema(storeId);
      } catch (DependencyException | RuntimeException e) {
        throw new IOException("cannot use PostgreSQL at " + settings.pgUrl() + ": " + e.getMessage()
            + " (check --pg-url, --pg-user and --pg-password)", e);
      }
    } catch (IOException e) {
      if (s3 != null) s3.close();
      if (meta != null) meta.close();
      local.close();
      throw e;
    }
    return new TieredStore(root, settings, local, blobs.apply(s3), s3, meta, s3Breaker, pgBreaker, metrics, storeId);
  }

  /** This data directory's id in the bucket and the database (several servers may share both). */
  private static String storeId(Path root) throws IOException {
    Path file = root.resolve("tiered-store-id");
    if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    String id = "s" + HexFormat.of().formatHex(b);
    Path tmp = root.resolve("tiered-store-id.tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  TieredSettings settings() {
    return settings;
  }

  /** The id under which this store's rows and objects are kept. */
  public String storeId() {
    return storeId;
  }

  public long recoveryMillis() {
    return recoveryMillis;
  }

  @Override
  public String kind() {
    return "tiered";
  }

  @Override
  public String durability() {
    return "tiered: acknowledged once durable in the local log (" + local.durability() + "); sealed segments uploaded to "
        + S3Segments.describe(settings.s3Endpoint(), settings.s3Bucket()) + ", indexed in PostgreSQL (" + meta.url()
        + "); protection " + (settings.protection() ? "on" : "OFF");
  }

  /** Reads of uploaded segments fetch them from S3, with retries and backoff when it throttles. */
  @Override
  public boolean readsMayBlock() {
    return true;
  }

  /**
   * True: an append waits for the local log's fsync round (under {@code --fsync always}) and a
   * create for a PostgreSQL commit, so the server must run writes off its event loops. Blocking an
   * event loop instead held each loop to one append per fsync round (no group commit across its
   * connections) and stalled its reads behind the disk.
   */
  @Override
  public boolean waitsForDurability() {
    return true;
  }

  // ------------------------------------------------------------------ create and recover

  @Override
  public StreamLog create(StreamDescriptor d, long startPosition) {
    if (settings.protection()) {
      if (pgBreaker.state() != CircuitBreaker.State.CLOSED) {
        metrics.inc("backpressure_rejections_total{reason=\"postgresql\"}");
        throw busy("the stream was not created: PostgreSQL (metadata) is unavailable, its circuit breaker is "
            + pgBreaker.state().name().toLowerCase() + " (" + pgBreaker.lastFailure() + ")", retryAfterSeconds(pgBreaker));
      }
      long silentMillis = (System.nanoTime() - lastHeartbeatOk) / 1_000_000;
      if (silentMillis > staleAfterMillis()) {
        metrics.inc("backpressure_rejections_total{reason=\"postgresql\"}");
        throw busy("the stream was not created: PostgreSQL (metadata) has not confirmed a write for " + silentMillis
            + " ms (" + lastPgError + ")", 1);
      }
    }
    try {
      meta.createStream(storeId, d, startPosition, 2);
    } catch (DependencyException e) {
      metrics.inc("backpressure_rejections_total{reason=\"postgresql\"}");
      throw busy("the stream was not created: " + e.getMessage(), Math.max(1, (int) ((e.retryAfterMillis() + 999) / 1000)));
    }
    TieredLog log = new TieredLog(this, d.id(), startPosition);
    logs.put(d.id(), log);
    return log;
  }

  @Override
  public long maxRecoveredId() {
    return maxId;
  }

  @Override
  public List<RecoveredStream> recover() {
    long t0 = System.nanoTime();
    List<RecoveredStream> localSegments = local.recover();
    segmentIds.set(local.maxRecoveredId());
    Map<Long, List<RecoveredStream>> byStream = new TreeMap<>();
    for (RecoveredStream r : localSegments) {
      byStream.computeIfAbsent(streamIdOf(r.descriptor()), k -> new ArrayList<>()).add(r);
    }
    List<MetadataStore.StreamRow> rows;
    try {
      rows = meta.load(storeId);
      maxId = meta.maxStreamId(storeId);
    } catch (DependencyException e) {
      throw new IllegalStateException("reading the streams from PostgreSQL failed: " + e.getMessage(), e);
    }
    // New segment ids continue past the indexed ones too: once every local segment was uploaded and
    // deleted, the local log alone would give out ids again that an indexed segment of the same
    // stream holds, and the next recovery would drop such a local segment as "indexed already".
    for (MetadataStore.StreamRow row : rows) {
      for (MetadataStore.SegmentRow r : row.segments()) segmentIds.accumulateAndGet(r.segmentId(), Math::max);
      segmentIds.accumulateAndGet(row.checkpoint().segmentId(), Math::max);
    }
    pendingDeletes.addAll(readPendingDeletes());
    List<RecoveredStream> out = new ArrayList<>();
    for (MetadataStore.StreamRow row : rows) {
      long id = row.descriptor().id();
      maxId = Math.max(maxId, id);
      List<RecoveredStream> mine = byStream.remove(id);
      if (pendingDeletes.contains(id)) {
        if (mine != null) mine.forEach(r -> r.log().delete());
        continue;
      }
      out.add(recoverStream(row, mine == null ? List.of() : mine));
    }
    for (Map.Entry<Long, List<RecoveredStream>> orphan : byStream.entrySet()) {
      if (pendingDeletes.contains(orphan.getKey()) || orphan.getValue().stream().noneMatch(TieredStore::hasState)) {
        // A deleted stream's, or segments never written to (a spare made ahead as its stream went).
        orphan.getValue().forEach(r -> r.log().delete());
        continue;
      }
      String msg = "local segments of stream id " + orphan.getKey() + " are unknown to PostgreSQL (a lost metadata write?);"
          + " they were kept in " + root.resolve("local") + " for inspection";
      LOG.severe(msg);
      recoveryProblems.add(msg);
    }
    for (long id : pendingDeletes) maxId = Math.max(maxId, id);
    recoveryMillis = (System.nanoTime() - t0) / 1_000_000;
    startBackground();
    return out;
  }

  private RecoveredStream recoverStream(MetadataStore.StreamRow row, List<RecoveredStream> localSegs) {
    long id = row.descriptor().id();
    TieredLog log = new TieredLog(this, id, row.startPosition());
    logs.put(id, log);
    Map<Long, Segment> segs = new TreeMap<>();
    for (MetadataStore.SegmentRow r : row.segments()) {
      segs.put(r.segmentId(), new Segment(log, r.segmentId(), r.start(), r.end(), null, new Segment.Remote(r.key(), r.sha256(), r.size())));
    }
    MetadataStore.Checkpoint cp = row.checkpoint();
    boolean closed = cp.closed();
    ProducerPosition closedBy = cp.closedBy();
    String lastSeq = cp.lastStreamSeq();
    Map<String, ProducerPosition> producers = new LinkedHashMap<>(cp.producers());
    boolean softDeleted = row.softDeleted();
    long corruptAt = -1;
    List<RecoveredStream> ordered = new ArrayList<>(localSegs);
    ordered.sort(Comparator.comparingLong(r -> r.descriptor().id()));
    List<Segment> toUpload = new ArrayList<>();
    for (RecoveredStream r : ordered) {
      long segId = r.descriptor().id();
      StreamLog l = r.log();
      if (segs.containsKey(segId) || !hasState(r)) {
        // Indexed already (the server stopped before deleting it), or never written to.
        l.delete();
        continue;
      }
      if (segId > cp.segmentId()) {
        if (r.closed()) closed = true;
        if (r.closedByProducer() != null) closedBy = r.closedByProducer();
        if (r.lastStreamSeq() != null) lastSeq = r.lastStreamSeq();
        producers.putAll(r.producers());
      }
      softDeleted |= r.softDeleted();
      if (r.corruptAt() >= 0 && corruptAt < 0) corruptAt = r.corruptAt();
      Segment s = new Segment(log, segId, l.startPosition(), l.endPosition(), l, null);
      s.sealed = true;
      s.commits = 1;
      s.checkpoint = new MetadataStore.Checkpoint(s.end, segId, closed, closedBy, lastSeq, new LinkedHashMap<>(producers));
      segs.put(segId, s);
      addLocalBytes(s, s.bytes());
      toUpload.add(s);
    }
    List<Segment> list = new ArrayList<>(segs.values());
    list.sort(Comparator.<Segment>comparingLong(s -> s.start).thenComparingLong(s -> s.id));
    long expect = row.startPosition();
    for (Segment s : list) {
      if (s.start != expect && s.bytes() > 0) {
        String msg = "stream " + row.descriptor().path() + ": its segments leave a gap at position " + expect
            + " (the next starts at " + s.start + "); reads stop there";
        LOG.severe(msg);
        recoveryProblems.add(msg);
        if (corruptAt < 0 || expect < corruptAt) corruptAt = expect;
      }
      expect = Math.max(expect, s.end);
    }
    log.restore(list.toArray(new Segment[0]), closed, closedBy, lastSeq, producers);
    for (Segment s : toUpload) enqueueUpload(s);
    return new RecoveredStream(row.descriptor(), log, closed, closedBy, lastSeq, producers, softDeleted, corruptAt);
  }

  /** Whether a local segment was written to (a spare made ahead and never used was not). */
  private static boolean hasState(RecoveredStream r) {
    StreamLog l = r.log();
    return l.endPosition() > l.startPosition() || r.closed() || !r.producers().isEmpty() || r.softDeleted()
        || r.lastStreamSeq() != null;
  }

  private static long streamIdOf(StreamDescriptor segment) {
    String p = segment.path();
    if (!p.startsWith(SEGMENT_PATH)) throw new IllegalStateException("not a tiered segment: " + p);
    String rest = p.substring(SEGMENT_PATH.length());
    return Long.parseLong(rest.substring(0, rest.indexOf('/')));
  }

  /**
   * A local log created ahead of time for a stream's next segment, its start position still open
   * (see {@link FileStore#createUnplaced}).
   */
  record Spare(long id, StreamLog local) {}

  /**
   * The stream's next segment at {@code start}: its spare, placed there, when one is ready (no file
   * is created and nothing is forced on the append path), else a local log created now.
   */
  Segment newLocalSegment(TieredLog log, long start, Spare spare) {
    if (spare != null) {
      local.place(spare.local(), start);
      metrics.inc("segments_opened_total");
      metrics.inc("segments_opened_ahead_total");
      return new Segment(log, spare.id(), start, start, spare.local(), null);
    }
    long id = segmentIds.incrementAndGet();
    StreamDescriptor d = new StreamDescriptor(id, SEGMENT_PATH + log.streamId + "/" + start, "application/octet-stream",
        null, null, 0, null, 0, 0, false);
    StreamLog l = local.create(d, start);
    metrics.inc("segments_opened_total");
    return new Segment(log, id, start, start, l, null);
  }

  /**
   * Creates the stream's next segment's local log in the background, so that sealing a segment does
   * not put the creation of the next one (a directory, a file and three fsyncs) on the append path
   * while the stream's lock is held.
   */
  void prepareSpare(TieredLog log) {
    if (closing) return;
    try {
      spares.execute(() -> makeSpare(log));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the next segment is created on the append path, as without a spare
    }
  }

  private void makeSpare(TieredLog log) {
    if (closing || !log.needsSpare()) return;
    long id = segmentIds.incrementAndGet();
    StreamDescriptor d = new StreamDescriptor(id, SEGMENT_PATH + log.streamId + "/next", "application/octet-stream",
        null, null, 0, null, 0, 0, false);
    StreamLog l;
    try {
      l = local.createUnplaced(d);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "creating the next local segment of stream " + log.streamId + " ahead failed", e);
      return;
    }
    // Refused when the stream was deleted, or a segment newer than this id was created meanwhile
    // (segment ids must grow along a stream): nothing was written to it, so it just goes.
    if (log.offerSpare(new Spare(id, l))) {
      metrics.inc("segments_made_ahead_total");
    } else {
      l.delete();
    }
  }

  // ------------------------------------------------------------------ backpressure

  private static StorageException busy(String message, int retryAfterSeconds) {
    return new StorageException(StorageException.Kind.BUSY, message, null, retryAfterSeconds);
  }

  private static int retryAfterSeconds(CircuitBreaker b) {
    return (int) Math.max(1, (b.millisUntilTrial() + 999) / 1000);
  }

  private long staleAfterMillis() {
    return Math.max(1500, 6 * settings.heartbeat().toMillis());
  }

  /** Why an append would be refused now, or null when it is accepted. */
  private StorageException backpressure(boolean count) {
    if (!settings.protection()) return null;
    CircuitBreaker.State pg = pgBreaker.state();
    if (pg != CircuitBreaker.State.CLOSED) {
      if (count) metrics.inc("backpressure_rejections_total{reason=\"postgresql\"}");
      return busy("not written: PostgreSQL (metadata) is unavailable, its circuit breaker is " + pg.name().toLowerCase()
          + " (" + pgBreaker.lastFailure() + ")", retryAfterSeconds(pgBreaker));
    }
    long silentMillis = (System.nanoTime() - lastHeartbeatOk) / 1_000_000;
    if (silentMillis > staleAfterMillis()) {
      if (count) metrics.inc("backpressure_rejections_total{reason=\"postgresql\"}");
      return busy("not written: PostgreSQL (metadata) has not confirmed a write for " + silentMillis + " ms ("
          + lastPgError + ")", 1);
    }
    long backlog = backlogBytes.get();
    if (backlog > settings.maxBacklogBytes()) {
      if (count) metrics.inc("backpressure_rejections_total{reason=\"upload-backlog\"}");
      return busy("not written: " + backlog + " bytes of sealed segments wait for upload to S3, more than --max-upload-backlog "
          + settings.maxBacklogBytes() + (lastUploadError == null ? "" : " (last upload error: " + lastUploadError + ")"), 1);
    }
    long held = localBytes.get();
    if (held > settings.maxLocalBytes()) {
      if (count) metrics.inc("backpressure_rejections_total{reason=\"local-log\"}");
      return busy("not written: the local log holds " + held + " bytes, more than --max-local-log " + settings.maxLocalBytes(), 1);
    }
    return null;
  }

  void admitAppend() {
    StorageException refused = backpressure(true);
    if (refused != null) throw refused;
    metrics.inc("appends_admitted_total");
  }

  void addLocalBytes(Segment s, long n) {
    localBytes.addAndGet(n);
  }

  void enqueueUpload(Segment s) {
    if (s.inBacklog.compareAndSet(false, true)) backlogBytes.addAndGet(s.bytes());
    metrics.inc("segments_sealed_total");
    uploads.add(s);
  }

  // ------------------------------------------------------------------ background work

  private void startBackground() {
    long hb = settings.heartbeat().toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, 0, hb, TimeUnit.MILLISECONDS);
    long sealTick = Math.max(10, Math.min(250, settings.sealAfter().toMillis() / 4));
    timers.scheduleWithFixedDelay(this::sealOld, sealTick, sealTick, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::retryPendingDeletes, 1, 2, TimeUnit.SECONDS);
    uploader.start();
  }

  private void heartbeat() {
    try {
      meta.heartbeat(storeId);
      lastHeartbeatOk = System.nanoTime();
    } catch (DependencyException e) {
      lastPgError = e.getMessage();
      metrics.inc("pg_heartbeat_failures_total");
    } catch (RuntimeException e) {
      lastPgError = String.valueOf(e);
      LOG.log(Level.WARNING, "heartbeat failed", e);
    }
  }

  private void sealOld() {
    long age = settings.sealAfter().toNanos();
    for (TieredLog log : logs.values()) {
      try {
        log.sealIfOlderThan(age);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "sealing failed", e);
      }
    }
  }

  private void uploadLoop() {
    while (!closing) {
      Segment s;
      try {
        s = uploads.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (s == null) continue;
      try {
        upload(s);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastUploadError = String.valueOf(e.getMessage());
        LOG.log(Level.WARNING, "uploading " + s + " failed; it will be retried", e);
        metrics.inc("upload_errors_total");
        if (!closing) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException ie) {
            return;
          }
          uploads.add(s);
        }
      }
    }
  }

  /** Exceptions a step of an upload throws when it must stop (the stream was deleted, the store closes). */
  @FunctionalInterface
  private interface Step {
    void run() throws DependencyException;
  }

  /** Retries a step until it succeeds; returns false when the segment no longer needs it. */
  private boolean untilDone(Segment s, String what, Step step) throws InterruptedException {
    while (true) {
      if (closing || s.owner.deleted) return false;
      try {
        step.run();
        return true;
      } catch (DependencyException e) {
        lastUploadError = what + ": " + e.getMessage();
        metrics.inc("upload_step_failures_total{step=\"" + what + "\"}");
        Thread.sleep(Math.max(settings.protection() ? 50 : 100, Math.min(5000, e.retryAfterMillis())));
      }
    }
  }

  String key(long streamId, Segment s) {
    int prefix = Math.floorMod(Long.hashCode(streamId * 1_000_003L + s.id), settings.s3PrefixCount());
    return String.format("%02x/%s/%d/%020d-%d.seg", prefix, storeId, streamId, s.start, s.id);
  }

  private void upload(Segment s) throws InterruptedException {
    TieredLog owner = s.owner;
    if (owner.deleted || s.remote != null) {
      dropFromBacklog(s);
      return;
    }
    List<byte[]> records = new ArrayList<>();
    s.lock.readLock().lock();
    try {
      StreamLog l = s.local;
      if (l == null) return;
      long pos = s.start;
      while (pos < s.end) {
        long reached = l.read(pos, s.end, Long.MAX_VALUE, true, (a, off, len, e, whole) ->
            records.add(java.util.Arrays.copyOfRange(a, off, off + len)));
        if (reached <= pos) throw new IllegalStateException("reading " + s + " stalled at " + pos);
        pos = reached;
      }
    } finally {
      s.lock.readLock().unlock();
    }
    byte[] object = SegmentObject.encode(owner.streamId, s.start, s.end, records);
    String sha = SegmentObject.sha256(object);
    String key = key(owner.streamId, s);
    long t0 = System.nanoTime();
    if (!untilDone(s, "upload", () -> blobs.put(key, object, sha))) {
      dropFromBacklog(s);
      return;
    }
    metrics.inc("segments_uploaded_total");
    metrics.add("segment_bytes_uploaded_total", object.length);
    MetadataStore.SegmentRow row = new MetadataStore.SegmentRow(owner.streamId, s.id, s.start, s.end, key, sha,
        object.length, records.size());
    if (!untilDone(s, "index", () -> meta.indexSegment(storeId, row, s.checkpoint))) {
      dropFromBacklog(s);
      return;
    }
    metrics.inc("segments_indexed_total");
    metrics.add("upload_millis_total", (System.nanoTime() - t0) / 1_000_000);
    s.remote = new Segment.Remote(key, sha, object.length);
    lastUploadError = null;
    dropLocal(s);
  }

  private void dropFromBacklog(Segment s) {
    if (s.inBacklog.compareAndSet(true, false)) backlogBytes.addAndGet(-s.bytes());
  }

  /** Deletes a segment's local log once no reader uses it (after upload and indexing, or with its stream). */
  void dropLocal(Segment s) {
    StreamLog l;
    s.lock.writeLock().lock();
    try {
      l = s.local;
      s.local = null;
    } finally {
      s.lock.writeLock().unlock();
    }
    dropFromBacklog(s);
    if (l == null) return;
    localBytes.addAndGet(-s.bytes());
    try {
      // Forces what is pending first, so no fsync round touches the log after it is gone.
      if (!s.owner.deleted) l.awaitDurable(s.end);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "forcing " + s + " before deleting it failed", e);
    }
    l.delete();
    metrics.inc("local_segments_deleted_total");
  }

  // ------------------------------------------------------------------ remote reads

  SegmentData remoteData(Segment s) {
    Segment.Remote r = s.remote;
    if (r == null) {
      throw new StorageException(StorageException.Kind.FAILED, s + " has neither a local log nor an object", null);
    }
    synchronized (cache) {
      SegmentData d = cache.get(r.key());
      if (d != null) {
        metrics.inc("segment_cache_hits_total");
        return d;
      }
    }
    metrics.inc("segment_fetches_total");
    byte[] object;
    try {
      object = blobs.get(r.key());
    } catch (DependencyException e) {
      switch (e.reason()) {
        case NOT_FOUND -> throw corrupt("segment object " + r.key() + " of stream " + s.owner.streamId
            + " is indexed but missing from S3; the data is not served");
        case CORRUPT -> throw corrupt("segment object " + r.key() + ": " + e.getMessage() + "; it is not served");
        default -> throw busy("reading " + s + " from S3 failed: " + e.getMessage(),
            Math.max(1, (int) ((e.retryAfterMillis() + 999) / 1000)));
      }
    }
    SegmentData d;
    try {
      d = SegmentObject.decode(r.key(), object, r.sha256(), s.owner.streamId, s.start, s.end);
    } catch (SegmentObject.CorruptObjectException e) {
      throw corrupt(e.getMessage());
    }
    long limit = settings.segmentCacheBytes();
    if (d.bytes() > limit) return d;
    synchronized (cache) {
      SegmentData previous = cache.put(r.key(), d);
      if (previous != null) cacheBytes -= previous.bytes();
      cacheBytes += d.bytes();
      var it = cache.entrySet().iterator();
      while (cacheBytes > limit && it.hasNext()) {
        var eldest = it.next();
        if (eldest.getValue() == d) break;
        cacheBytes -= eldest.getValue().bytes();
        it.remove();
      }
    }
    return d;
  }

  private StorageException corrupt(String message) {
    metrics.inc("corrupt_objects_detected_total");
    synchronized (corruptObjects) {
      if (corruptObjects.size() < 100) corruptObjects.add(message);
    }
    LOG.severe(message);
    return new StorageException(StorageException.Kind.CORRUPT, message, null);
  }

  // ------------------------------------------------------------------ deletion

  void softDeleteMetadata(TieredLog log) {
    try {
      meta.markSoftDeleted(storeId, log.streamId, 2);
    } catch (DependencyException e) {
      throw busy("the stream was not deleted: " + e.getMessage(), Math.max(1, (int) ((e.retryAfterMillis() + 999) / 1000)));
    }
  }

  /**
   * Forgets a deleted stream: it is recorded in {@code tiered-pending-deletes} at once (so a restart
   * never brings it back), and its rows and objects are removed in the background, not on the
   * request's thread; PostgreSQL or S3 being down only delays that.
   */
  void streamDeleted(TieredLog log) {
    long id = log.streamId;
    logs.remove(id);
    pendingDeletes.add(id);
    writePendingDeletes();
    if (closing) return;
    try {
      timers.execute(() -> {
        if (deleteMetadata(id)) writePendingDeletes();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the next start retries from the file
    }
  }

  /** Removes a deleted stream's rows and objects; false when PostgreSQL could not be reached. */
  private boolean deleteMetadata(long streamId) {
    List<String> keys;
    try {
      keys = meta.deleteStream(storeId, streamId, 1);
    } catch (DependencyException e) {
      return false;
    }
    pendingDeletes.remove(streamId);
    for (String key : keys) {
      synchronized (cache) {
        SegmentData d = cache.remove(key);
        if (d != null) cacheBytes -= d.bytes();
      }
      try {
        blobs.delete(key);
      } catch (DependencyException e) {
        // An orphan object costs space but no correctness: no index row points to it any more.
        LOG.fine("could not delete " + key + ": " + e.getMessage());
      }
    }
    return true;
  }

  private void retryPendingDeletes() {
    if (pendingDeletes.isEmpty()) return;
    boolean changed = false;
    for (Long id : List.copyOf(pendingDeletes)) {
      if (deleteMetadata(id)) changed = true;
    }
    if (changed) writePendingDeletes();
  }

  private Set<Long> readPendingDeletes() {
    Path file = root.resolve("tiered-pending-deletes");
    Set<Long> out = new LinkedHashSet<>();
    if (!Files.exists(file)) return out;
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) out.add(Long.parseLong(line.trim()));
      }
    } catch (IOException | NumberFormatException e) {
      recoveryProblems.add("cannot read " + file + ": " + e.getMessage());
    }
    return out;
  }

  private synchronized void writePendingDeletes() {
    Path file = root.resolve("tiered-pending-deletes");
    Path tmp = root.resolve("tiered-pending-deletes.tmp");
    StringBuilder b = new StringBuilder();
    for (Long id : pendingDeletes) b.append(id).append('\n');
    try {
      Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot record pending deletions in " + file, e);
    }
  }

  // ------------------------------------------------------------------ health and metrics

  @Override
  public List<String> problems() {
    List<String> out = new ArrayList<>(recoveryProblems);
    out.addAll(local.problems());
    synchronized (corruptObjects) {
      out.addAll(corruptObjects);
    }
    if (s3Breaker.state() != CircuitBreaker.State.CLOSED) {
      out.add("S3 circuit breaker " + s3Breaker.state().name().toLowerCase() + ": " + s3Breaker.lastFailure());
    }
    if (pgBreaker.state() != CircuitBreaker.State.CLOSED) {
      out.add("PostgreSQL circuit breaker " + pgBreaker.state().name().toLowerCase() + ": " + pgBreaker.lastFailure());
    }
    StorageException refused = settings.protection() ? backpressureQuietly() : null;
    if (refused != null) out.add("backpressure: appends get 503 (" + refused.getMessage() + ")");
    return out;
  }

  /** The backpressure decision without counting a rejection. */
  private StorageException backpressureQuietly() {
    return backpressure(false);
  }

  private static Map<String, Object> breaker(CircuitBreaker b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", b.state().name().toLowerCase().replace('_', '-'));
    m.put("enabled", b.enabled());
    m.put("consecutiveFailures", b.consecutiveFailures());
    m.put("transitions", b.transitions());
    m.put("refusedCalls", b.refused());
    m.put("millisUntilTrial", b.millisUntilTrial());
    m.put("lastFailure", b.lastFailure());
    List<Map<String, Object>> recent = new ArrayList<>();
    for (CircuitBreaker.Transition t : b.recentTransitions()) {
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("atMillis", t.atMillis());
      tm.put("from", t.from().name().toLowerCase().replace('_', '-'));
      tm.put("to", t.to().name().toLowerCase().replace('_', '-'));
      tm.put("reason", t.reason());
      recent.add(tm);
    }
    m.put("recentTransitions", recent);
    return m;
  }

  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    StorageException refused = backpressureQuietly();
    h.put("storeId", storeId);
    h.put("protection", settings.protection());
    h.put("acceptingAppends", refused == null);
    h.put("backpressure", refused == null ? null : refused.getMessage());
    h.put("retryAfterSeconds", refused == null ? null : refused.retryAfterSeconds());
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("endpoint", settings.s3Endpoint().toString());
    s3.put("bucket", settings.s3Bucket());
    s3.put("prefixCount", settings.s3PrefixCount());
    s3.put("breaker", breaker(s3Breaker));
    Map<String, Object> rates = new LinkedHashMap<>();
    for (TokenBucket b : rateLimits.values()) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("configuredPerSecond", b.configuredRate());
      rm.put("currentPerSecond", b.rate());
      rm.put("slowDowns", b.slowDowns());
      rm.put("throttledMillis", b.throttledMillis());
      rates.put(b.name(), rm);
    }
    s3.put("rateLimits", new TreeMap<>(rates));
    h.put("s3", s3);
    Map<String, Object> pg = new LinkedHashMap<>();
    pg.put("url", meta.url());
    pg.put("breaker", breaker(pgBreaker));
    pg.put("millisSinceHeartbeat", (System.nanoTime() - lastHeartbeatOk) / 1_000_000);
    pg.put("lastError", lastPgError);
    h.put("postgresql", pg);
    Map<String, Object> up = new LinkedHashMap<>();
    up.put("backlogSegments", uploads.size());
    up.put("backlogBytes", backlogBytes.get());
    up.put("maxBacklogBytes", settings.maxBacklogBytes());
    up.put("lastError", lastUploadError);
    h.put("uploads", up);
    Map<String, Object> lo = new LinkedHashMap<>();
    lo.put("bytes", localBytes.get());
    lo.put("maxBytes", settings.maxLocalBytes());
    lo.put("problems", local.problems());
    h.put("localLog", lo);
    synchronized (corruptObjects) {
      h.put("corruptObjects", List.copyOf(corruptObjects));
    }
    h.put("counters", metrics.snapshot());
    return h;
  }

  @Override
  public Map<String, Number> metrics() {
    Map<String, Number> m = new TreeMap<>();
    metrics.snapshot().forEach((k, v) -> m.put("streamcert_tiered_" + k, v));
    m.put("streamcert_tiered_upload_backlog_bytes", backlogBytes.get());
    m.put("streamcert_tiered_upload_backlog_segments", uploads.size());
    m.put("streamcert_tiered_local_log_bytes", localBytes.get());
    m.put("streamcert_tiered_s3_breaker_state", s3Breaker.state().ordinal());
    m.put("streamcert_tiered_pg_breaker_state", pgBreaker.state().ordinal());
    m.put("streamcert_tiered_s3_breaker_transitions_total", s3Breaker.transitions());
    m.put("streamcert_tiered_pg_breaker_transitions_total", pgBreaker.transitions());
    m.put("streamcert_tiered_accepting_appends", backpressureQuietly() == null ? 1 : 0);
    for (TokenBucket b : rateLimits.values()) {
      m.put("streamcert_tiered_s3_rate_per_second{op=\"" + b.name() + "\"}", b.rate());
    }
    return m;
  }

  /** Test hook: the counters by name. */
  long counter(String name) {
    return metrics.get(name);
  }

  CircuitBreaker s3Breaker() {
    return s3Breaker;
  }

  CircuitBreaker pgBreaker() {
    return pgBreaker;
  }

  long backlogBytes() {
    return backlogBytes.get();
  }

  @Override
  public void close() {
    closing = true;
    timers.shutdownNow();
    spares.shutdown();
    uploader.interrupt();
    try {
      uploader.join(5000);
      timers.awaitTermination(5, TimeUnit.SECONDS);
      spares.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    local.close();
    blobs.close();
    meta.close();
  }
}
