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
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Lifetimes of forks: inheritance of the source's TTL or Expires-At only when the fork request gives
 * neither, no capping by the source, and expiry on either side of a fork (PROTOCOL.md §4.2).
 */
@Area("Fork TTL")
class ForkTtlChecks {

  private static final String TEXT = "text/plain";

  private static void createWithTtl(Target t, String path, String ttl) {
    assertThat(t.put(path).contentType(TEXT).header("Stream-TTL", ttl).body("data").send())
        .as("setup: a stream with Stream-TTL " + ttl)
        .hasStatus(201);
  }

  private static void createExpiringAt(Target t, String path, Instant at) {
    assertThat(t.put(path).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(at)).body("data").send())
        .as("setup: a stream with Stream-Expires-At " + Expiry.rfc3339(at))
        .hasStatus(201);
  }

  @Test
  @Check(id = "fork.ttl-inherits-source-ttl", requirements = {"DS-4.2-15"}, feature = Feature.FORK)
  void forkWithoutLifetimeInheritsTheSourceTtl(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createWithTtl(t, src, "3600");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.head(dst).send())
        .as("a fork created with neither Stream-TTL nor Stream-Expires-At inherits its source's TTL")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "3600")
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "fork.ttl-inherits-source-expires-at", requirements = {"DS-4.2-15"}, feature = Feature.FORK)
  void forkWithoutLifetimeInheritsTheSourceExpiresAt(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    Instant at = Expiry.wholeSecondsFromNow(Duration.ofHours(1));
    createExpiringAt(t, src, at);
    created(fork(t, dst, src).contentType(TEXT));
    Exchange head = t.head(dst).send();
    assertThat(head).as("a fork of an expiring source exists").hasStatus(200).hasNoHeader("Stream-TTL");
    Expiry.assertExpiresAt(head, "a fork created with neither Stream-TTL nor Stream-Expires-At inherits its source's Expires-At", at);
  }

  @Test
  @Check(id = "fork.ttl-no-lifetime-from-unbounded-source", requirements = {"DS-4.2-15"}, feature = Feature.FORK)
  void forkOfASourceWithoutLifetimeHasNone(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "data");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(t.head(dst).send())
        .as("a fork of a source without TTL or expiry has neither")
        .hasStatus(200)
        .hasNoHeader("Stream-TTL")
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "fork.ttl-own-ttl-over-source-ttl", requirements = {"DS-4.2-16"}, feature = Feature.FORK)
  void forkTtlWinsOverTheSourceTtl(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createWithTtl(t, src, "3600");
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "1800"));
    assertThat(t.head(dst).send())
        .as("a fork's own Stream-TTL is used instead of the source's")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "1800");
  }

  @Test
  @Check(id = "fork.ttl-own-ttl-over-source-expires-at", requirements = {"DS-4.2-16"}, feature = Feature.FORK)
  void forkTtlWinsOverTheSourceExpiresAt(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createExpiringAt(t, src, Expiry.wholeSecondsFromNow(Duration.ofHours(1)));
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "7200"));
    assertThat(t.head(dst).send())
        .as("a fork's own Stream-TTL replaces the source's Expires-At: the fork inherits no expiry")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "7200")
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "fork.ttl-own-expires-at-over-source-ttl", requirements = {"DS-4.2-16"}, feature = Feature.FORK)
  void forkExpiresAtWinsOverTheSourceTtlWithoutCapping(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createWithTtl(t, src, "10");
    Instant far = Expiry.wholeSecondsFromNow(Duration.ofHours(1));
    created(fork(t, dst, src).contentType(TEXT).header("Stream-Expires-At", Expiry.rfc3339(far)));
    Exchange head = t.head(dst).send();
    assertThat(head).as("a fork's own Stream-Expires-At replaces the source's TTL").hasStatus(200).hasNoHeader("Stream-TTL");
    Expiry.assertExpiresAt(head, "a fork's Stream-Expires-At is used as given, not capped at the source's shorter TTL", far);
  }

  @Test
  @Check(id = "fork.ttl-longer-than-source-not-capped", requirements = {"DS-4.2-16"}, feature = Feature.FORK)
  void forkTtlLongerThanTheSourceIsNotCapped(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createWithTtl(t, src, "10");
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "99999"));
    assertThat(t.head(dst).send())
        .as("a fork's Stream-TTL longer than the source's is kept as given, not capped")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "99999");
  }

  @Test
  @Check(id = "fork.ttl-fork-expires-by-own-ttl", requirements = {"DS-4.2-17"}, feature = Feature.FORK)
  void forkExpiresByItsOwnTtlWhileTheSourceLives(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    createWithTtl(t, src, "60");
    Expiry clock = Expiry.startNow();
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "1"));
    assertThat(clock.headUntil(t, dst, Duration.ofSeconds(1).plus(Expiry.GRACE), 404))
        .as("a fork with a 1 s TTL left idle expires (404)")
        .hasStatus(404);
    assertThat(t.head(src).send())
        .as("the expiry of a fork leaves its source alive")
        .hasStatus(200);
  }

  @Test
  @Check(id = "fork.ttl-expired-fork-releases-source", requirements = {"DS-4.2-17"}, feature = Feature.FORK)
  void expiredForkNoLongerHoldsItsSource(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    t.create(src, TEXT, "data");
    Expiry clock = Expiry.startNow();
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "1"));
    assertThat(clock.headUntil(t, dst, Duration.ofSeconds(1).plus(Expiry.GRACE), 404))
        .as("setup: the fork expires")
        .hasStatus(404);
    assertThat(t.delete(src).send()).as("the source is deleted").hasStatus(204);
    assertThat(Expiry.startNow().headUntil(t, src, Expiry.GRACE, 404))
        .as("an expired fork releases its source: deleting the source removes it (404, not a soft-deleted 410)")
        .hasStatus(404);
  }

  @Test
  @Check(id = "fork.ttl-source-expiry-keeps-fork-readable", requirements = {"DS-4.2-17"}, feature = Feature.FORK)
  void forkStillReadsASourceThatExpired(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    Expiry clock = Expiry.startNow();
    createWithTtl(t, src, "1");
    created(fork(t, dst, src).contentType(TEXT).header("Stream-TTL", "60"));
    // The official suite accepts 404 or 410 for an expired source that forks still read.
    assertThat(clock.headUntil(t, src, Duration.ofSeconds(1).plus(Expiry.GRACE), 404, 410))
        .as("a source whose TTL elapsed is no longer served on its own URL")
        .hasStatusIn(404, 410);
    assertThat(readAll(t, dst))
        .as("a fork keeps reading the data it inherited from a source that expired")
        .hasStatus(200)
        .hasBody("data");
  }

  @Test
  @Check(id = "fork.ttl-inherited-short-ttl-expires", requirements = {"DS-4.2-15", "DS-4.2-17"}, feature = Feature.FORK)
  void forkInheritingAShortTtlExpiresToo(Target t) {
    String src = t.newStream("fork-src");
    String dst = t.newStream("fork");
    Expiry clock = Expiry.startNow();
    createWithTtl(t, src, "1");
    created(fork(t, dst, src).contentType(TEXT));
    assertThat(clock.headUntil(t, dst, Duration.ofSeconds(1).plus(Expiry.GRACE), 404))
        .as("a fork that inherited a 1 s TTL expires when left idle")
        .hasStatus(404);
  }
}
