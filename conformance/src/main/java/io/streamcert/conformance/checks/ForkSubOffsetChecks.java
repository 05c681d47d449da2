package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.FORK_SUB_OFFSET;
import static io.streamcert.conformance.checks.Forking.assertJsonBody;
import static io.streamcert.conformance.checks.Forking.created;
import static io.streamcert.conformance.checks.Forking.createEmpty;
import static io.streamcert.conformance.checks.Forking.fork;
import static io.streamcert.conformance.checks.Forking.forkAt;
import static io.streamcert.conformance.checks.Forking.readAll;
import static io.streamcert.conformance.checks.Forking.readFrom;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fork points inside an append with {@code Stream-Fork-Sub-Offset} (PROTOCOL.md §4.2, §8): bytes of
 * the append at the fork offset for binary streams, flattened messages for JSON streams.
 */
@Area("Fork sub-offsets")
class ForkSubOffsetChecks {

  private static final String TEXT = "text/plain";
  private static final String JSON = "application/json";

  /** Creates a text source whose first append is {@code body}; returns the offset that append starts at. */
  private static String textSource(Target t, String src, String body) {
    String start = createEmpty(t, src, TEXT);
    t.append(src, TEXT, body);
    return start;
  }

  /** Creates a JSON source whose first append is the batch {@code array}; returns its start offset. */
  private static String jsonSource(Target t, String src, String array) {
    String start = createEmpty(t, src, JSON);
    t.append(src, JSON, array);
    return start;
  }

  @Test
  @Check(id = "fork.sub-offset-binary-bytes", requirements = {"DS-4.2-04"}, feature = Feature.FORK)
  void binarySubOffsetTakesThatManyBytesOfTheAppend(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3").send())
        .as("a fork with a sub-offset inside an append is created")
        .hasStatus(201);
    assertThat(readAll(t, dst))
        .as("a binary sub-offset N inherits the first N bytes of the append at the fork offset")
        .hasStatus(200)
        .hasBody("hel");
  }

