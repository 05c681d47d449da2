package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.client.raw.RawRequest;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stream metadata with HEAD: status, headers, no body, no caching (PROTOCOL.md §5.5, §12.7). */
@Area("Head")
class HeadChecks {

  @Test
  @Check(id = "head.existing-200-metadata", requirements = {"DS-5.5-01"})
  void headOfAStreamAnswers200WithContentTypeAndTail(Target t) {
    String s = t.newStream("head");
    String tail = t.put(s).contentType("text/plain").body("test data").send().nextOffset();
    assertThat(t.head(s).send())
        .as("HEAD answers 200 with the stream's content type and tail offset")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)text/plain\\s*(;.*)?")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "head.missing-404", requirements = {"DS-5.5-02"})
  void headOfAMissingStreamAnswers404(Target t) {
    assertThat(t.head(t.newStream("head-missing")).send())
        .as("HEAD of a path with no stream answers 404")
        .hasStatus(404);
  }

  @Test
  @Check(id = "head.no-body-on-the-wire", requirements = {"DS-5.5-01"})
  void headResponseEndsAtItsHeaders(Target t) {
    String s = t.newStream("head-nobody");
    t.create(s, "text/plain", "a body that GET would send");
    RawRequest head = RawRequest.builder("HEAD", s).header("Connection", "close").build();
    byte[] wire = WireBytes.exchange(t, head, Duration.ofMillis(300));
    int end = WireBytes.endOfHead(wire);
    if (end < 0 || !new String(wire, 0, Math.min(wire.length, 12), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200")) {
      throw new AssertionError("[HEAD answers 200 with headers only] expected a complete 200 response head, got:\n"
          + WireBytes.printable(wire));
    }
    if (end != wire.length) {
      throw new AssertionError("[HEAD returns metadata without transferring a body] " + (wire.length - end)
          + " bytes followed the response head:\n" + WireBytes.printable(wire));
    }
  }

  @Test
  @Check(id = "head.tail-follows-appends", requirements = {"DS-5.5-01"})
  void headTailOffsetIsTheOffsetOfTheLastAppend(Target t) {
    String s = t.newStream("head-tail");
    String empty = t.put(s).contentType("text/plain").send().nextOffset();
    assertThat(t.head(s).send()).as("HEAD of an empty stream gives the tail the create reported")
        .hasStatus(200).hasHeader("Stream-Next-Offset", empty);
    String afterAppend = t.append(s, "text/plain", "test").nextOffset();
    assertThat(t.head(s).send())
        .as("after an append, HEAD's Stream-Next-Offset is the new tail the append reported")
        .hasStatus(200)
        .hasHeader("Stream-Next-Offset", afterAppend);
  }

  @Test
  @Check(id = "head.uncacheable", requirements = {"DS-5.5-06", "DS-5.5-07"}, feature = Feature.CACHING)
  void headIsNotCacheable(Target t) {
    String s = t.newStream("head-cache");
    t.create(s, "text/plain", null);
    Exchange ex = t.head(s).send();
    assertThat(ex).as("HEAD SHOULD be non-cacheable: Cache-Control no-store (or private, max-age=0, must-revalidate)")
        .hasStatus(200)
        .hasHeader("Cache-Control");
    String cc = ex.header("Cache-Control").orElseThrow().toLowerCase();
    boolean noStore = cc.contains("no-store");
    boolean revalidate = cc.contains("private") && cc.replace(" ", "").contains("max-age=0") && cc.contains("must-revalidate");
    if (!noStore && !revalidate) {
      throw new AssertionError("[HEAD SHOULD be non-cacheable] Cache-Control was '" + cc
          + "', neither no-store nor private, max-age=0, must-revalidate\n--- exchange ---\n" + ex);
    }
  }

  @Test
  @Check(id = "head.ttl-window", requirements = {"DS-5.5-04"}, feature = Feature.TTL)
  void headReportsTheTtlWindow(Target t) {
    String s = t.newStream("head-ttl");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send()).as("create with TTL").hasStatus(201);
    assertThat(t.head(s).send())
        .as("HEAD reports Stream-TTL as the stream's time-to-live window")
        .hasStatus(200)
        .hasHeader("Stream-TTL", "3600");
  }

