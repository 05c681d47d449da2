package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.FORK_HEADERS;
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
import io.streamcert.conformance.kit.ExchangeAssert;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Catch-up reads of forks: inherited data, then the fork's own (PROTOCOL.md §4.2, §5.6, §9.1.5). */
@Area("Fork reads")
class ForkReadChecks {

  private static final String TEXT = "text/plain";
  private static final String JSON = "application/json";

  @Test
  @Check(id = "fork.read-inherited-then-own", requirements = {"DS-4.2-01"}, feature = Feature.FORK)
  void readOfAForkReturnsInheritedDataThenItsOwn(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source;");
    created(fork(t, dst, src).contentType(TEXT));
    t.append(dst, TEXT, "fork;");
    assertThat(readAll(t, dst))
        .as("a fork reads as the source's data up to the fork point followed by the fork's appends")
        .hasStatus(200)
        .hasBody("source;fork;")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.read-inherited-portion-ends-at-fork-point", requirements = {"DS-4.2-01", "DS-8-37"}, feature = Feature.FORK)
  void readOfAForkWithoutOwnDataEndsAtTheForkPoint(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String mid = t.create(src, TEXT, "kept").nextOffset();
    t.append(src, TEXT, "-not-inherited");
    created(forkAt(t, dst, src, mid).contentType(TEXT));
    assertThat(readAll(t, dst))
        .as("a fork without own data reads exactly the inherited data and ends, up to date, at the fork point")
        .hasStatus(200)
        .hasBody("kept")
        .hasHeader("Stream-Up-To-Date", "true")
        .hasHeader("Stream-Next-Offset", mid);
  }

  @Test
  @Check(id = "fork.read-from-fork-offset-own-data-only", requirements = {"DS-4.2-01"}, feature = Feature.FORK)
  void readFromTheForkPointReturnsOnlyTheForkData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "inherited");
    String forkPoint = created(fork(t, dst, src).contentType(TEXT)).nextOffset();
    t.append(dst, TEXT, "own");
    assertThat(readFrom(t, dst, forkPoint))
        .as("a read of a fork from its fork point returns only the fork's own data")
        .hasStatus(200)
        .hasBody("own");
  }

  @Test
  @Check(id = "fork.read-across-boundary", requirements = {"DS-4.2-01", "DS-8-37"}, feature = Feature.FORK)
  void readStartingInInheritedDataContinuesIntoForkData(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String afterFirst = t.create(src, TEXT, "one,").nextOffset();
    t.append(src, TEXT, "two,");
    created(fork(t, dst, src).contentType(TEXT));
    t.append(dst, TEXT, "three");
    assertThat(readFrom(t, dst, afterFirst))
        .as("a read from an offset the source issued before the fork point continues across the boundary into the fork's data")
        .hasStatus(200)
        .hasBody("two,three")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "fork.read-source-appends-after-fork-invisible", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void sourceAppendsAfterTheForkAreNotVisibleInTheFork(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "before");
    created(fork(t, dst, src).contentType(TEXT));
    t.append(src, TEXT, "-after");
    t.append(dst, TEXT, "+fork");
    assertThat(readAll(t, dst))
        .as("data appended to the source after the fork is never visible in the fork")
        .hasStatus(200)
        .hasBody("before+fork");
  }

  @Test
  @Check(id = "fork.read-source-unchanged-by-fork-appends", requirements = {"DS-4.2-11"}, feature = Feature.FORK)
  void forkAppendsAreNotVisibleInTheSource(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    created(fork(t, dst, src).contentType(TEXT));
    t.append(dst, TEXT, "+fork");
    assertThat(readAll(t, src))
        .as("appends to a fork never show in its source")
        .hasStatus(200)
        .hasBody("source");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PUT creating the fork", "PUT re-creating the fork", "HEAD", "GET"})
  @Check(id = "fork.read-no-fork-headers", requirements = {"DS-4.2-12", "DS-8-33"}, feature = Feature.FORK)
  void responsesOnAForkCarryNoForkHeaders(String request, Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    String start = createEmpty(t, src, TEXT);
    t.append(src, TEXT, "hello");
    Exchange creation = forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2").send();
    Exchange ex = switch (request) {
      case "PUT creating the fork" -> creation;
      case "PUT re-creating the fork" -> forkAt(t, dst, src, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2").send();
      case "HEAD" -> t.head(dst).send();
      default -> readAll(t, dst);
    };
    ExchangeAssert a = assertThat(ex).as("forks are transparent: a " + request + " response carries no fork headers").isSuccess();
    for (String h : FORK_HEADERS) a.hasNoHeader(h);
  }

  @Test
  @Check(id = "fork.read-json-one-array-across-boundary", requirements = {"DS-9.1-01", "DS-4.2-01"}, feature = Feature.FORK)
  void jsonForkReadsAsOneArrayAcrossTheBoundary(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, JSON, "[{\"n\":1},{\"n\":2}]");
    created(fork(t, dst, src).contentType(JSON));
    t.append(dst, JSON, "{\"n\":3}");
    Exchange ex = readAll(t, dst);
    assertThat(ex).as("a JSON fork is read like any JSON stream").hasStatus(200);
    assertJsonBody(ex, "a read of a JSON fork returns inherited and own messages as one JSON array",
        "[{\"n\":1},{\"n\":2},{\"n\":3}]");
  }

  @Test
  @Check(id = "fork.read-json-inherits-json-mode", requirements = {"DS-9.1-02", "DS-4.2-14"}, feature = Feature.FORK)
  void jsonForkWithoutContentTypeIsAJsonStream(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, JSON, "[{\"n\":1}]");
    created(fork(t, dst, src));
    assertThat(t.head(dst).send())
        .as("a JSON fork created without Content-Type inherits application/json")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/json\\s*(;.*)?");
    assertThat(t.post(dst).contentType(JSON).body("[{\"n\":2},{\"n\":3}]").send())
        .as("the fork accepts JSON batches like its source")
        .hasStatus(204);
    assertJsonBody(readAll(t, dst), "the fork keeps JSON message boundaries across the fork point",
        "[{\"n\":1},{\"n\":2},{\"n\":3}]");
  }

  @Test
  @Check(id = "fork.read-json-from-inherited-offset", requirements = {"DS-9.1-01", "DS-8-37"}, feature = Feature.FORK)
  void jsonForkReadFromAnInheritedOffsetCrossesTheBoundary(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createEmpty(t, src, JSON);
    String afterFirst = t.append(src, JSON, "{\"n\":1}").nextOffset();
    t.append(src, JSON, "{\"n\":2}");
    created(fork(t, dst, src).contentType(JSON));
    t.append(dst, JSON, "[{\"n\":3},{\"n\":4}]");
    Exchange ex = readFrom(t, dst, afterFirst);
    assertThat(ex).as("a JSON fork is read from an inherited offset").hasStatus(200);
    assertJsonBody(ex, "a JSON fork read from inside the inherited data returns the rest of it and the fork's messages as one array",
        "[{\"n\":2},{\"n\":3},{\"n\":4}]");
  }
}
