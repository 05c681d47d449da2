package io.streamcert.benchmarks;

import io.streamcert.reference.stream.AppendOutcome;
import io.streamcert.reference.stream.AppendRequest;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures a plain append (no producer headers, no {@code Stream-Seq}) through the protocol engine
 * into a store, as {@code POST} does once the body has been read: one writer, eight writers on one
 * stream (they contend for its monitor), and eight writers on a stream each.
 *
 * <p>Streams are created afresh before every iteration, so a stream's length, and the memory or
 * disk it holds, stays bounded by one iteration's appends. Every append passes the same payload
 * array: the memory store keeps the reference without copying (the HTTP layer has already copied
 * the body out of the network buffer), so for {@code memory} the cost does not grow with the
 * payload; {@link #baselineCopy()} shows what one copy of the payload costs. {@code file} acknowledges
 * an append after an fsync (the server's default policy, group commit), so its numbers are those of
 * this machine's disk; {@code -p store=file:never} leaves the fsync out.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class StoreAppendBenchmark {

  /** Bytes per append. */
  @Param({"100", "1024", "65536"})
  public int payloadSize;

  byte[] payload;

  @Setup(Level.Trial)
  public void makePayload() {
    payload = new byte[payloadSize];
    new SplittableRandom(42).nextBytes(payload);
  }

  /** The engine and the store, shared by every writer. */
  @State(Scope.Benchmark)
  public static class Store {

    /** {@code memory}, {@code file} or {@code file:<fsync>}, as the server's options spell them. */
    @Param({"memory", "file"})
    public String store;

    StoreFixture fixture;
    final String sharedPath = "/bench/append/shared";
    private final AtomicInteger ownStreams = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
      fixture = StoreFixture.open(store);
    }

    @Setup(Level.Iteration)
    public void freshSharedStream() {
      fixture.freshStream(sharedPath);
    }

    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }
  }

  /** A stream owned by one benchmark thread, for writers that do not contend. */
  @State(Scope.Thread)
  public static class OwnStream {
    String path;

    @Setup(Level.Iteration)
    public void fresh(Store store) {
      if (path == null) path = "/bench/append/thread-" + store.ownStreams.incrementAndGet();
      store.fixture.freshStream(path);
    }
  }

  private AppendRequest append(String path) {
    return new AppendRequest(path, StoreFixture.CONTENT_TYPE, payload, false, null, null);
  }

  /** Baseline: one copy of the payload, the least a store that keeps the bytes must do. */
  @Benchmark
  public byte[] baselineCopy() {
    return payload.clone();
  }

  @Benchmark
  public AppendOutcome oneWriter(Store store) {
    return store.fixture.streams().append(append(store.sharedPath));
  }

  @Benchmark
  @Threads(8)
  public AppendOutcome eightWritersOneStream(Store store) {
    return store.fixture.streams().append(append(store.sharedPath));
  }

  @Benchmark
  @Threads(8)
  public AppendOutcome eightWritersOwnStreams(Store store, OwnStream own) {
    return store.fixture.streams().append(append(own.path));
  }
}
