package io.streamcert.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.stream.AppendOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs each benchmark's setup and one invocation of each of its methods directly, without JMH, for
 * every value of its parameters, so that {@code mvn verify} catches a broken benchmark without
 * spending time measuring anything.
 */
class BenchmarkSmokeTest {

  private static final List<Class<?>> BENCHMARKS = List.of(
      StoreAppendBenchmark.class, StoreReadBenchmark.class, OffsetBenchmark.class,
      JsonFlattenBenchmark.class, ProducerValidationBenchmark.class);

  private static Blackhole blackhole() {
    return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
  }

  /** The values a {@code @Param} field declares, so a value added there is smoke-tested too. */
  private static String[] params(Class<?> type, String field) {
    try {
      return type.getField(field).getAnnotation(Param.class).value();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(type.getSimpleName() + " has no @Param field " + field, e);
    }
  }

  private static String benchmarkList() throws IOException {
    try (InputStream in = BenchmarkSmokeTest.class.getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertThat(in).as("META-INF/BenchmarkList (written by the JMH annotation processor)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyBenchmarkClassIsSmokeTestedHere() throws IOException {
    Set<String> listed = new TreeSet<>();
    Matcher m = Pattern.compile("\\bio\\.streamcert\\.benchmarks\\.(\\w+Benchmark)\\b").matcher(benchmarkList());
    while (m.find()) listed.add(m.group(1));
    assertThat(listed).as("benchmark classes JMH knows; add a new one to BENCHMARKS and give it a test")
        .containsExactlyInAnyOrderElementsOf(BENCHMARKS.stream().map(Class::getSimpleName).toList());
  }

  @Test
  void everyBenchmarkMethodIsInTheGeneratedBenchmarkList() throws IOException {
    String list = benchmarkList();
    for (Class<?> type : BENCHMARKS) {
      for (Method m : type.getMethods()) {
        if (!m.isAnnotationPresent(Benchmark.class)) continue;
        assertThat(list).as("JMH harness for %s.%s", type.getSimpleName(), m.getName())
            .contains("jmh_generated." + type.getSimpleName() + "_" + m.getName() + "_jmhTest");
      }
    }
  }

  @Test
  void storeAppendAppendsToTheSharedAndToOwnStreamsAndStartsEachIterationEmpty() throws IOException {
    for (String store : params(StoreAppendBenchmark.Store.class, "store")) {
      StoreAppendBenchmark.Store s = new StoreAppendBenchmark.Store();
      s.store = store;
      s.open();
      try {
        for (String size : params(StoreAppendBenchmark.class, "payloadSize")) {
          StoreAppendBenchmark b = new StoreAppendBenchmark();
          b.payloadSize = Integer.parseInt(size);
          b.makePayload();
          StoreAppendBenchmark.OwnStream own = new StoreAppendBenchmark.OwnStream();
          for (int iteration = 0; iteration < 2; iteration++) {
            s.freshSharedStream();
            own.fresh(s);
            assertThat(b.baselineCopy()).hasSize(b.payloadSize);
            assertThat(b.oneWriter(s).tail()).as(store).isEqualTo(b.payloadSize);
            assertThat(b.eightWritersOneStream(s).tail()).as(store).isEqualTo(2L * b.payloadSize);
            assertThat(b.eightWritersOwnStreams(s, own).tail()).as(store).isEqualTo(b.payloadSize);
          }
        }
      } finally {
        s.close();
      }
    }
  }

  @Test
  void storeReadDeliversAPageFromTheStartAndTheMiddleAndNothingAtTheTail() throws IOException {
    for (String store : params(StoreReadBenchmark.class, "store")) {
      StoreReadBenchmark b = new StoreReadBenchmark();
      b.store = store;
      b.records = 1000; // the smallest declared size: a page holds the whole stream
      b.fillStream();
      try {
        StoreReadBenchmark.BlackholeSink sink = new StoreReadBenchmark.BlackholeSink();
        sink.bind(blackhole());
        long tail = 1000L * StoreReadBenchmark.RECORD_SIZE;
        assertThat(b.fromStart(sink)).as(store).isEqualTo(tail);
        assertThat(b.fromMiddle(sink)).as(store).isEqualTo(tail);
        assertThat(b.baselineAtTail(sink)).as(store).isEqualTo(tail);
      } finally {
        b.close();
      }
    }
  }

  @Test
  void storeFixtureTakesTheServersSpellingsAndDeletesItsDataDirectory() throws IOException {
    for (String spec : List.of("memory", "file", "file:never", "file:interval:100ms")) {
      StoreFixture fixture = StoreFixture.open(spec);
      fixture.freshStream("/s");
      fixture.close();
      if (fixture.dataDir() != null) assertThat(fixture.dataDir()).as(spec).doesNotExist();
    }
    assertThatThrownBy(() -> StoreFixture.open("disk")).hasMessageContaining("--storage was 'disk'");
    assertThatThrownBy(() -> StoreFixture.open("memory:never")).hasMessageContaining("only file takes an fsync policy");
    assertThatThrownBy(() -> StoreFixture.open("file:sometimes")).hasMessageContaining("--fsync was 'sometimes'");
  }

  @Test
  void offsetFormatsAndParsesTheSamePosition() {
    OffsetBenchmark b = new OffsetBenchmark();
    b.prepare();
    assertThat(b.baselineLongToString()).isEqualTo("123456789");
    assertThat(b.format()).isEqualTo("0000000000000000_0000000123456789");
    assertThat(b.parse()).isEqualTo(new Offset(123_456_789L));
  }

  @Test
  void jsonFlattenCountsTheMessagesOfEveryBody() throws IOException {
    for (String body : params(JsonFlattenBenchmark.class, "body")) {
      JsonFlattenBenchmark b = new JsonFlattenBenchmark();
      b.body = body;
      b.buildBody();
      int expected = body.equals("object") ? 1 : Integer.parseInt(body.substring("array".length()));
      assertThat(b.flatten().count()).as(body).isEqualTo(expected);
      assertThat(b.baselineParseOnly()).as(body).isPositive();
    }
  }

  @Test
  void producerAppendsInSequenceAndItsRetryIsADuplicate() throws IOException {
    ProducerValidationBenchmark b = new ProducerValidationBenchmark();
    b.openEngine();
    try {
      for (int iteration = 0; iteration < 2; iteration++) {
      b.primeProducer();
        assertThat(b.baselineNoProducer().status()).isEqualTo(204);
        AppendOutcome next = b.inSequence();
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.producerSeq()).isEqualTo(ProducerValidationBenchmark.PRIMED + 1);
        assertThat(b.inSequence().producerSeq()).isEqualTo(ProducerValidationBenchmark.PRIMED + 2);
        AppendOutcome retry = b.duplicate();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.status()).isEqualTo(204);
      }
    } finally {
      b.close();
    }
  }
}
