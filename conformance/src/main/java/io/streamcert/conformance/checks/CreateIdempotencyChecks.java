package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;

/**
 * Re-creating an existing stream: 200 when content type, TTL/expiry and closure status all match,
 * 409 otherwise, and a refused re-create changes nothing (PROTOCOL.md §5.1).
 */
@Area("Create")
class CreateIdempotencyChecks {

  private static final String LATER = "2099-01-01T00:00:00Z";
  private static final String OTHER_LATER = "2098-06-01T12:00:00Z";

  @Test
  @Check(id = "create.same-ttl-200", requirements = {"DS-5.1-02"}, feature = Feature.TTL)
  void recreatingWithTheSameTtlAnswers200(Target t) {
    String s = t.newStream("recreate-ttl");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send()).as("create with a TTL").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send())
        .as("re-creating with the same TTL is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "create.different-ttl-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithAnotherTtlConflicts(Target t) {
    String s = t.newStream("recreate-ttl-diff");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send()).as("create with a TTL").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "7200").send())
        .as("re-creating with a different TTL is a configuration conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.ttl-added-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithATtlTheStreamLacksConflicts(Target t) {
    String s = t.newStream("recreate-ttl-added");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send())
        .as("asking for a TTL on a stream created without one is a configuration conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.ttl-dropped-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithoutTheTtlTheStreamHasConflicts(Target t) {
    String s = t.newStream("recreate-ttl-dropped");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send()).as("create with a TTL").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").send())
        .as("re-creating without the TTL the stream was created with is a configuration conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.same-expires-at-200", requirements = {"DS-5.1-02"}, feature = Feature.TTL)
  void recreatingWithTheSameExpiresAtAnswers200(Target t) {
    String s = t.newStream("recreate-exp");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", LATER).send()).as("create with an expiry").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", LATER).send())
        .as("re-creating with the same Expires-At is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "create.different-expires-at-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithAnotherExpiresAtConflicts(Target t) {
    String s = t.newStream("recreate-exp-diff");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", LATER).send()).as("create with an expiry").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", OTHER_LATER).send())
        .as("re-creating with a different Expires-At is a configuration conflict")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.ttl-instead-of-expires-at-409", requirements = {"DS-5.1-03"}, feature = Feature.TTL)
  void recreatingWithATtlInsteadOfAnExpiryConflicts(Target t) {
    String s = t.newStream("recreate-exp-ttl");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Expires-At", LATER).send()).as("create with an expiry").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send())
        .as("a sliding TTL is a different configuration from an absolute expiry")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.conflict-leaves-stream-unchanged", requirements = {"DS-5.1-03"})
  void aRefusedRecreateLeavesTheStreamAsItWas(Target t) {
    String s = t.newStream("recreate-refused");
    t.create(s, "text/plain", "original");
    assertThat(t.put(s).contentType("application/json").body("[1]").send()).as("conflicting re-create").hasStatus(409);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a re-create answered 409 changes neither the content type nor the data")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)text/plain\\s*(;.*)?")
        .hasBody("original");
  }

  @Test
  @Check(id = "create.closed-put-on-open-does-not-close", requirements = {"DS-5.1-07"}, feature = Feature.CLOSURE)
  void aRefusedCreateAndCloseLeavesTheStreamOpen(Target t) {
    String s = t.newStream("recreate-close-refused");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("PUT with Stream-Closed: true on an open stream is a closure mismatch")
        .hasStatus(409);
    assertThat(t.head(s).send())
        .as("a create-and-close refused with 409 must not close the existing stream")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "create.open-stream-plain-put-200", requirements = {"DS-5.1-04"}, feature = Feature.CLOSURE)
  void plainPutOnAnOpenStreamAnswers200(Target t) {
    String s = t.newStream("recreate-open-plain");
    t.create(s, "text/plain", "x");
    assertThat(t.put(s).contentType("text/plain").send())
        .as("PUT without Stream-Closed on an open stream with matching config answers 200")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "create.closed-stream-plain-put-409", requirements = {"DS-5.1-05"}, feature = Feature.CLOSURE)
  void plainPutOnAStreamCreatedClosedConflicts(Target t) {
    String s = t.newStream("recreate-closed-plain");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send()).as("create closed").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").send())
        .as("PUT without Stream-Closed on a closed stream is a closure mismatch: 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.closed-later-plain-put-409", requirements = {"DS-5.1-05"}, feature = Feature.CLOSURE)
  void plainPutOnAStreamClosedAfterCreationConflicts(Target t) {
    String s = t.newStream("recreate-closed-later");
    t.create(s, "text/plain", "x");
    assertThat(t.post(s).header("Stream-Closed", "true").send()).as("close-only POST").hasStatus(204);
    assertThat(t.put(s).contentType("text/plain").send())
        .as("PUT without Stream-Closed on a stream closed since its creation is a closure mismatch: 409")
        .hasStatus(409);
  }

  @Test
  @Check(id = "create.closed-stream-closing-put-200", requirements = {"DS-5.1-06"}, feature = Feature.CLOSURE)
  void closingPutOnAClosedStreamAnswers200(Target t) {
    String s = t.newStream("recreate-closed-closing");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send()).as("create closed").hasStatus(201);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("PUT with Stream-Closed: true on a closed stream with matching config answers 200")
        .hasStatus(200)
        .hasHeader("Stream-Closed", "true");
  }

  @Test
  @Check(id = "create.open-stream-closing-put-409", requirements = {"DS-5.1-07"}, feature = Feature.CLOSURE)
  void closingPutOnAnOpenStreamConflicts(Target t) {
    String s = t.newStream("recreate-open-closing");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").send())
        .as("PUT with Stream-Closed: true on an open stream is a closure mismatch: 409")
        .hasStatus(409);
  }
}