  @Test
  @Check(id = "fork.sub-offset-json-messages", requirements = {"DS-4.2-04"}, feature = Feature.FORK)
  void jsonSubOffsetTakesThatManyMessagesOfTheBatch(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = jsonSource(t, src, "[{\"a\":1},{\"b\":2},{\"c\":3},{\"d\":4}]");
    assertThat(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "2").send())
        .as("a JSON fork with a sub-offset inside a batch is created")
        .hasStatus(201);
    assertJsonBody(readAll(t, dst),
        "a JSON sub-offset N inherits the first N flattened messages of the append at the fork offset",
        "[{\"a\":1},{\"b\":2}]");
  }

  @Test
  @Check(id = "fork.sub-offset-zero-inherits-nothing-of-the-append", requirements = {"DS-4.2-05"}, feature = Feature.FORK)
  void subOffsetZeroForksExactlyAtTheOffset(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String mid = t.create(src, TEXT, "first").nextOffset();
    t.append(src, TEXT, "second");
    created(forkAt(t, dst, src, mid).contentType(TEXT).header(FORK_SUB_OFFSET, "0"));
    assertThat(readAll(t, dst))
        .as("sub-offset 0 forks exactly at Stream-Fork-Offset, as if the header were absent")
        .hasStatus(200)
        .hasBody("first");
  }

  @Test
  @Check(id = "fork.sub-offset-zero-equals-absent-on-recreate", requirements = {"DS-4.2-05"}, feature = Feature.FORK)
  void subOffsetZeroMatchesAForkMadeWithoutTheHeader(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "data");
    created(forkAt(t, dst, src, start).contentType(TEXT));
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "0").send())
        .as("re-creating a fork with sub-offset 0 matches the fork made without the header (idempotent 200)")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.sub-offset-binary-overshoot-400", requirements = {"DS-4.2-20"}, feature = Feature.FORK)
  void binarySubOffsetPastTheAppendAnswers400(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hi");
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "5").send())
        .as("a binary sub-offset larger than the append at the fork offset is answered 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "fork.sub-offset-json-overshoot-400", requirements = {"DS-4.2-20"}, feature = Feature.FORK)
  void jsonSubOffsetPastTheBatchAnswers400(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = jsonSource(t, src, "[{\"a\":1},{\"b\":2},{\"c\":3}]");
    assertThat(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "4").send())
        .as("a JSON sub-offset larger than the batch's message count is answered 400")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-Fork-Sub-Offset: {0}")
  @ValueSource(strings = {"-1", "abc", "1.5", "05", "+1", "1e1"})
  @Check(id = "fork.sub-offset-malformed-400", requirements = {"DS-4.2-20"}, feature = Feature.FORK)
  void malformedSubOffsetAnswers400(String subOffset, Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "data");
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, subOffset).send())
        .as("a Stream-Fork-Sub-Offset that is not a non-negative integer is answered 400")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-Fork-Sub-Offset: {0} without Stream-Forked-From")
  @ValueSource(strings = {"0", "2"})
  @Check(id = "fork.sub-offset-without-forked-from-400", requirements = {"DS-4.2-21"}, feature = Feature.FORK)
  void subOffsetWithoutForkedFromAnswers400(String subOffset, Target t) {
    String dst = t.newStream("not-a-fork");
    assertThat(t.put(dst).contentType(TEXT).header(FORK_SUB_OFFSET, subOffset).send())
        .as("Stream-Fork-Sub-Offset on a PUT without Stream-Forked-From is answered 400, even when it is 0")
        .hasStatus(400);
    assertThat(t.head(dst).send())
        .as("the rejected PUT creates no stream")
        .hasStatus(404);
  }

  @Test
  @Check(id = "fork.sub-offset-binary-same-200", requirements = {"DS-4.2-25"}, feature = Feature.FORK)
  void repeatingABinarySubOffsetForkAnswers200(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    created(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2"));
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2").send())
        .as("repeating a fork with the same sub-offset is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.sub-offset-binary-different-409", requirements = {"DS-4.2-26"}, feature = Feature.FORK)
  void repeatingABinaryForkWithAnotherSubOffsetAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    created(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2"));
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3").send())
        .as("repeating a fork with another sub-offset is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.sub-offset-json-same-200", requirements = {"DS-4.2-25"}, feature = Feature.FORK)
  void repeatingAJsonSubOffsetForkAnswers200(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = jsonSource(t, src, "[1,2,3]");
    created(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "2"));
    assertThat(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "2").send())
        .as("repeating a JSON fork with the same sub-offset is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.sub-offset-json-different-409", requirements = {"DS-4.2-26"}, feature = Feature.FORK)
  void repeatingAJsonForkWithAnotherSubOffsetAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = jsonSource(t, src, "[1,2,3]");
    created(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "2"));
    assertThat(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "1").send())
        .as("repeating a JSON fork with another sub-offset is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.sub-offset-at-default-tail-400", requirements = {"DS-4.2-21"}, feature = Feature.FORK)
  void positiveSubOffsetWithoutForkOffsetAnswers400(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "data");
    // Without Stream-Fork-Offset the fork point is the tail, where no append follows.
    assertThat(fork(t, dst, src).contentType(TEXT).header(FORK_SUB_OFFSET, "1").send())
        .as("a positive sub-offset at the default fork point (the tail) is answered 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "fork.sub-offset-on-empty-source-400", requirements = {"DS-4.2-21"}, feature = Feature.FORK)
  void positiveSubOffsetOnAnEmptySourceAnswers400(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = createEmpty(t, src, TEXT);
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "1").send())
        .as("a positive sub-offset on an empty source is answered 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "fork.sub-offset-binary-whole-append", requirements = {"DS-4.2-06"}, feature = Feature.FORK)
  void binarySubOffsetEqualToTheAppendLengthIsAccepted(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    t.append(src, TEXT, "-later");
    assertThat(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "5").send())
        .as("a binary sub-offset equal to the append's length is accepted")
        .hasStatus(201);
    assertThat(readAll(t, dst))
        .as("a sub-offset equal to the append's length inherits the whole append and nothing after it")
        .hasBody("hello");
  }

  @Test
  @Check(id = "fork.sub-offset-json-whole-batch", requirements = {"DS-4.2-06"}, feature = Feature.FORK)
  void jsonSubOffsetEqualToTheMessageCountIsAccepted(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = jsonSource(t, src, "[{\"a\":1},{\"b\":2},{\"c\":3}]");
    assertThat(forkAt(t, dst, src, start).contentType(JSON).header(FORK_SUB_OFFSET, "3").send())
        .as("a JSON sub-offset equal to the batch's message count is accepted")
        .hasStatus(201);
    assertJsonBody(readAll(t, dst), "a sub-offset equal to the message count inherits the whole batch",
        "[{\"a\":1},{\"b\":2},{\"c\":3}]");
  }

  @Test
  @Check(id = "fork.sub-offset-initial-body-after-prefix", requirements = {"DS-4.2-07"}, feature = Feature.FORK)
  void initialBodyFollowsTheSubOffsetPrefix(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    created(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3").body("XY"));
    assertThat(readAll(t, dst))
        .as("a fork's initial body lands after the sub-offset prefix")
        .hasStatus(200)
        .hasBody("helXY");
  }

  @Test
  @Check(id = "fork.sub-offset-next-offset-readable", requirements = {"DS-4.2-08", "DS-8-33"}, feature = Feature.FORK)
  void nextOffsetOfASubOffsetForkIsItsTail(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    String tail = created(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3")).nextOffset();
    assertThat(readFrom(t, dst, tail))
        .as("the Stream-Next-Offset of a sub-offset fork's creation is a readable offset at its tail")
        .hasStatus(200)
        .hasBody("")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.sub-offset-anchored-mid-stream", requirements = {"DS-4.2-04"}, feature = Feature.FORK)
  void subOffsetCountsFromTheAppendAtAMidStreamOffset(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String anchor = t.create(src, TEXT, "first").nextOffset();
    t.append(src, TEXT, "second");
    created(forkAt(t, dst, src, anchor).contentType(TEXT).header(FORK_SUB_OFFSET, "3"));
    assertThat(readAll(t, dst))
        .as("the sub-offset counts bytes of the append that starts at the fork offset, after the data before it")
        .hasBody("firstsec");
  }

  @Test
  @Check(id = "fork.sub-offset-inherits-content-type", requirements = {"DS-4.2-14"}, feature = Feature.FORK)
  void subOffsetForkWithoutContentTypeInheritsTheSourceType(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = createEmpty(t, src, "application/x-streamcert");
    t.append(src, "application/x-streamcert", "hello");
    created(forkAt(t, dst, src, start).header(FORK_SUB_OFFSET, "2"));
    assertThat(t.head(dst).send())
        .as("a sub-offset fork created without Content-Type has its source's content type")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/x-streamcert\\s*(;.*)?");
  }

  @Test
  @Check(id = "fork.sub-offset-from-closed-source", requirements = {"DS-4.2-27"}, feature = Feature.FORK)
  void subOffsetForkOfAClosedSourceIsCreated(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = createEmpty(t, src, TEXT);
    assertThat(t.post(src).contentType(TEXT).header("Stream-Closed", "true").body("hello").send())
        .as("setup: the source's only append closes it")
        .hasStatus(204);
    Exchange ex = forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3").send();
    assertThat(ex).as("a closed stream can be forked with a sub-offset").hasStatus(201);
    assertThat(readAll(t, dst))
        .as("the sub-offset fork of a closed source holds the prefix")
        .hasBody("hel");
  }

  @Test
  @Check(id = "fork.sub-offset-append-after-prefix", requirements = {"DS-4.2-04"}, feature = Feature.FORK)
  void appendsToASubOffsetForkFollowThePrefix(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = textSource(t, src, "hello");
    created(forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "3"));
    t.append(dst, TEXT, "LO");
    assertThat(readAll(t, dst))
        .as("appends to a sub-offset fork follow the inherited prefix")
        .hasBody("helLO");
  }
}
