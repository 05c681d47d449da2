package io.streamcert.conformance.checks;

import static io.streamcert.conformance.checks.Forking.FORK_SUB_OFFSET;
import static io.streamcert.conformance.checks.Forking.created;
import static io.streamcert.conformance.checks.Forking.createEmpty;
import static io.streamcert.conformance.checks.Forking.fork;
import static io.streamcert.conformance.checks.Forking.forkAt;
import static io.streamcert.conformance.checks.Forking.readAll;
import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;

/** Forks of forks: chains of three levels, forks inside inherited data, composed sub-offsets (PROTOCOL.md §4.2). */
@Area("Fork chains")
class ForkChainChecks {

  private static final String TEXT = "text/plain";

  @Test
  @Check(id = "fork.chain-three-levels-read", requirements = {"DS-4.2-09"}, feature = Feature.FORK)
  void threeLevelChainReadsEveryLevelInOrder(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    t.create(a, TEXT, "a;");
    created(fork(t, b, a).contentType(TEXT));
    t.append(b, TEXT, "b;");
    assertThat(fork(t, c, b).contentType(TEXT).send())
        .as("a fork can itself be forked")
        .hasStatus(201);
    t.append(c, TEXT, "c;");
    assertThat(readAll(t, c))
        .as("the third level of a chain reads every ancestor's inherited data, then its own")
        .hasStatus(200)
        .hasBody("a;b;c;");
  }

  @Test
  @Check(id = "fork.chain-levels-append-independently", requirements = {"DS-4.2-09", "DS-4.2-11"}, feature = Feature.FORK)
  void eachLevelOfAChainAppendsIndependently(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    t.create(a, TEXT, "a;");
    created(fork(t, b, a).contentType(TEXT));
    created(fork(t, c, b).contentType(TEXT));
    t.append(a, TEXT, "A2;");
    t.append(b, TEXT, "B2;");
    t.append(c, TEXT, "C2;");
    assertThat(readAll(t, a)).as("the root of a chain reads only its own appends").hasBody("a;A2;");
    assertThat(readAll(t, b)).as("the middle of a chain reads its inheritance and its own appends").hasBody("a;B2;");
    assertThat(readAll(t, c)).as("the leaf of a chain reads its inheritance and its own appends").hasBody("a;C2;");
  }

  @Test
  @Check(id = "fork.chain-fork-inside-inherited-data", requirements = {"DS-4.2-09"}, feature = Feature.FORK)
  void forkOfAForkAtAnInheritedOffsetInheritsUpToIt(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    String mid = t.create(a, TEXT, "x1;").nextOffset();
    t.append(a, TEXT, "x2;");
    created(fork(t, b, a).contentType(TEXT));
    t.append(b, TEXT, "y;");
    created(forkAt(t, c, b, mid).contentType(TEXT));
    assertThat(readAll(t, c))
        .as("a fork of a fork at an offset inside the inherited data inherits only the data before it")
        .hasStatus(200)
        .hasBody("x1;");
  }

  @Test
  @Check(id = "fork.chain-sub-offsets-compose", requirements = {"DS-4.2-09", "DS-4.2-04"}, feature = Feature.FORK)
  void subOffsetsComposeAlongAChain(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    String start = createEmpty(t, a, TEXT);
    t.append(a, TEXT, "abcdef");
    created(forkAt(t, b, a, start).contentType(TEXT).header(FORK_SUB_OFFSET, "4"));
    created(forkAt(t, c, b, start).contentType(TEXT).header(FORK_SUB_OFFSET, "2"));
    assertThat(readAll(t, b)).as("the first fork holds four bytes of the source's append").hasBody("abcd");
    t.append(c, TEXT, "Z");
    assertThat(readAll(t, c))
        .as("a sub-offset fork of a sub-offset fork takes its bytes from the inherited prefix, then its own appends")
        .hasStatus(200)
        .hasBody("abZ");
  }
}
