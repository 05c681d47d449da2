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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deleting forks and their sources: soft delete while forks read a source, and cascading cleanup
 * once the last fork goes (PROTOCOL.md §4.2, §5.4).
 */
@Area("Fork lifecycle")
class ForkLifecycleChecks {

  private static final String TEXT = "text/plain";

  /** Cleanup of soft-deleted ancestors may run asynchronously; this is how long it is given. */
  private static final Duration CLEANUP = Duration.ofSeconds(3);

  /** Creates a source with data and one fork of it, then deletes the source; returns the fork path. */
  private static String softDeletedSourceWithFork(Target t, String src) {
    String dst = t.newStream("fork");
    t.create(src, TEXT, "kept");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.delete(src).send())
        .as("deleting a stream that has forks succeeds with 204")
        .hasStatus(204);
    return dst;
  }

  @Test
  @Check(id = "fork.lifecycle-delete-fork-keeps-source", requirements = {"DS-5.4-07"}, feature = Feature.FORK)
  void deletingAForkLeavesTheSourceIntact(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.delete(dst).send()).as("a fork can be deleted").hasStatus(204);
    assertThat(readAll(t, src))
        .as("deleting a fork leaves its source readable and unchanged")
        .hasStatus(200)
        .hasBody("source");
    assertThat(t.post(src).contentType(TEXT).body("+more").send())
        .as("deleting a fork leaves its source appendable")
        .hasStatus(204);
  }

  @ParameterizedTest(name = "{0} on the soft-deleted source")
  @ValueSource(strings = {"GET", "HEAD", "POST", "DELETE"})
  @Check(id = "fork.lifecycle-soft-deleted-410", requirements = {"DS-5.4-04", "DS-5.4-09", "DS-5.5-03", "DS-5.6-13"},
      feature = Feature.FORK)
  void softDeletedSourceAnswers410(String method, Target t) {
    String src = t.newStream("fork-src");
    softDeletedSourceWithFork(t, src);
    Exchange ex = switch (method) {
      case "GET" -> readAll(t, src);
      case "HEAD" -> t.head(src).send();
      case "POST" -> t.post(src).contentType(TEXT).body("more").send();
      default -> t.delete(src).send();
    };
    assertThat(ex)
        .as("a source deleted while forks read it is soft-deleted: " + method + " on its URL is answered 410")
        .hasStatus(410);
  }

  @Test
  @Check(id = "fork.lifecycle-soft-deleted-put-409", requirements = {"DS-5.4-05"}, feature = Feature.FORK)
  void putOnASoftDeletedSourceAnswers409(Target t) {
    String src = t.newStream("fork-src");
    softDeletedSourceWithFork(t, src);
    assertThat(t.put(src).contentType(TEXT).send())
        .as("a PUT on the path of a soft-deleted stream is answered 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.lifecycle-fork-from-soft-deleted-409", requirements = {"DS-4.2-23"}, feature = Feature.FORK)
  void forkFromASoftDeletedSourceAnswers409(Target t) {
    String src = t.newStream("fork-src");
    String second = t.newStream("fork-second");
    softDeletedSourceWithFork(t, src);
    assertThat(fork(t, second, src).contentType(TEXT).send())
        .as("a fork from a soft-deleted source is answered 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "fork.lifecycle-fork-reads-soft-deleted-data", requirements = {"DS-5.4-06"}, feature = Feature.FORK)
  void forkStillReadsTheDataOfASoftDeletedSource(Target t) {
    String src = t.newStream("fork-src");
    String dst = softDeletedSourceWithFork(t, src);
    assertThat(readAll(t, dst))
        .as("a fork still reads the data it inherited from a soft-deleted source")
        .hasStatus(200)
        .hasBody("kept");
  }

  @Test
  @Check(id = "fork.lifecycle-fork-appendable-after-source-delete", requirements = {"DS-5.4-06", "DS-4.2-11"},
      feature = Feature.FORK)
  void forkStaysAppendableAfterItsSourceIsDeleted(Target t) {
    String src = t.newStream("fork-src");
    String dst = softDeletedSourceWithFork(t, src);
    assertThat(t.post(dst).contentType(TEXT).body("+own").send())
        .as("a fork of a soft-deleted source still accepts appends")
        .hasStatus(204);
    assertThat(readAll(t, dst)).as("the fork reads its inheritance and its new append").hasBody("kept+own");
  }

  @Test
  @Check(id = "fork.lifecycle-last-fork-delete-cascades", requirements = {"DS-4.2-35"}, feature = Feature.FORK)
  void deletingTheLastForkRemovesASoftDeletedSource(Target t) {
    String src = t.newStream("fork-src");
    String dst = softDeletedSourceWithFork(t, src);
    assertThat(t.delete(dst).send()).as("the last fork is deleted").hasStatus(204);
    assertThat(Expiry.startNow().headUntil(t, src, CLEANUP, 404))
        .as("once its last fork is deleted, a soft-deleted source is removed (404, not 410)")
        .hasStatus(404);
    assertThat(t.put(src).contentType(TEXT).send())
        .as("the path of a fully removed source can be created again")
        .hasStatus(201);
  }

  @Test
  @Check(id = "fork.lifecycle-cascade-three-levels", requirements = {"DS-4.2-35"}, feature = Feature.FORK)
  void cleanupCascadesThroughAThreeLevelChain(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    t.create(a, TEXT, "a");
    created(fork(t, b, a).contentType(TEXT));
    created(fork(t, c, b).contentType(TEXT));
    assertThat(t.delete(a).send()).as("setup: the root is soft-deleted").hasStatus(204);
    assertThat(t.delete(b).send()).as("setup: the middle is soft-deleted").hasStatus(204);
    assertThat(t.delete(c).send()).as("the leaf, the last fork, is deleted").hasStatus(204);
    Expiry clock = Expiry.startNow();
    assertThat(clock.headUntil(t, b, CLEANUP, 404))
        .as("deleting the leaf removes its soft-deleted parent")
        .hasStatus(404);
    assertThat(clock.headUntil(t, a, CLEANUP, 404))
        .as("cleanup cascades up the chain to the soft-deleted root")
        .hasStatus(404);
  }

  @Test
  @Check(id = "fork.lifecycle-delete-middle-keeps-leaf", requirements = {"DS-4.2-35", "DS-5.4-06"}, feature = Feature.FORK)
  void deletingTheMiddleOfAChainKeepsTheLeafReadable(Target t) {
    String a = t.newStream("fork-l0");
    String b = t.newStream("fork-l1");
    String c = t.newStream("fork-l2");
    t.create(a, TEXT, "a;");
    created(fork(t, b, a).contentType(TEXT));
    t.append(b, TEXT, "b;");
    created(fork(t, c, b).contentType(TEXT));
    t.append(c, TEXT, "c;");
    assertThat(t.delete(b).send()).as("the middle of the chain is deleted").hasStatus(204);
    assertThat(readAll(t, c))
        .as("deleting the middle of a chain keeps every inherited byte readable through the leaf")
        .hasStatus(200)
        .hasBody("a;b;c;");
    assertThat(readAll(t, a)).as("deleting the middle of a chain leaves the root untouched").hasStatus(200).hasBody("a;");
  }

  @Test
  @Check(id = "fork.lifecycle-source-lives-after-forks-deleted", requirements = {"DS-5.4-07"}, feature = Feature.FORK)
  void sourceStaysAliveWhenAllItsForksAreDeleted(Target t) {
    String src = t.newStream("fork-src");
    String f1 = t.newStream("fork");
    String f2 = t.newStream("fork");
    t.create(src, TEXT, "source");
    created(fork(t, f1, src).contentType(TEXT));
    created(fork(t, f2, src).contentType(TEXT));
    assertThat(t.delete(f1).send()).as("setup: first fork deleted").hasStatus(204);
    assertThat(t.delete(f2).send()).as("setup: second fork deleted").hasStatus(204);
    assertThat(t.head(src).send())
        .as("a source that was never deleted stays alive after all its forks are deleted")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.lifecycle-deleted-fork-releases-source", requirements = {"DS-5.4-07", "DS-4.2-35"}, feature = Feature.FORK)
  void deletingASourceWhoseForksAreGoneRemovesIt(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.delete(dst).send()).as("setup: the only fork is deleted").hasStatus(204);
    assertThat(t.delete(src).send()).as("the source is deleted").hasStatus(204);
    assertThat(t.head(src).send())
        .as("a source whose forks were all deleted is removed outright by DELETE (404, not a soft-deleted 410)")
        .hasStatus(404);
  }

  @Test
  @Check(id = "fork.lifecycle-rejected-fork-no-reference", requirements = {"DS-4.2-24"}, feature = Feature.FORK)
  void rejectedForkLeavesNoReferenceOnTheSource(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "source");
    assertThat(fork(t, dst, src).contentType("application/json").send())
        .as("setup: a fork with a mismatched content type is rejected")
        .hasStatus(409);
    assertThat(t.delete(src).send()).as("the source is deleted").hasStatus(204);
    assertThat(t.head(src).send())
        .as("a rejected fork holds no reference: deleting the source removes it outright (404, not 410)")
        .hasStatus(404);
  }
}
