package io.streamcert.reference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.storage.Commit;
import io.streamcert.reference.storage.MemoryStore;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.storage.StreamDescriptor;
import io.streamcert.reference.storage.StreamLog;
import io.streamcert.reference.storage.StreamStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A producer's retry is acknowledged only once the write it repeats is durable: while the first
 * attempt waits for its fsync, the retry waits too (otherwise a crash could lose an append the
 * client saw acknowledged).
 */
class DuplicateDurabilityTest {

  private final CountDownLatch fsync = new CountDownLatch(1);
  private final CountDownLatch waiting = new CountDownLatch(2);

  /** A memory store whose data appends wait for {@link #fsync} to become durable. */
  private final StreamStore store = new StreamStore() {
    private final MemoryStore memory = new MemoryStore();

    @Override public String kind() { return "gated"; }
    @Override public void close() {}

    @Override
    public StreamLog create(StreamDescriptor d, long start) {
      StreamLog inner = memory.create(d, start);
      return new StreamLog() {
        @Override public long startPosition() { return inner.startPosition(); }
        @Override public long endPosition() { return inner.endPosition(); }
        @Override public long append(Commit c) { return inner.append(c); }
        @Override public long read(long f, long t, long m, boolean w, RecordSink s) { return inner.read(f, t, m, w, s); }
        @Override public boolean isBoundary(long p) { return inner.isBoundary(p); }
        @Override public byte[] recordFrom(long p) { return inner.recordFrom(p); }
        @Override public void delete() { inner.delete(); }

        @Override
        public void awaitDurable(long position) {
          if (position == 0) return; // the empty create
          waiting.countDown();
          try {
            fsync.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
    }
  };

  @Test
  void aRetryWaitsForTheDurabilityOfTheWriteItRepeats() throws Exception {
    Streams streams = new Streams(store, System::currentTimeMillis);
    streams.create(new CreateRequest("/p", "text/plain", Lifetime.NONE, false, new byte[0], null, null, null));
    AppendRequest append = new AppendRequest("/p", "text/plain", "x".getBytes(StandardCharsets.UTF_8), false,
        new ProducerHeaders("p", 0, 0), null);

    CompletableFuture<AppendOutcome> original = CompletableFuture.supplyAsync(() -> streams.append(append));
    CompletableFuture<AppendOutcome> retry = CompletableFuture.supplyAsync(() -> {
      // The retry arrives once the original is written (the tail moved) but not yet durable.
      while (streams.openForHead("/p").snapshot().tail() == 0) Thread.onSpinWait();
      return streams.append(append);
    });

    // Either the retry is answered (wrong: the original is not durable) or it parks in
    // awaitDurable next to the original (right). Whichever comes first decides.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!retry.isDone() && waiting.getCount() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(retry.isDone()).as("the retry must not be acknowledged before the original is durable").isFalse();
    assertThat(waiting.getCount()).as("original and retry both wait for durability").isZero();

    fsync.countDown();
    assertThat(original.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    AppendOutcome dup = retry.get(10, TimeUnit.SECONDS);
    assertThat(dup.duplicate()).isTrue();
    assertThat(dup.status()).isEqualTo(204);
  }
}
