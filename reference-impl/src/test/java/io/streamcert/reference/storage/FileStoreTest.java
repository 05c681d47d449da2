package io.streamcert.reference.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.CreateRequest;
import io.streamcert.reference.stream.StreamState;
import io.streamcert.reference.stream.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store through the protocol engine: what survives a reopen, and what damage does. */
class FileStoreTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void create(Streams streams, String path, String type) {
    streams.create(new CreateRequest(path, type, Lifetime.NONE, false, new byte[0], null, null, null));
  }

  private static void append(Streams streams, String path, String body) {
    streams.append(new AppendRequest(path, "text/plain", b(body), false, null, null));
  }

  private static String readAll(Streams streams, String path) {
    StreamState s = streams.openForRead(path);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    streams.read(s, 0, s.snapshot().tail(), Long.MAX_VALUE, (a, off, len, end, whole) -> out.write(a, off, len));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Streams open(FileStore store) {
    return new Streams(store, System::currentTimeMillis);
  }

  private static Path log(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("streams"))) {
      return files.filter(p -> p.getFileName().toString().equals("log")).findFirst().orElseThrow();
    }
  }

  @Test
  void dataAndStateSurviveAReopen() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      streams.append(new AppendRequest("/s", "text/plain", b("a"), false, new ProducerHeaders("p", 2, 0), "k1"));
      append(streams, "/s", "b");
      streams.append(new AppendRequest("/s", "text/plain", b("c"), true, new ProducerHeaders("p", 2, 1), null));
      streams.create(new CreateRequest("/f", null, Lifetime.NONE, false, new byte[0], "/s", "0000000000000000_0000000000000001", null));
      streams.create(new CreateRequest("/t", "text/plain", new Lifetime(3600L, null), false, b("x"), null, null, null));
    }
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      assertThat(readAll(streams, "/s")).isEqualTo("abc");
      StreamState s = streams.openForRead("/s");
      assertThat(s.snapshot().closed()).isTrue();
      assertThat(streams.append(new AppendRequest("/s", "text/plain", b("other"), true, new ProducerHeaders("p", 2, 1), null)).duplicate())
          .as("the closing producer request is still recognised as a duplicate").isTrue();
      assertThatThrownBy(() -> streams.append(new AppendRequest("/s", "text/plain", b("z"), false, new ProducerHeaders("p", 1, 0), null)))
          .as("the producer's epoch survives the restart").isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(403));
      assertThat(readAll(streams, "/f")).isEqualTo("a");
      assertThat(streams.openForHead("/t").lifetime().ttlSeconds()).isEqualTo(3600L);
      streams.delete("/s");
    }
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      assertThatThrownBy(() -> streams.openForRead("/s"))
          .as("a source deleted while forked stays soft-deleted across a restart")
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(410));
      assertThat(readAll(streams, "/f")).isEqualTo("a");
    }
  }

  @Test
  void streamSeqStateSurvivesAReopen() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.NEVER)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      streams.append(new AppendRequest("/s", "text/plain", b("a"), false, null, "5"));
    }
    try (FileStore store = FileStore.open(dir, FsyncPolicy.NEVER)) {
      Streams streams = open(store);
      assertThatThrownBy(() -> streams.append(new AppendRequest("/s", "text/plain", b("b"), false, null, "4")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(409));
    }
  }

  @Test
  void aTornTailIsCutAndKeptAsideAndTheStreamStaysWritable() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      append(streams, "/s", "one");
      append(streams, "/s", "two");
    }
    Path log = log(dir);
    long whole = Files.size(log);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(whole - 2); // the last record loses its final bytes, as in a crash mid-write
    }
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      assertThat(readAll(streams, "/s")).isEqualTo("one");
      append(streams, "/s", "three");
      assertThat(readAll(streams, "/s")).isEqualTo("onethree");
      assertThat(store.problems()).isEmpty();
    }
    try (Stream<Path> files = Files.list(log.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("log.torn-"));
    }
  }

  @Test
  void aCorruptRecordInTheMiddleIsReportedAndNeverServed() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      append(streams, "/s", "good");
      append(streams, "/s", "BAD!");
      append(streams, "/s", "later");
    }
    Path log = log(dir);
    byte[] bytes = Files.readAllBytes(log);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("BAD!");
    bytes[at + 1] ^= 0x20; // one flipped bit inside the second record's data
    Files.write(log, bytes);
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      StreamState s = streams.openForRead("/s");
      assertThat(s.isCorrupt()).isTrue();
      assertThat(readAll(streams, "/s")).as("reads stop before the damage").isEqualTo("good");
      assertThatThrownBy(() -> streams.checkReadable(s, s.corruptAt(), s.snapshot().tail()))
          .as("a read from the damaged record is refused with a 5xx that says so")
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.getMessage()).contains("checksum");
          });
      assertThatThrownBy(() -> append(streams, "/s", "more")).isInstanceOf(StorageException.class);
      assertThat(store.problems()).singleElement().asString().contains("/s").contains("checksum");
    }
    assertThat(Files.readAllBytes(log)).as("the damaged file, later data included, is left untouched").isEqualTo(bytes);
  }

  private static StreamDescriptor segment(long id) {
    return new StreamDescriptor(id, "/segments/" + id, "application/octet-stream", null, null, 0, null, 0, 0, false);
  }

  private static Commit data(String s) {
    return new Commit(b(s), false, null, 0, 0, null);
  }

  private static String read(StreamLog log) {
    StringBuilder out = new StringBuilder();
    log.read(log.startPosition(), log.endPosition(), Long.MAX_VALUE, true,
        (a, off, len, end, whole) -> out.append(new String(a, off, len, StandardCharsets.UTF_8)));
    return out.toString();
  }

  @Test
  void aLogCreatedUnplacedStartsWhereItIsPlacedAndRecoversThere() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      StreamLog log = store.createUnplaced(segment(7));
      assertThatThrownBy(() -> log.append(data("too early")))
          .as("no write before it has a start position").isInstanceOf(IllegalStateException.class);
      store.place(log, 1000);
      assertThatThrownBy(() -> store.place(log, 2000)).isInstanceOf(IllegalStateException.class);
      assertThat(log.startPosition()).isEqualTo(1000);
      assertThat(log.append(data("hello"))).isEqualTo(1005);
      assertThat(log.append(data(" world"))).isEqualTo(1011);
      log.awaitDurable(1011);
      StreamLog empty = store.createUnplaced(segment(8));
      assertThat(empty.endPosition()).isEqualTo(-1);
    }
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      List<RecoveredStream> all = store.recover();
      assertThat(all).hasSize(2);
      StreamLog placed = all.get(0).log();
      assertThat(placed.startPosition()).as("the start comes from the first record").isEqualTo(1000);
      assertThat(placed.endPosition()).isEqualTo(1011);
      assertThat(placed.isBoundary(1005)).isTrue();
      assertThat(read(placed)).isEqualTo("hello world");
      assertThat(placed.append(data("!"))).isEqualTo(1012);
      StreamLog unused = all.get(1).log();
      assertThat(unused.startPosition()).as("never placed: no start, nothing in it").isEqualTo(-1);
      assertThat(unused.endPosition()).isEqualTo(-1);
      store.place(unused, 5);
      assertThat(unused.append(data("late"))).isEqualTo(9);
      assertThat(store.problems()).isEmpty();
      assertThat(store.maxRecoveredId()).isEqualTo(8);
    }
  }

  @Test
  void anUnplacedLogWhoseFirstRecordIsCorruptIsLeftForRepairNotRecovered() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      StreamLog log = store.createUnplaced(segment(3));
      store.place(log, 40);
      log.append(data("BAD!"));
      log.append(data("later"));
      log.awaitDurable(49);
    }
    Path file = log(dir);
    byte[] bytes = Files.readAllBytes(file);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("BAD!");
    bytes[at + 1] ^= 0x20;
    Files.write(file, bytes);
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      assertThat(store.recover()).as("its start position is unknown: it cannot be served").isEmpty();
      assertThat(store.problems()).singleElement().asString().contains("/segments/3").contains("checksum");
      assertThat(store.maxRecoveredId()).as("its id is not given out again").isEqualTo(3);
    }
    assertThat(Files.readAllBytes(file)).as("left untouched").isEqualTo(bytes);
  }

  @Test
  void aSecondStoreCannotOpenALockedDirectory() throws IOException {
    try (FileStore first = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      assertThatThrownBy(() -> FileStore.open(dir, FsyncPolicy.ALWAYS))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another streamcert server")
          .hasMessageContaining("--data-dir");
    }
    FileStore.open(dir, FsyncPolicy.ALWAYS).close();
  }

  @Test
  void deletingAStreamReclaimsItsFiles() throws IOException {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      append(streams, "/s", "x".repeat(10_000));
      streams.delete("/s");
      try (Stream<Path> left = Files.list(dir.resolve("streams"))) {
        assertThat(left).isEmpty();
      }
      try (Stream<Path> trash = Files.list(dir.resolve("trash"))) {
        assertThat(trash).isEmpty();
      }
    }
  }

  @Test
  void concurrentAppendsShareFsyncRounds() throws Exception {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      create(streams, "/s", "text/plain");
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          int n = i;
          done.add(pool.submit(() -> append(streams, "/s", "m" + n + ";")));
        }
        for (Future<?> f : done) f.get();
      } finally {
        pool.shutdownNow();
      }
      assertThat(readAll(streams, "/s").split(";")).hasSize(400);
      assertThat(store.syncer().rounds())
          .as("400 appends from 16 threads, each acknowledged after an fsync, need fewer fsync rounds than appends")
          .isLessThan(400);
    }
  }

  @Test
  void concurrentAppendsToManyStreamsShareFsyncRoundsAndAllLand() throws Exception {
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      for (int s = 0; s < 32; s++) create(streams, "/m" + s, "text/plain");
      long before = store.syncer().rounds();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
          int n = i;
          done.add(pool.submit(() -> append(streams, "/m" + (n % 32), "m" + n + ";")));
        }
        for (Future<?> f : done) f.get();
      } finally {
        pool.shutdownNow();
      }
      for (int s = 0; s < 32; s++) assertThat(readAll(streams, "/m" + s).split(";")).as("/m" + s).hasSize(20);
      assertThat(store.syncer().rounds() - before)
          .as("640 appends to 32 streams from 32 threads: the logs of one round are forced together")
          .isLessThan(640);
    }
    // Everything acknowledged is there after a reopen.
    try (FileStore store = FileStore.open(dir, FsyncPolicy.ALWAYS)) {
      Streams streams = open(store);
      for (int s = 0; s < 32; s++) assertThat(readAll(streams, "/m" + s).split(";")).hasSize(20);
    }
  }
}
