package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.FORK_OFFSET;
import static io.streamcert.conformance.checks.Forking.created;
import static io.streamcert.conformance.checks.Forking.fork;
import static io.streamcert.conformance.checks.Forking.forkAt;
import static io.streamcert.conformance.checks.Forking.readAll;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fork creation with {@code PUT} and {@code Stream-Forked-From} (PROTOCOL.md §4.2, §5.1). */
@Area("Fork creation")
class ForkCreateChecks {

  private static final String TEXT = "text/plain";

  @Test
  @Check(id = "fork.create-at-head-by-default", requirements = {"DS-4.2-01", "DS-4.2-02"}, feature = Feature.FORK)
  void forkWithoutAnOffsetInheritsEverySourceAppend(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    t.append(src, TEXT, "def");
    assertThat(fork(t, dst, src).contentType(TEXT).send())
        .as("a PUT with Stream-Forked-From creates a fork")
        .hasStatus(201);
    assertThat(readAll(t, dst))
        .as("a fork without Stream-Fork-Offset forks at the source's tail and inherits all its data")
        .hasStatus(200)
        .hasBody("abcdef");
  }

  @Test
  @Check(id = "fork.create-at-head-shares-tail-offset", requirements = {"DS-8-37", "DS-4.2-02"}, feature = Feature.FORK)
  void forkAtTheHeadStartsAtTheSourceTailOffset(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    String tail = t.append(src, TEXT, "def").nextOffset();
    assertThat(fork(t, dst, src).contentType(TEXT).send())
        .as("a fork shares its source's offset space, so a fork at the head reports the source's tail as its next offset")
        .hasStatus(201)
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "fork.create-at-given-offset", requirements = {"DS-4.2-01"}, feature = Feature.FORK)
  void forkAtAnOffsetInheritsOnlyTheDataBeforeIt(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String mid = t.create(src, TEXT, "first").nextOffset();
    t.append(src, TEXT, "second");
    created(forkAt(t, dst, src, mid).contentType(TEXT));
    assertThat(readAll(t, dst))
        .as("a fork at Stream-Fork-Offset inherits the source's data before that offset and nothing after it")
        .hasStatus(200)
        .hasBody("first")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.create-at-start-offset-inherits-nothing", requirements = {"DS-4.2-03"}, feature = Feature.FORK)
  void forkAtTheStartOffsetInheritsNoData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = Forking.createEmpty(t, src, TEXT);
    t.append(src, TEXT, "source data");
    created(forkAt(t, dst, src, start).contentType(TEXT));
    assertThat(readAll(t, dst))
        .as("a fork at the source's start offset inherits no data")
        .hasStatus(200)
        .hasBody("")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @ParameterizedTest(name = "fork at the offset after {0} of 3 appends")
  @ValueSource(ints = {0, 1, 2, 3})
  @Check(id = "fork.create-at-every-issued-offset", requirements = {"DS-4.2-10", "DS-4.2-01"}, feature = Feature.FORK)
  void everyOffsetTheSourceIssuedIsAForkPoint(int appends, Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String[] parts = {"a;", "bb;", "ccc;"};
    String[] offsets = new String[parts.length + 1];
    offsets[0] = Forking.createEmpty(t, src, TEXT);
    for (int i = 0; i < parts.length; i++) offsets[i + 1] = t.append(src, TEXT, parts[i]).nextOffset();
    assertThat(forkAt(t, dst, src, offsets[appends]).contentType(TEXT).send())
        .as("every offset the server issued for the source is a valid Stream-Fork-Offset")
        .hasStatus(201);
    assertThat(readAll(t, dst))
        .as("a fork at an issued offset inherits exactly the appends before it")
        .hasStatus(200)
        .hasBody(String.join("", Arrays.copyOf(parts, appends)));
  }

  @Test
  @Check(id = "fork.create-ten-forks-coexist", requirements = {"DS-4.2-10"}, feature = Feature.FORK)
  void tenForksOfOneSourceCoexist(Target t) {
    String src = t.newStream("fork-src");
    t.create(src, TEXT, "shared;");
    String[] forks = new String[10];
    for (int i = 0; i < forks.length; i++) {
      forks[i] = t.newStream("fork");
      assertThat(fork(t, forks[i], src).contentType(TEXT).send()).as("fork " + (i + 1) + " of one source is created").hasStatus(201);
      t.append(forks[i], TEXT, "own" + i);
    }
    for (int i = 0; i < forks.length; i++) {
      assertThat(readAll(t, forks[i]))
          .as("ten forks of one source coexist, each with the shared data and only its own appends")
          .hasStatus(200)
          .hasBody("shared;own" + i);
    }
    assertThat(readAll(t, src)).as("the source is unchanged by its ten forks").hasBody("shared;");
  }

  @Test
  @Check(id = "fork.create-at-explicit-tail-inherits-everything", requirements = {"DS-4.2-03"}, feature = Feature.FORK)
  void forkAtTheSourceTailOffsetInheritsEverything(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "one,");
    String tail = t.append(src, TEXT, "two").nextOffset();
    created(forkAt(t, dst, src, tail).contentType(TEXT));
    assertThat(readAll(t, dst))
        .as("a fork at the source's tail offset inherits all of its data")
        .hasStatus(200)
        .hasBody("one,two");
  }

