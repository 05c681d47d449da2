package io.streamcert.benchmarks;

import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.stream.AppendOutcome;
import io.streamcert.reference.stream.AppendRequest;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the idempotent-producer rules of an append (PROTOCOL.md §5.2.1) in the protocol engine:
 * a producer appending in sequence (validated, then written), and a retry of its last append
 * (recognised as a duplicate and answered without writing). The baseline is the same append without
 * producer headers. Memory store, 100-byte payloads, one stream per benchmark thread, created afresh
 * before every iteration with the producer already at sequence {@value #PRIMED}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class ProducerValidationBenchmark {

  static final String PRODUCER = "bench-producer";
  static final int PRIMED = 9;

  StoreFixture fixture;
  Streams streams;
  String path;
  byte[] payload;
  long nextSeq;
  ProducerHeaders lastAccepted;

  @Setup(Level.Trial)
  public void openEngine() throws IOException {
    fixture = StoreFixture.open("memory");
    streams = fixture.streams();
    path = "/bench/producer";
    payload = new byte[100];
    new SplittableRandom(42).nextBytes(payload);
  }

  @Setup(Level.Iteration)
  public void primeProducer() {
    fixture.freshStream(path);
    for (long seq = 0; seq <= PRIMED; seq++) {
      streams.append(request(new ProducerHeaders(PRODUCER, 0, seq)));
    }
    nextSeq = PRIMED + 1;
    lastAccepted = new ProducerHeaders(PRODUCER, 0, PRIMED);
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  private AppendRequest request(ProducerHeaders producer) {
    return new AppendRequest(path, StoreFixture.CONTENT_TYPE, payload, false, producer, null);
  }

  /** Baseline: the same append without producer headers. */
  @Benchmark
  public AppendOutcome baselineNoProducer() {
    return streams.append(request(null));
  }

  @Benchmark
  public AppendOutcome inSequence() {
    return streams.append(request(new ProducerHeaders(PRODUCER, 0, nextSeq++)));
  }

  @Benchmark
  public AppendOutcome duplicate() {
    return streams.append(request(lastAccepted));
  }
}
