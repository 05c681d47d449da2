package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;

/** Deleting a stream with DELETE, and what the path answers afterwards (PROTOCOL.md §5.4). */
@Area("Delete")
class DeleteChecks {

  @Test
  @Check(id = "delete.existing-204", requirements = {"DS-5.4-01"})
  void deletingAStreamAnswers204WithoutBody(Target t) {
    String s = t.newStream("delete");
    t.create(s, "text/plain", "data");
    assertThat(t.delete(s).send())
        .as("DELETE of an existing stream answers 204 No Content")
        .hasStatus(204)
        .hasEmptyBody();
  }

  @Test
  @Check(id = "delete.missing-404", requirements = {"DS-5.4-02"})
  void deletingAMissingStreamAnswers404(Target t) {
    String s = t.newStream("delete-missing");
    assertThat(t.delete(s).send())
        .as("DELETE of a path with no stream answers 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "delete.twice-404", requirements = {"DS-5.4-02"})
  void deletingTheSameStreamTwiceAnswers404TheSecondTime(Target t) {
    String s = t.newStream("delete-twice");
    t.create(s, "text/plain", null);
    assertThat(t.delete(s).send()).as("first DELETE").hasStatus(204);
    assertThat(t.delete(s).send())
        .as("a deleted stream does not exist, so a second DELETE answers 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "delete.then-get-404", requirements = {"DS-5.4-01"})
  void aDeletedStreamCannotBeRead(Target t) {
    String s = t.newStream("delete-get");
    t.create(s, "text/plain", "gone");
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("DELETE removes the stream and its data: a read answers 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "delete.then-head-404", requirements = {"DS-5.4-01"})
  void aDeletedStreamHasNoMetadata(Target t) {
    String s = t.newStream("delete-head");
    t.create(s, "text/plain", null);
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.head(s).send())
        .as("after DELETE, HEAD answers 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "delete.then-append-404", requirements = {"DS-5.4-01"})
  void aDeletedStreamCannotBeAppendedTo(Target t) {
    String s = t.newStream("delete-post");
    t.create(s, "text/plain", null);
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.post(s).contentType("text/plain").body("late").send())
        .as("after DELETE, an append answers 404 instead of resurrecting the stream")
        .hasStatus(404);
  }

  @Test
  @Check(id = "delete.recreate-isolates-old-data", requirements = {"DS-4-03"})
  void aStreamRecreatedAfterDeleteHoldsOnlyItsOwnData(Target t) {
    String s = t.newStream("delete-recreate");
    t.create(s, "text/plain", "old data");
    t.append(s, "text/plain", " more old data");
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.put(s).contentType("text/plain").body("new data").send())
        .as("the path of a deleted stream is free: PUT creates a new stream")
        .hasStatus(201);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("a stream re-created after DELETE holds none of the old stream's data")
        .hasStatus(200)
        .hasBody("new data")
        .hasHeader("Stream-Up-To-Date", "true");
  }

  @Test
  @Check(id = "delete.recreate-with-new-config", requirements = {"DS-4-03"})
  void aStreamRecreatedAfterDeleteTakesTheNewConfiguration(Target t) {
    String s = t.newStream("delete-recreate-ct");
    t.create(s, "text/plain", "old");
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.put(s).contentType("application/octet-stream").send())
        .as("DELETE forgets the old configuration: a PUT with another content type creates, not conflicts")
        .hasStatus(201);
    assertThat(t.head(s).send())
        .as("the re-created stream has the new content type")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/octet-stream\\s*(;.*)?");
  }

  @Test
  @Check(id = "delete.recreated-stream-accepts-appends", requirements = {"DS-4-03"})
  void aStreamRecreatedAfterDeleteIsFullyUsable(Target t) {
    String s = t.newStream("delete-recreate-append");
    t.create(s, "text/plain", "old");
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    t.create(s, "text/plain", "new");
    t.append(s, "text/plain", "+more");
    assertThat(t.get(s).query("offset", "-1").send())
        .as("appends to a re-created stream follow its own initial content only")
        .hasStatus(200)
        .hasBody("new+more");
  }

  @Test
  @Check(id = "delete.closed-stream-204", requirements = {"DS-5.4-01"}, feature = Feature.CLOSURE)
  void aClosedStreamCanBeDeleted(Target t) {
    String s = t.newStream("delete-closed");
    assertThat(t.put(s).contentType("text/plain").header("Stream-Closed", "true").body("done").send())
        .as("create closed").hasStatus(201);
    assertThat(t.delete(s).send())
        .as("closure forbids appends, not deletion: DELETE of a closed stream answers 204")
        .hasStatus(204);
    assertThat(t.head(s).send()).as("the deleted closed stream is gone").hasStatus(404);
  }

  @Test
  @Check(id = "delete.only-the-named-stream", requirements = {"DS-5.4-01"})
  void deleteRemovesOnlyTheNamedStream(Target t) {
    String s = t.newStream("delete-sibling");
    String sibling = s + "-sibling";
    t.create(s, "text/plain", "target");
    t.create(sibling, "text/plain", "sibling");
    assertThat(t.delete(s).send()).as("DELETE").hasStatus(204);
    assertThat(t.get(sibling).query("offset", "-1").send())
        .as("DELETE of a stream leaves a stream whose name merely starts with the same text")
        .hasStatus(200)
        .hasBody("sibling");
  }
}