  @Test
  @Check(id = "fork.create-of-empty-source", requirements = {"DS-4.2-03"}, feature = Feature.FORK)
  void forkOfAnEmptySourceIsCreatedEmpty(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, null);
    assertThat(fork(t, dst, src).contentType(TEXT).send())
        .as("an empty stream can be forked")
        .hasStatus(201);
    assertThat(readAll(t, dst))
        .as("the fork of an empty stream has no data")
        .hasStatus(200)
        .hasBody("")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.create-missing-source-404", requirements = {"DS-4.2-18"}, feature = Feature.FORK)
  void forkOfAMissingSourceAnswers404(Target t) {
    String missing = t.newStream("fork-missing-src");
    String dst = t.newStream("fork");
    assertThat(fork(t, dst, missing).contentType(TEXT).send())
        .as("a fork whose Stream-Forked-From names no stream is answered 404")
        .hasStatus(404);
    assertThat(t.head(dst).send())
        .as("a rejected fork creates nothing at its path")
        .hasStatus(404);
  }

  @Test
  @Check(id = "fork.create-offset-beyond-tail-400", requirements = {"DS-5.1-25"}, feature = Feature.FORK)
  void forkOffsetBeyondTheSourceTailAnswers400(Target t) {
    String src = t.newStream("fork-src");
    String helper = t.newStream("fork-helper");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, helper, src).contentType(TEXT));
    // Forks share the source's offset space, so an offset the helper fork issued after its own
    // append is a real offset that lies beyond the source's tail.
    String beyond = t.append(helper, TEXT, "more").nextOffset();
    assertThat(forkAt(t, dst, src, beyond).contentType(TEXT).send())
        .as("a Stream-Fork-Offset beyond the source's tail is answered 400")
        .hasStatus(400);
  }

  @ParameterizedTest(name = "Stream-Fork-Offset: {0}")
  @ValueSource(strings = {"not-an-offset", "12,34", "a=b", "x&y", "what?"})
  @Check(id = "fork.create-malformed-offset-400", requirements = {"DS-4.2-19"}, feature = Feature.FORK)
  void malformedForkOffsetAnswers400(String offset, Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    assertThat(fork(t, dst, src).contentType(TEXT).header(FORK_OFFSET, offset).send())
        .as("a malformed Stream-Fork-Offset is answered 400")
        .hasStatus(400);
  }

  @Test
  @Check(id = "fork.create-onto-plain-stream-409", requirements = {"DS-4.2-22"}, feature = Feature.FORK)
  void forkOntoAPathHoldingAnotherStreamAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    t.create(dst, TEXT, "unrelated");
    assertThat(fork(t, dst, src).contentType(TEXT).send())
        .as("a fork onto a path that holds a stream with another configuration is answered 409")
        .hasStatus(409);
    assertThat(readAll(t, dst))
        .as("the conflicting fork leaves the existing stream untouched")
        .hasBody("unrelated");
  }

  @Test
  @Check(id = "fork.create-same-parameters-200", requirements = {"DS-4.2-25"}, feature = Feature.FORK)
  void repeatingAForkWithTheSameParametersAnswers200(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String mid = t.create(src, TEXT, "abc").nextOffset();
    t.append(src, TEXT, "def");
    created(forkAt(t, dst, src, mid).contentType(TEXT));
    assertThat(forkAt(t, dst, src, mid).contentType(TEXT).send())
        .as("repeating a fork with the same source and offset is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.create-other-offset-409", requirements = {"DS-4.2-26"}, feature = Feature.FORK)
  void repeatingAForkAtAnotherOffsetAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String mid = t.create(src, TEXT, "abc").nextOffset();
    String tail = t.append(src, TEXT, "def").nextOffset();
    created(forkAt(t, dst, src, mid).contentType(TEXT));
    assertThat(forkAt(t, dst, src, tail).contentType(TEXT).send())
        .as("repeating a fork at another Stream-Fork-Offset is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.create-other-source-409", requirements = {"DS-4.2-26"}, feature = Feature.FORK)
  void repeatingAForkFromAnotherSourceAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String other = t.newStream("fork-src2");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    t.create(other, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(fork(t, dst, other).contentType(TEXT).send())
        .as("repeating a fork with another Stream-Forked-From is a conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.create-matching-content-type", requirements = {"DS-4.2-13"}, feature = Feature.FORK)
  void forkWithTheSourceContentTypeIsCreatedWithIt(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, "application/x-streamcert", "abc");
    assertThat(fork(t, dst, src).contentType("application/x-streamcert").send())
        .as("a fork whose Content-Type equals the source's is created with that type")
        .hasStatus(201)
        .hasHeaderMatching("Content-Type", "(?i)application/x-streamcert\\s*(;.*)?");
  }

  @Test
  @Check(id = "fork.create-inherits-content-type", requirements = {"DS-4.2-14"}, feature = Feature.FORK)
  void forkWithoutContentTypeInheritsTheSourceType(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, "application/x-streamcert", "abc");
    created(fork(t, dst, src));
    assertThat(t.head(dst).send())
        .as("a fork created without Content-Type has its source's content type")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/x-streamcert\\s*(;.*)?");
  }

  @Test
  @Check(id = "fork.create-content-type-mismatch-409", requirements = {"DS-4.2-13"}, feature = Feature.FORK)
  void forkWithAnotherContentTypeAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    assertThat(fork(t, dst, src).contentType("application/json").send())
        .as("a fork whose Content-Type differs from the source's is answered 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.create-from-closed-source-open", requirements = {"DS-4.2-28", "DS-4.2-27"}, feature = Feature.FORK)
  void forkOfAClosedSourceReportsNoClosure(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    Exchange closed = t.put(src).contentType(TEXT).header("Stream-Closed", "true").body("final").send();
    assertThat(closed).as("setup: a stream created closed").hasStatus(201);
    assertThat(fork(t, dst, src).contentType(TEXT).send())
        .as("a closed stream can be forked, and the fork starts open")
        .hasStatus(201)
        .hasNoHeader("Stream-Closed");
    assertThat(t.head(dst).send())
        .as("a fork of a closed source starts open")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "fork.create-from-closed-source-appendable", requirements = {"DS-4.2-28"}, feature = Feature.FORK)
  void forkOfAClosedSourceAcceptsAppends(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    assertThat(t.put(src).contentType(TEXT).header("Stream-Closed", "true").body("final").send())
        .as("setup: a stream created closed")
        .hasStatus(201);
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.post(dst).contentType(TEXT).body("+more").send())
        .as("a fork of a closed source accepts appends")
        .isSuccess()
        .hasNoHeader("Stream-Closed");
    assertThat(readAll(t, dst))
        .as("the fork holds the closed source's data followed by its own")
        .hasBody("final+more");
  }

  @Test
  @Check(id = "fork.create-initial-body-after-inherited", requirements = {"DS-4.2-07"}, feature = Feature.FORK)
  void forkInitialBodyFollowsTheInheritedData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "abc");
    created(fork(t, dst, src).contentType(TEXT).body("XYZ"));
    assertThat(readAll(t, dst))
        .as("a fork's initial body is appended after the inherited data")
        .hasStatus(200)
        .hasBody("abcXYZ");
  }
}
