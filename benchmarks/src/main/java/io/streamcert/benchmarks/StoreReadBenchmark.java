package io.streamcert.benchmarks;

import io.streamcert.reference.ServerConfig;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.StreamState;
import io.streamcert.reference.stream.Streams;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Measures one catch-up read page through the protocol engine, as a {@code GET} without {@code
 * live} reads it: {@code Streams.read} from a position to the tail, capped at the server's default
 * page size ({@code --max-chunk}, 1 MB), into a sink that hands every slice to a {@link Blackhole}
 * (the server wraps the same slices into the response without copying them).
 *
 * <p>The stream holds {@code records} records of {@value #RECORD_SIZE} bytes, each its own array as
 * the server's appends leave them. With 1000 records a page is the whole stream from the start and
 * half of it from the middle; with 100000 records (about 10 MB) both pages are 1 MB. The file store
 * is opened with {@code fsync never}: no fsync happens on the read path, and filling 100000 records
 * with an fsync each would take minutes; its reads come from the page cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class StoreReadBenchmark {

  static final int RECORD_SIZE = 100;
  static final String PATH = "/bench/read";

  /** {@code memory}, {@code file} or {@code file:<fsync>}, as the server's options spell them. */
  @Param({"memory", "file:never"})
  public String store;

  /** Records in the stream. */
  @Param({"1000", "100000"})
  public int records;

  StoreFixture fixture;
  Streams streams;
  StreamState stream;
  long tail;
  long middle;
  long pageBytes;

  @Setup(Level.Trial)
  public void fillStream() throws IOException {
    fixture = StoreFixture.open(store);
    streams = fixture.streams();
    fixture.freshStream(PATH);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < records; i++) {
      byte[] record = new byte[RECORD_SIZE];
      random.nextBytes(record);
      streams.append(new AppendRequest(PATH, StoreFixture.CONTENT_TYPE, record, false, null, null));
    }
    stream = streams.openForRead(PATH);
    tail = stream.snapshot().tail();
    middle = (long) (records / 2) * RECORD_SIZE;
    pageBytes = ServerConfig.defaults().maxChunk().bytes();
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** Hands each slice of a read to the benchmark thread's {@link Blackhole}. */
  @State(Scope.Thread)
  public static class BlackholeSink implements RecordSink {
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void bind(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void accept(byte[] array, int offset, int length, long endPosition, boolean wholeRecord) {
      blackhole.consume(array);
      blackhole.consume(offset);
      blackhole.consume(length);
      blackhole.consume(endPosition);
    }
  }

  /** Baseline: a read at the tail, which finds nothing; the fixed cost of any read. */
  @Benchmark
  public long baselineAtTail(BlackholeSink sink) {
    return streams.read(stream, tail, tail, pageBytes, sink);
  }

  @Benchmark
  public long fromStart(BlackholeSink sink) {
    return streams.read(stream, 0, tail, pageBytes, sink);
  }

  @Benchmark
  public long fromMiddle(BlackholeSink sink) {
    return streams.read(stream, middle, tail, pageBytes, sink);
  }
}