  @Test
  @Check(id = "head.no-lifetime-headers-without-lifetime", requirements = {"DS-5.5-04"}, feature = Feature.TTL)
  void headOfAStreamWithoutLifetimeHasNoLifetimeHeaders(Target t) {
    String s = t.newStream("head-nolife");
    t.create(s, "text/plain", null);
    assertThat(t.head(s).send())
        .as("Stream-TTL and Stream-Expires-At appear on HEAD only when the stream has them")
        .hasStatus(200)
        .hasNoHeader("Stream-TTL")
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "head.ttl-stream-has-no-expires-at", requirements = {"DS-5.5-04"}, feature = Feature.TTL)
  void headOfATtlStreamReportsNoAbsoluteExpiry(Target t) {
    String s = t.newStream("head-ttl-only");
    assertThat(t.put(s).contentType("text/plain").header("Stream-TTL", "3600").send()).as("create with TTL").hasStatus(201);
    assertThat(t.head(s).send())
        .as("a sliding TTL is not an absolute expiry: HEAD carries no Stream-Expires-At for it")
        .hasStatus(200)
        .hasNoHeader("Stream-Expires-At");
  }

  @Test
  @Check(id = "head.closed-stream", requirements = {"DS-5.5-05"}, feature = Feature.CLOSURE)
  void headOfAClosedStreamSaysSo(Target t) {
    String s = t.newStream("head-closed");
    t.create(s, "text/plain", "x");
    assertThat(t.post(s).header("Stream-Closed", "true").send()).as("close").hasStatus(204);
    assertThat(t.head(s).send())
        .as("HEAD of a closed stream carries Stream-Closed: true")
        .hasStatus(200)
        .hasHeader("Stream-Closed", "true");
  }

  @Test
  @Check(id = "head.open-stream-no-closed-header", requirements = {"DS-5.5-05"}, feature = Feature.CLOSURE)
  void headOfAnOpenStreamHasNoStreamClosed(Target t) {
    String s = t.newStream("head-open");
    t.create(s, "text/plain", "x");
    assertThat(t.head(s).send())
        .as("absence of Stream-Closed on HEAD means the stream is open")
        .hasStatus(200)
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "head.json-content-type", requirements = {"DS-5.5-01"})
  void headReportsTheJsonContentType(Target t) {
    String s = t.newStream("head-json");
    t.create(s, "application/json", null);
    assertThat(t.head(s).send())
        .as("HEAD reports the content type the stream was created with")
        .hasStatus(200)
        .hasHeaderMatching("Content-Type", "(?i)application/json\\s*(;.*)?");
  }

  @Test
  @Check(id = "head.changes-nothing", requirements = {"DS-5.5-01"})
  void headLeavesTheStreamUnchanged(Target t) {
    String s = t.newStream("head-idem");
    String tail = t.put(s).contentType("text/plain").body("abc").send().nextOffset();
    for (int i = 0; i < 3; i++) assertThat(t.head(s).send()).as("HEAD").hasStatus(200);
    assertThat(t.get(s).query("offset", "-1").send())
        .as("HEAD only queries metadata: data and tail are unchanged by it")
        .hasStatus(200)
        .hasBody("abc")
        .hasHeader("Stream-Next-Offset", tail);
  }

  @Test
  @Check(id = "head.no-store", requirements = {"DS-12.7-03", "DS-5.5-06"}, feature = Feature.SECURITY_HEADERS)
  void headCarriesCacheControlNoStore(Target t) {
    String s = t.newStream("head-no-store");
    t.create(s, "text/plain", null);
    assertThat(t.head(s).send())
        .as("HEAD responses SHOULD carry Cache-Control: no-store, so no cache keeps a stale tail or closure status")
        .hasStatus(200)
        .hasHeaderContaining("Cache-Control", "no-store");
  }
}
