package io.streamcert.reference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.storage.MemoryStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The engine's rules, driven directly with an injected clock. */
class StreamsTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final Streams streams = new Streams(new MemoryStore(), clock::get);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private CreateOutcome create(String path, String type) {
    return streams.create(new CreateRequest(path, type, Lifetime.NONE, false, new byte[0], null, null, null));
  }

  private AppendOutcome append(String path, String body) {
    return streams.append(new AppendRequest(path, "text/plain", b(body), false, null, null));
  }

  private AppendOutcome produce(String path, String body, String id, long epoch, long seq) {
    return streams.append(new AppendRequest(path, "text/plain", b(body), false, new ProducerHeaders(id, epoch, seq), null));
  }

  private String readAll(String path) {
    StreamState s = streams.openForRead(path);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    streams.read(s, 0, s.snapshot().tail(), Long.MAX_VALUE, (a, off, len, end, whole) -> {
      if (s.isJson() && out.size() > 0) out.write(',');
      out.write(a, off, len);
    });
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void assertStatus(ThrowingCallable call, int status) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void createIsIdempotentForTheSameConfigAndConflictsOtherwise() {
    assertThat(create("/s", "text/plain").created()).isTrue();
    assertThat(create("/s", "TEXT/plain; charset=utf-8").created()).isFalse();
    assertStatus(() -> create("/s", "application/json"), 409);
  }

  @Test
  void recreatingWithADifferentClosureStateConflicts() {
    create("/s", "text/plain");
    assertStatus(() -> streams.create(new CreateRequest("/s", "text/plain", Lifetime.NONE, true, new byte[0], null, null, null)), 409);
  }

  @Test
  void offsetsIncreaseStrictlyWithEveryAppend() {
    create("/s", "text/plain");
    long a = append("/s", "x").tail();
    long b = append("/s", "y").tail();
    assertThat(b).isGreaterThan(a);
    assertThat(readAll("/s")).isEqualTo("xy");
  }

  @Test
  void streamSeqMustSortBytewiseAfterTheLastOne() {
    create("/s", "text/plain");
    streams.append(new AppendRequest("/s", "text/plain", b("a"), false, null, "2"));
    assertStatus(() -> streams.append(new AppendRequest("/s", "text/plain", b("b"), false, null, "10")), 409);
    streams.append(new AppendRequest("/s", "text/plain", b("c"), false, null, "3"));
    assertThat(readAll("/s")).isEqualTo("ac");
  }

  @Test
  void producerDuplicatesAreAcknowledgedWithoutWriting() {
    create("/s", "text/plain");
    assertThat(produce("/s", "a", "p", 0, 0).status()).isEqualTo(200);
    AppendOutcome dup = produce("/s", "a", "p", 0, 0);
    assertThat(dup.status()).isEqualTo(204);
    assertThat(dup.duplicate()).isTrue();
    assertThat(readAll("/s")).isEqualTo("a");
  }

  @Test
  void producerGapIsRejectedWithExpectedAndReceived() {
    create("/s", "text/plain");
    produce("/s", "a", "p", 0, 0);
    assertThatThrownBy(() -> produce("/s", "c", "p", 0, 2))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.headers()).containsEntry("Producer-Expected-Seq", "1").containsEntry("Producer-Received-Seq", "2");
        });
  }

  @Test
  void staleEpochIsFencedAndNewEpochMustStartAtZero() {
    create("/s", "text/plain");
    produce("/s", "a", "p", 0, 0);
    assertStatus(() -> produce("/s", "b", "p", 1, 1), 400);
    produce("/s", "b", "p", 1, 0);
    assertThatThrownBy(() -> produce("/s", "z", "p", 0, 1))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.headers()).containsEntry("Producer-Epoch", "1");
        });
    assertThat(readAll("/s")).isEqualTo("ab");
  }

  @Test
  void closedStreamRejectsAppendsButAcceptsCloseAgain() {
    create("/s", "text/plain");
    append("/s", "a");
    AppendOutcome close = streams.append(new AppendRequest("/s", null, new byte[0], true, null, null));
    assertThat(close.closed()).isTrue();
    assertThat(streams.append(new AppendRequest("/s", null, new byte[0], true, null, null)).status()).isEqualTo(204);
    assertThatThrownBy(() -> append("/s", "b"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.headers()).containsEntry("Stream-Closed", "true")
              .containsEntry("Stream-Next-Offset", new Offset(close.tail()).toString());
        });
  }

  @Test
  void closedIsReportedBeforeContentTypeMismatchBeforeSequence() {
    create("/s", "text/plain");
    streams.append(new AppendRequest("/s", "text/plain", b("a"), false, null, "5"));
    assertStatus(() -> streams.append(new AppendRequest("/s", "application/json", b("{}"), false, null, "1")), 409);
    streams.append(new AppendRequest("/s", null, new byte[0], true, null, null));
    assertThatThrownBy(() -> streams.append(new AppendRequest("/s", "application/json", b("{}"), false, null, "1")))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.headers()).containsKey("Stream-Closed"));
  }

  @Test
  void retryOfTheClosingProducerRequestIsADuplicate() {
    create("/s", "text/plain");
    streams.append(new AppendRequest("/s", "text/plain", b("end"), true, new ProducerHeaders("p", 0, 0), null));
    AppendOutcome retry = streams.append(new AppendRequest("/s", "text/plain", b("other"), true, new ProducerHeaders("p", 0, 0), null));
    assertThat(retry.status()).isEqualTo(204);
    assertThat(retry.closed()).isTrue();
    assertThat(readAll("/s")).isEqualTo("end");
  }

  @Test
  void jsonAppendsFlattenExactlyOneLevel() {
    create("/j", "application/json");
    streams.append(new AppendRequest("/j", "application/json", b("[[1,2],{\"a\":1}]"), false, null, null));
    streams.append(new AppendRequest("/j", "application/json", b("3"), false, null, null));
    assertThat(readAll("/j")).isEqualTo("[1,2],{\"a\":1},3");
    assertStatus(() -> streams.append(new AppendRequest("/j", "application/json", b("[]"), false, null, null)), 400);
    assertStatus(() -> streams.append(new AppendRequest("/j", "application/json", b("{"), false, null, null)), 400);
  }

  @Test
  void slidingTtlExpiresUnlessTouchedAndHeadDoesNotTouch() {
    streams.create(new CreateRequest("/t", "text/plain", new Lifetime(10L, null), false, new byte[0], null, null, null));
    clock.addAndGet(8_000);
    streams.openForRead("/t");
    clock.addAndGet(8_000);
    streams.openForHead("/t");
    clock.addAndGet(3_000);
    assertStatus(() -> streams.openForHead("/t"), 404);
    assertThat(create("/t", "text/plain").created()).isTrue();
  }

  @Test
  void theSweepDropsWhatExpiredAndKeepsWhatWasTouched() {
    streams.create(new CreateRequest("/a", "text/plain", new Lifetime(10L, null), false, new byte[0], null, null, null));
    streams.create(new CreateRequest("/b", "text/plain", new Lifetime(10L, null), false, new byte[0], null, null, null));
    create("/forever", "text/plain");
    streams.create(new CreateRequest("/d", "text/plain",
        new Lifetime(null, java.time.Instant.ofEpochMilli(clock.get() + 5_000)), false, new byte[0], null, null, null));
    streams.create(new CreateRequest("/gone", "text/plain", new Lifetime(1L, null), false, new byte[0], null, null, null));
    streams.delete("/gone");
    streams.create(new CreateRequest("/gone", "text/plain", Lifetime.NONE, false, new byte[0], null, null, null));

    clock.addAndGet(6_000);
    streams.sweepExpired();
    assertThat(streams.paths()).containsExactlyInAnyOrder("/a", "/b", "/forever", "/gone");
    streams.openForRead("/a");

    clock.addAndGet(5_000);
    streams.sweepExpired();
    assertThat(streams.paths()).as("/b expired at 10 s; /a was read at 6 s").containsExactlyInAnyOrder("/a", "/forever", "/gone");

    clock.addAndGet(5_000);
    streams.sweepExpired();
    assertThat(streams.paths()).as("/a expired at 16 s; the recreated /gone has no TTL").containsExactlyInAnyOrder("/forever", "/gone");
    assertThat(streams.size()).isEqualTo(2);
  }

  @Test
  void forkSharesTheSourcePrefixAndNotLaterSourceAppends() {
    create("/src", "text/plain");
    long at = append("/src", "abc").tail();
    streams.create(new CreateRequest("/fork", null, Lifetime.NONE, false, new byte[0], "/src", new Offset(at).toString(), null));
    append("/src", "SRC");
    append("/fork", "def");
    assertThat(readAll("/fork")).isEqualTo("abcdef");
    assertThat(readAll("/src")).isEqualTo("abcSRC");
  }

  @Test
  void deletingASourceWithForksSoftDeletesItUntilTheLastForkGoes() {
    create("/src", "text/plain");
    append("/src", "abc");
    streams.create(new CreateRequest("/fork", null, Lifetime.NONE, false, new byte[0], "/src", null, null));
    streams.delete("/src");
    assertStatus(() -> streams.openForRead("/src"), 410);
    assertStatus(() -> create("/src", "text/plain"), 409);
    assertThat(readAll("/fork")).isEqualTo("abc");
    streams.delete("/fork");
    assertThat(streams.size()).isZero();
    assertThat(create("/src", "text/plain").created()).isTrue();
  }

  @Test
  void binarySubOffsetTakesAPrefixOfTheAppendAtTheForkOffset() {
    create("/src", "text/plain");
    long first = append("/src", "first").tail();
    append("/src", "second");
    streams.create(new CreateRequest("/fork", null, Lifetime.NONE, false, b("XY"), "/src", new Offset(first).toString(), "3"));
    assertThat(readAll("/fork")).isEqualTo("firstsecXY");
    assertStatus(() -> streams.create(new CreateRequest("/f2", null, Lifetime.NONE, false, new byte[0], "/src",
        new Offset(first).toString(), "7")), 400);
  }

  @Test
  void forkOffsetBeyondTheTailIsRejected() {
    create("/src", "text/plain");
    append("/src", "abc");
    assertStatus(() -> streams.create(new CreateRequest("/fork", null, Lifetime.NONE, false, new byte[0], "/src",
        "9999999999999999_9999999999999999", null)), 400);
    assertThat(streams.openForRead("/src").snapshot().tail()).isEqualTo(3);
  }

  @Test
  void awaitRefusesWhenDataIsAlreadyThereAndWakesOnAppend() {
    create("/s", "text/plain");
    StreamState s = streams.openForRead("/s");
    int[] woken = {0};
    LiveListener l = new LiveListener() {
      @Override public void onChange() { woken[0]++; }
      @Override public void onGone() {}
    };
    assertThat(streams.await(s, 0, l)).isTrue();
    append("/s", "a");
    assertThat(woken[0]).isEqualTo(1);
    assertThat(streams.await(s, 0, l)).isFalse();
    append("/s", "b");
    assertThat(woken[0]).as("listeners are one-shot").isEqualTo(1);
  }
}
