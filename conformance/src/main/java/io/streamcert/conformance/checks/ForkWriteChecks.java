package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.created;
import static io.streamcert.conformance.checks.Forking.fork;
import static io.streamcert.conformance.checks.Forking.readAll;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;

/**
 * Writing to forks and their sources: independent appends and closure, and no inherited producer or
 * {@code Stream-Seq} state (PROTOCOL.md §4.2, §5.2, §5.2.1).
 */
@Area("Fork appends")
class ForkWriteChecks {

  private static final String TEXT = "text/plain";

  private static Target.Call producerAppend(Target t, String path, String id, long epoch, long seq, String body) {
    return t.post(path).contentType(TEXT)
        .header("Producer-Id", id)
        .header("Producer-Epoch", Long.toString(epoch))
        .header("Producer-Seq", Long.toString(seq))
        .body(body);
  }

  @Test
  @Check(id = "fork.append-extends-fork", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void appendToAForkSucceedsAndMovesItsTail(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    String forkTail = created(fork(t, dst, src).contentType(TEXT)).nextOffset();
    Exchange ex = t.post(dst).contentType(TEXT).body("def").send();
    assertThat(ex)
        .as("an append to a fork succeeds with 204 and reports the fork's new tail")
        .hasStatus(204)
        .hasHeader("Stream-Next-Offset");
    if (ex.nextOffset().equals(forkTail)) {
      throw new AssertionError("[an append to a fork moves its tail] Stream-Next-Offset stayed at " + forkTail + "\n" + ex);
    }
  }

  @Test
  @Check(id = "fork.append-source-independent", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void sourceStaysAppendableAfterAFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.post(src).contentType(TEXT).body("def").send())
        .as("a forked source still accepts appends")
        .hasStatus(204);
    assertThat(readAll(t, src))
        .as("the source reads its own appends after the fork")
        .hasBody("abcdef");
  }

  @Test
  @Check(id = "fork.append-source-close-leaves-fork-open", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void closingTheSourceLeavesTheForkOpen(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.post(src).header("Stream-Closed", "true").send()).as("setup: the source is closed").isSuccess();
    assertThat(t.post(dst).contentType(TEXT).body("+fork").send())
        .as("closing the source after the fork leaves the fork open for appends")
        .hasStatus(204)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "fork.append-fork-close-leaves-source-open", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void closingTheForkLeavesTheSourceOpen(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.post(dst).header("Stream-Closed", "true").send())
        .as("a fork can be closed")
        .hasStatus(204)
        .hasHeader("Stream-Closed", "true");
    assertThat(t.post(src).contentType(TEXT).body("+source").send())
        .as("closing a fork leaves its source open for appends")
        .hasStatus(204)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "fork.append-producer-seq-not-inherited", requirements = {"DS-4.2-29"}, feature = Feature.FORK)
  void producerSequenceIsNotInheritedByAFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, null);
    assertThat(producerAppend(t, src, "writer", 0, 0, "s0").send()).as("setup: producer seq 0 on the source").hasStatus(200);
    assertThat(producerAppend(t, src, "writer", 0, 1, "s1").send()).as("setup: producer seq 1 on the source").hasStatus(200);
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(producerAppend(t, dst, "writer", 0, 0, "f0").send())
        .as("a fork does not inherit producer state: the first (epoch 0, seq 0) there is new data, not a duplicate")
        .hasStatus(200);
    assertThat(readAll(t, dst))
        .as("the producer's first append on the fork is stored")
        .hasBody("s0s1f0");
  }

  @Test
  @Check(id = "fork.append-producer-epoch-not-inherited", requirements = {"DS-4.2-29"}, feature = Feature.FORK)
  void producerEpochIsNotInheritedByAFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, null);
    assertThat(producerAppend(t, src, "writer", 3, 0, "e3").send()).as("setup: producer epoch 3 on the source").hasStatus(200);
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(producerAppend(t, dst, "writer", 0, 0, "e0").send())
        .as("a fork does not inherit producer epochs: epoch 0 is accepted there, not fenced with 403")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.append-producer-dedup-on-fork", requirements = {"DS-4.2-29"}, feature = Feature.FORK)
  void producerDuplicatesAreDetectedOnTheFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(producerAppend(t, dst, "writer", 0, 0, "x").send()).as("setup: producer seq 0 on the fork").hasStatus(200);
    assertThat(producerAppend(t, dst, "writer", 0, 0, "x").send())
        .as("producer state kept on a fork deduplicates a retry with 204")
        .hasStatus(204);
    assertThat(readAll(t, dst)).as("the retried append is stored once").hasBody("abcx");
  }

  @Test
  @Check(id = "fork.append-stream-seq-not-inherited", requirements = {"DS-4.2-30"}, feature = Feature.FORK)
  void streamSeqIsNotInheritedByAFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, null);
    assertThat(t.post(src).contentType(TEXT).header("Stream-Seq", "0005").body("a").send())
        .as("setup: Stream-Seq 0005 on the source").isSuccess();
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.post(dst).contentType(TEXT).header("Stream-Seq", "0001").body("b").send())
        .as("a fork does not inherit Stream-Seq: a value below the source's last one is accepted there")
        .hasStatus(204);
  }
}
