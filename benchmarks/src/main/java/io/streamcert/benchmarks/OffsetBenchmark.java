package io.streamcert.benchmarks;

import io.streamcert.reference.protocol.Offset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the wire form of {@link Offset} ({@code %016d_%016d}): formatting, which every append,
 * read and SSE control event does for {@code Stream-Next-Offset}, and parsing, which every read with
 * an {@code offset} parameter does. The JDK's {@code Long.toString} is the baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class OffsetBenchmark {

  // Non-final fields: the JIT must not fold the inputs into constants.
  long position;
  Offset offset;
  String text;

  @Setup
  public void prepare() {
    position = 123_456_789L;
    offset = new Offset(position);
    text = offset.toString();
  }

  /** Baseline: the JDK's decimal formatting of the same position. */
  @Benchmark
  public String baselineLongToString() {
    return Long.toString(position);
  }

  @Benchmark
  public String format() {
    return offset.toString();
  }

  @Benchmark
  public Offset parse() {
    return Offset.parse(text);
  }
}
