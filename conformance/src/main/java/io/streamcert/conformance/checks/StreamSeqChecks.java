package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Writer sequencing with {@code Stream-Seq} (PROTOCOL.md §5.2, §12.6). */
@Area("Stream-Seq")
class StreamSeqChecks {

  @Test
  @Check(id = "seq.first-value-accepted", requirements = {"DS-5.2-01", "DS-5.2-11"})
  void firstStreamSeqIsAccepted(Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    assertThat(seqAppend(t, s, "0001", "a"))
        .as("the first Stream-Seq on a stream has nothing to regress from")
        .hasStatus(204);
  }

  // Bytewise order: "09" < "10" (digit by digit), "B" (0x42) < "a" (0x61), a prefix sorts first.
  @ParameterizedTest(name = "\"{0}\" then \"{1}\"")
  @CsvSource({"09,10", "1,2", "B,a", "ab,abc", "a,b", "9,90"})
  @Check(id = "seq.bytewise-increase-accepted", requirements = {"DS-5.2-11"})
  void streamSeqThatSortsAfterTheLastIsAccepted(String first, String second, Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    assertThat(seqAppend(t, s, first, "x")).as("setup: the first Stream-Seq is accepted").hasStatus(204);
    assertThat(seqAppend(t, s, second, "y"))
        .as("a Stream-Seq that sorts bytewise after the last one is accepted")
        .hasStatus(204);
  }

  // "2" then "10" fails bytewise although 10 > 2 numerically; "a" then "B" fails because case matters.
  @ParameterizedTest(name = "\"{0}\" then \"{1}\"")
  @CsvSource({"2,10", "b,a", "a,B", "abc,ab", "10,09", "z,Z"})
  @Check(id = "seq.bytewise-regression-409", requirements = {"DS-5.2-11", "DS-5.2-13", "DS-12.6-01"})
  void streamSeqThatSortsBeforeTheLastAnswers409(String first, String second, Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    assertThat(seqAppend(t, s, first, "x")).as("setup: the first Stream-Seq is accepted").hasStatus(204);
    assertThat(seqAppend(t, s, second, "y"))
        .as("a Stream-Seq that sorts bytewise before the last one is a regression")
        .hasStatus(409);
  }

  @ParameterizedTest(name = "\"{0}\" twice")
  @ValueSource(strings = {"7", "seq-0042", "A"})
  @Check(id = "seq.duplicate-409", requirements = {"DS-5.2-14", "DS-12.6-01"})
  void repeatedStreamSeqAnswers409(String seq, Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    assertThat(seqAppend(t, s, seq, "x")).as("setup: the first Stream-Seq is accepted").hasStatus(204);
    assertThat(seqAppend(t, s, seq, "x"))
        .as("Stream-Seq must strictly increase, so repeating the last value is rejected")
        .hasStatus(409);
  }

  @Test
  @Check(id = "seq.regression-stores-nothing", requirements = {"DS-5.2-13"})
  void rejectedStreamSeqAppendsNothing(Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    seqAppend(t, s, "5", "kept");
    String tail = t.head(s).send().nextOffset();
    seqAppend(t, s, "4", "dropped");
    assertThat(t.get(s).send())
        .as("an append refused for a Stream-Seq regression leaves the stream unchanged")
        .hasStatus(200)
        .hasBody("kept")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "seq.compares-with-last-accepted", requirements = {"DS-5.2-13"})
  void aRejectedStreamSeqDoesNotBecomeTheLast(Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    seqAppend(t, s, "3", "a");
    assertThat(seqAppend(t, s, "2", "b")).as("setup: '2' after '3' is a regression").hasStatus(409);
    // "25" sorts after the refused "2" but before the accepted "3".
    assertThat(seqAppend(t, s, "25", "c"))
        .as("Stream-Seq is compared with the last accepted value, not the last refused one")
        .hasStatus(409);
  }

  @Test
  @Check(id = "seq.plain-appends-keep-last", requirements = {"DS-5.2-13"})
  void appendsWithoutStreamSeqDoNotResetTheSequence(Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    seqAppend(t, s, "5", "a");
    assertThat(t.post(s).contentType("text/plain").body("b").send())
        .as("setup: an append without Stream-Seq is accepted")
        .hasStatus(204);
    assertThat(seqAppend(t, s, "4", "c"))
        .as("an append without Stream-Seq leaves the last Stream-Seq in force")
        .hasStatus(409);
  }

  @Test
  @Check(id = "seq.streams-independent", requirements = {"DS-5.2-11"})
  void streamSeqOfOneStreamDoesNotConstrainAnother(Target t) {
    String a = t.newStream("seq");
    String b = t.newStream("seq");
    t.create(a, "text/plain", null);
    t.create(b, "text/plain", null);
    seqAppend(t, a, "9", "a");
    assertThat(seqAppend(t, b, "1", "b"))
        .as("a Stream-Seq sent to one stream does not count against another stream")
        .hasStatus(204);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"stream-seq", "STREAM-SEQ"})
  @Check(id = "seq.header-name-any-case", requirements = {"DS-5.2-30", "DS-5.2-13"})
  void streamSeqHeaderNameMatchesInAnyCase(String name, Target t) {
    String s = t.newStream("seq");
    t.create(s, "text/plain", null);
    assertThat(t.post(s).contentType("text/plain").header(name, "5").body("a").send())
        .as("setup: an append with a re-cased Stream-Seq is accepted")
        .hasStatus(204);
    assertThat(t.post(s).contentType("text/plain").header(name, "4").body("b").send())
        .as("a re-cased Stream-Seq header name is still a Stream-Seq, so a regression is rejected")
        .hasStatus(409);
  }

  @Test
  @Check(id = "seq.concurrent-accepted-in-order", requirements = {"DS-5.2-31", "DS-5.2-13"})
  void concurrentSequencedAppendsStoreOnlyAcceptedOnesInSeqOrder(Target t) throws Exception {
    String s = t.newStream("seq-concurrent");
    t.create(s, "text/plain", null);
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < 24; i++) seqs.add(String.format("s%02d", i));
    List<String> order = new ArrayList<>(seqs);
    Collections.shuffle(order, new java.util.Random(7));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String> accepted = new ArrayList<>();
    try {
      List<Future<Exchange>> sent = new ArrayList<>();
      for (String seq : order) sent.add(pool.submit(() -> seqAppend(t, s, seq, "<" + seq + ">")));
      for (int i = 0; i < order.size(); i++) {
        Exchange ex = sent.get(i).get();
        assertThat(ex).as("a concurrent sequenced append is either accepted or refused as a regression")
            .hasStatusIn(204, 409);
        if (ex.status() == 204) accepted.add(order.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
    Collections.sort(accepted);
    StringBuilder expected = new StringBuilder();
    for (String seq : accepted) expected.append('<').append(seq).append('>');
    assertThat(t.get(s).send())
        .as("exactly the accepted appends are stored, in increasing Stream-Seq order")
        .hasStatus(200)
        .hasBody(expected.toString());
  }

  private static Exchange seqAppend(Target t, String stream, String seq, String body) {
    return t.post(stream).contentType("text/plain").header("Stream-Seq", seq).body(body).send();
  }
}
