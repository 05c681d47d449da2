package io.streamcert.reference.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps every stream in a data directory: {@code streams/<id>/meta.properties} (its settings,
 * written atomically at creation) and {@code streams/<id>/log} (CRC-framed records, each carrying
 * the data and the state it changes). Reads come from the files; memory holds only each log's
 * index. The directory is locked for the life of the store.
 */
public final class FileStore implements StreamStore {

  private static final Logger LOG = Logger.getLogger(FileStore.class.getName());
  static final String LOG_FILE = "log";
  static final String META = "meta.properties";
  private static final int MAX_OPEN_FILES = 512;
  /** The start position of a log created by {@link #createUnplaced} until it is placed. */
  static final long UNPLACED = -1;

  private final Path root;
  private final Path streams;
  private final Path trash;
  private final FsyncPolicy policy;
  private final Syncer syncer;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Map<FileLog, FileChannel> open = new LinkedHashMap<>(64, 0.75f, true);
  private volatile IOException failure;
  private long maxId;
  private long recoveryMillis;

  private FileStore(Path root, FsyncPolicy policy, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.streams = root.resolve("streams");
    this.trash = root.resolve("trash");
    this.policy = policy;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.syncer = new Syncer(policy);
  }

  /**
   * Opens (creating it if needed) and locks a data directory.
   *
   * @throws IOException when the directory cannot be used, or another server holds its lock
   */
  public static FileStore open(Path dir, FsyncPolicy policy) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root.resolve("streams"));
    Files.createDirectories(root.resolve("trash"));
    FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("the data directory " + root + " is in use by another streamcert server; "
          + "stop that server or choose another --data-dir");
    }
    ch.truncate(0);
    ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
    return new FileStore(root, policy, ch, lock);
  }

  public Path root() {
    return root;
  }

  public FsyncPolicy policy() {
    return policy;
  }

  /** How long the last recovery took. */
  public long recoveryMillis() {
    return recoveryMillis;
  }

  @Override
  public String kind() {
    return "file";
  }

  @Override
  public String durability() {
    return "file at " + root + ", fsync " + policy + ": " + policy.risk();
  }

  @Override
  public boolean waitsForDurability() {
    return policy.mode() == FsyncPolicy.Mode.ALWAYS;
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    if (failure != null) all.add("writes stopped after an I/O failure: " + failure.getMessage());
    return all;
  }

  Syncer syncer() {
    return syncer;
  }

  void checkWritable() {
    if (failure != null) {
      throw new StorageException(StorageException.Kind.FAILED,
          "the store stopped taking writes after an I/O failure (" + failure.getMessage() + "); restart the server", failure);
    }
  }

  void fail(IOException e) {
    if (failure == null) {
      failure = e;
      LOG.log(Level.SEVERE, "file store failed; writes are refused until restart", e);
    }
  }

  /** The log's open channel, from a bounded cache of open files (evicted channels are closed). */
  FileChannel channel(FileLog log) throws IOException {
    synchronized (open) {
      FileChannel ch = open.get(log);
      if (ch != null && ch.isOpen()) return ch;
      ch = FileChannel.open(log.file(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      open.put(log, ch);
      if (open.size() > MAX_OPEN_FILES) {
        var it = open.entrySet().iterator();
        Map.Entry<FileLog, FileChannel> eldest = it.next();
        it.remove();
        // An evicted log may hold unforced data: force it before closing, so no fsync is skipped.
        try {
          eldest.getValue().force(false);
        } finally {
          eldest.getValue().close();
        }
      }
      return ch;
    }
  }

  @Override
  public StreamLog create(StreamDescriptor d, long startPosition) {
    checkWritable();
    Path dir = streams.resolve(Long.toString(d.id()));
    try {
      Files.createDirectories(dir);
      Properties p = new Properties();
      p.setProperty("id", Long.toString(d.id()));
      p.setProperty("path", d.path());
      p.setProperty("contentType", d.contentType());
      if (d.ttlSeconds() != null) p.setProperty("ttlSeconds", d.ttlSeconds().toString());
      if (d.expiresAt() != null) p.setProperty("expiresAt", d.expiresAt().toString());
      p.setProperty("parentId", Long.toString(d.parentId()));
      if (d.forkedFrom() != null) p.setProperty("forkedFrom", d.forkedFrom());
      p.setProperty("forkPosition", Long.toString(d.forkPosition()));
      p.setProperty("forkSubOffset", Long.toString(d.forkSubOffset()));
      p.setProperty("createdClosed", Boolean.toString(d.createdClosed()));
      p.setProperty("startPosition", Long.toString(startPosition));
      Path tmp = dir.resolve(META + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "streamcert stream settings");
      }
      boolean durable = policy.mode() == FsyncPolicy.Mode.ALWAYS;
      if (durable) force(tmp);
      move(tmp, dir.resolve(META));
      Files.createFile(dir.resolve(LOG_FILE));
      if (durable) {
        // The create is acknowledged, so its directory entries must survive a crash too.
        force(dir);
        force(streams);
      }
    } catch (IOException e) {
      boolean full = String.valueOf(e.getMessage()).contains("No space left");
      deleteTree(dir);
      if (!full) fail(e);
      throw new StorageException(full ? StorageException.Kind.FULL : StorageException.Kind.FAILED,
          full ? "the disk is full; the stream was not created" : "creating the stream failed: " + e.getMessage(), e);
    }
    FileLog log = new FileLog(this, dir, startPosition);
    log.recoveredSize(0);
    return log;
  }

  /**
   * Creates a log, as durably as {@link #create}, whose start position is given later by {@link
   * #place}, just before its first write. It lets a caller that writes in segments (tiered storage)
   * create the next segment ahead of time, off its append path, while the position where it will
   * start is not known yet. Its {@code meta.properties} says {@code startPosition=-1}; recovery takes
   * the start from its first record (every record carries its position), and an unplaced log that
   * holds no record is recovered empty, with start and end -1.
   */
  public StreamLog createUnplaced(StreamDescriptor d) {
    return create(d, UNPLACED);
  }

  /**
   * Gives a log from {@link #createUnplaced} its start position; call it once, under the lock its
   * writes take, before the first write.
   *
   * @throws IllegalStateException when the log was placed or written already
   */
  public void place(StreamLog log, long start) {
    ((FileLog) log).placeAt(start);
  }

  /** Moves the stream's directory to the trash, then deletes it: a crash leaves it whole or gone. */
  void delete(FileLog log) {
    synchronized (open) {
      FileChannel ch = open.remove(log);
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the file is going away
        }
      }
    }
    Path target = trash.resolve(log.dir().getFileName().toString() + "-" + System.nanoTime());
    try {
      move(log.dir(), target);
      force(streams);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not move " + log.dir() + " to the trash", e);
      target = log.dir();
    }
    deleteTree(target);
  }

  @Override
  public long maxRecoveredId() {
    return maxId;
  }

  @Override
  public List<RecoveredStream> recover() {
    long t0 = System.nanoTime();
    deleteTree(trash);
    try {
      Files.createDirectories(trash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RecoveredStream> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(streams)) {
      for (Path dir : dirs) {
        RecoveredStream r = recoverOne(dir);
        if (r != null) {
          out.add(r);
          maxId = Math.max(maxId, r.descriptor().id());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the data directory " + streams, e);
    }
    out.sort(Comparator.comparingLong(r -> r.descriptor().id()));
    recoveryMillis = (System.nanoTime() - t0) / 1_000_000;
    return out;
  }

  private RecoveredStream recoverOne(Path dir) throws IOException {
    Path meta = dir.resolve(META);
    if (!Files.exists(meta)) {
      // A create that crashed before its settings were durable: it was never acknowledged.
      LOG.info("removing incomplete stream directory " + dir);
      deleteTree(dir);
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      p.load(in);
    }
    StreamDescriptor d = new StreamDescriptor(
        Long.parseLong(p.getProperty("id")),
        p.getProperty("path"),
        p.getProperty("contentType"),
        p.getProperty("ttlSeconds") == null ? null : Long.valueOf(p.getProperty("ttlSeconds")),
        p.getProperty("expiresAt") == null ? null : Instant.parse(p.getProperty("expiresAt")),
        Long.parseLong(p.getProperty("parentId", "0")),
        p.getProperty("forkedFrom"),
        Long.parseLong(p.getProperty("forkPosition", "0")),
        Long.parseLong(p.getProperty("forkSubOffset", "0")),
        Boolean.parseBoolean(p.getProperty("createdClosed", "false")));
    long start = Long.parseLong(p.getProperty("startPosition", "0"));
    FileLog log = new FileLog(this, dir, start);
    Path file = dir.resolve(LOG_FILE);
    if (!Files.exists(file)) Files.createFile(file);
    long size = Files.size(file);
    boolean closed = false;
    boolean softDeleted = false;
    RecoveredStream.ProducerPosition closedBy = null;
    String lastSeq = null;
    Map<String, RecoveredStream.ProducerPosition> producers = new LinkedHashMap<>();
    long pos = start;
    long offset = 0;
    long goodEnd = 0;
    long corruptAt = -1;
    boolean unplacedCorrupt = false;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      while (offset < size) {
        long remaining = size - offset;
        if (remaining < RecordCodec.HEADER) break;
        int len = in.readInt();
        int crc = in.readInt();
        if (len <= 0 || len > RecordCodec.MAX_BODY || len > remaining - RecordCodec.HEADER) break;
        byte[] body = new byte[len];
        in.readFully(body);
        RecordCodec.Decoded rec = RecordCodec.crcMatches(body, crc) ? RecordCodec.decode(body) : null;
        if (rec != null && pos == UNPLACED && rec.start() >= 0) {
          // A log created unplaced starts where its first record does.
          pos = rec.start();
          log.placeAt(pos);
        }
        if (rec == null || rec.start() != pos) {
          if (offset + RecordCodec.HEADER + len < size) {
            if (pos == UNPLACED) {
              unplacedCorrupt = true;
            } else {
              corruptAt = pos;
            }
          }
          break;
        }
        if (rec.data().length > 0) {
          log.indexRecovered(offset + RecordCodec.dataOffset(), pos + rec.data().length);
          pos += rec.data().length;
        }
        if ((rec.flags() & RecordCodec.CLOSES) != 0) closed = true;
        if ((rec.flags() & RecordCodec.SOFT_DELETE) != 0) softDeleted = true;
        if (rec.producerId() != null) {
          RecoveredStream.ProducerPosition pp = new RecoveredStream.ProducerPosition(rec.producerId(), rec.epoch(), rec.seq());
          producers.put(rec.producerId(), pp);
          if ((rec.flags() & RecordCodec.CLOSES) != 0) closedBy = pp;
        }
        if (rec.streamSeq() != null) lastSeq = rec.streamSeq();
        offset += RecordCodec.HEADER + len;
        goodEnd = offset;
      }
    } catch (EOFException e) {
      // a record cut short: handled as a torn tail below
    }
    if (unplacedCorrupt) {
      // An unplaced log whose first record fails its checksum with records after it: its start is
      // unknown, so it cannot be served; it is left whole for repair and not recovered.
      String msg = "stream " + d.path() + " (" + dir + "): its first record fails its checksum with valid data after it;"
          + " the log has no start position and was left untouched for repair";
      LOG.severe(msg);
      problems.add(msg);
      maxId = Math.max(maxId, d.id());
      return null;
    }
    if (corruptAt >= 0) {
      String msg = "stream " + d.path() + " (" + dir + "): record at byte " + goodEnd
          + " fails its checksum with valid data after it; reads stop at offset position " + corruptAt
          + " and the stream takes no appends. The file was left untouched for repair.";
      LOG.severe(msg);
      problems.add(msg);
      log.markCorruptAt(corruptAt);
      log.recoveredSize(size);
    } else if (goodEnd < size) {
      // A torn tail: the last write did not complete, so it was never acknowledged. Keep the cut
      // bytes beside the log for inspection instead of dropping them silently.
      Path torn = dir.resolve(LOG_FILE + ".torn-" + System.currentTimeMillis());
      try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileChannel dst = FileChannel.open(torn, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        src.transferTo(goodEnd, size - goodEnd, dst);
        dst.force(true);
        src.truncate(goodEnd);
        src.force(true);
      }
      LOG.warning("stream " + d.path() + ": cut a torn tail of " + (size - goodEnd) + " bytes at byte " + goodEnd
          + " (kept in " + torn.getFileName() + ")");
      log.recoveredSize(goodEnd);
    } else {
      log.recoveredSize(size);
    }
    return new RecoveredStream(d, log, closed, closedBy, lastSeq, producers, softDeleted, corruptAt);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void force(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(path)) throw e;
      // Some file systems cannot fsync a directory; the rename is then as durable as they allow.
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not delete " + p, e);
        }
      });
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + dir, e);
    }
  }

  @Override
  public void close() {
    syncer.close();
    synchronized (open) {
      for (FileChannel ch : open.values()) {
        try {
          ch.force(false);
          ch.close();
        } catch (IOException e) {
          LOG.log(Level.WARNING, "closing a log failed", e);
        }
      }
      open.clear();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "releasing the data directory lock failed", e);
    }
  }
}
