package io.streamcert.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.streamcert.reference.protocol.JsonBatches;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures {@link JsonBatches#flatten}, which validates every append to a JSON stream and flattens
 * a top-level array one level: a single object, an array of 10 and an array of 100 objects of about
 * 80 bytes each. The baseline only walks the body's tokens with the same Jackson parser, so the
 * difference is the cost of re-encoding the messages.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class JsonFlattenBenchmark {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** The body: {@code object}, {@code array10} or {@code array100}. */
  @Param({"object", "array10", "array100"})
  public String body;

  byte[] bytes;

  @Setup
  public void buildBody() {
    bytes = switch (body) {
      case "object" -> message(0).getBytes(StandardCharsets.UTF_8);
      case "array10" -> array(10);
      case "array100" -> array(100);
      default -> throw new IllegalArgumentException(
          "body was '" + body + "' but must be one of: object, array10, array100");
    };
  }

  private static String message(int i) {
    return "{\"id\":" + i + ",\"user\":\"user-" + i + "\",\"tags\":[\"a\",\"b\"],\"score\":" + (i + 0.5)
        + ",\"ok\":true}";
  }

  private static byte[] array(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) sb.append(", ");
      sb.append(message(i));
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Baseline: parse every token of the body without writing anything. */
  @Benchmark
  public int baselineParseOnly() throws IOException {
    int tokens = 0;
    try (JsonParser p = FACTORY.createParser(bytes)) {
      while (p.nextToken() != null) tokens++;
    }
    return tokens;
  }

  @Benchmark
  public JsonBatches.Batch flatten() {
    return JsonBatches.flatten(bytes, false);
  }
}
