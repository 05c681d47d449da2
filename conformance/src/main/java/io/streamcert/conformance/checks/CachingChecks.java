package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Caching of catch-up reads: ETag, If-None-Match, Cache-Control (PROTOCOL.md §10.1, §5.5, §8). */
@Area("Caching")
class CachingChecks {

  /** A stream holding "first" then "second", with the offset between them and the tail. */
  private record Sample(String path, String mid, String tail) {}

  private static Sample sample(Target t) {
    String s = t.newStream("cache");
    t.create(s, CatchUp.TEXT, "first");
    String mid = CatchUp.read(t, s, "-1").nextOffset();
    String tail = t.append(s, CatchUp.TEXT, "second").nextOffset();
    return new Sample(s, mid, tail);
  }

  private static String offsetFor(String where, Sample sample) {
    return switch (where) {
      case "from the start" -> "-1";
      case "from a mid-stream offset" -> sample.mid();
      case "at the tail" -> sample.tail();
      default -> throw new IllegalArgumentException(where);
    };
  }

  private static String etagOf(Exchange ex, String rule) {
    assertThat(ex).as(rule).hasStatus(200).hasHeader("ETag");
    return ex.header("ETag").orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"without offset", "from the start", "from a mid-stream offset", "at the tail"})
  @Check(id = "reads.caching.etag-on-get", requirements = {"DS-10.1-04"}, feature = Feature.CACHING)
  void catchUpReadCarriesAnETag(String where, Target t) {
    Sample sample = sample(t);
    Exchange ex = where.equals("without offset") ? t.get(sample.path()).send() : CatchUp.read(t, sample.path(), offsetFor(where, sample));
    assertThat(ex)
        .as("a catch-up GET (other than offset=now) carries an ETag")
        .hasStatus(200)
        .hasHeaderMatching("ETag", ".+");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"from the start", "from a mid-stream offset", "at the tail"})
  @Check(id = "reads.caching.if-none-match-304", requirements = {"DS-10.1-06"}, feature = Feature.CACHING)
  void matchingIfNoneMatchAnswers304WithoutBody(String where, Target t) {
    Sample sample = sample(t);
    String offset = offsetFor(where, sample);
    String etag = etagOf(CatchUp.read(t, sample.path(), offset), "a catch-up GET carries an ETag");
    assertThat(t.get(sample.path()).query("offset", CatchUp.encode(offset)).header("If-None-Match", etag).send())
        .as("If-None-Match equal to the current ETag answers 304 Not Modified with no body")
        .hasStatus(304)
        .hasEmptyBody();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"in a list of entity tags", "with a weak prefix"})
  @Check(id = "reads.caching.if-none-match-forms-304", requirements = {"DS-10.1-06"}, feature = Feature.CACHING)
  void ifNoneMatchInOtherHttpFormsAnswers304(String form, Target t) {
    Sample sample = sample(t);
    String etag = etagOf(CatchUp.read(t, sample.path(), "-1"), "a catch-up GET carries an ETag");
    // RFC 9110 §13.1.2: If-None-Match is a list, compared with the weak comparison function.
    String header = form.equals("with a weak prefix") ? "W/" + etag : "\"streamcert-other\", " + etag;
    assertThat(t.get(sample.path()).query("offset", "-1").header("If-None-Match", header).send())
        .as("If-None-Match matching the current ETag (" + form + ") answers 304 Not Modified")
        .hasStatus(304)
        .hasEmptyBody();
  }

  @Test
  @Check(id = "reads.caching.non-matching-200", requirements = {"DS-10.1-07"}, feature = Feature.CACHING)
  void nonMatchingIfNoneMatchAnswers200WithTheData(Target t) {
    Sample sample = sample(t);
    assertThat(t.get(sample.path()).query("offset", "-1").header("If-None-Match", "\"streamcert-not-the-etag\"").send())
        .as("If-None-Match that matches nothing answers a normal 200 with the data")
        .hasStatus(200)
        .hasBody("firstsecond");
  }

  @Test
  @Check(id = "reads.caching.etag-changes-on-append", requirements = {"DS-10.1-07"}, feature = Feature.CACHING)
  void etagOfAReadChangesWhenDataIsAppended(Target t) {
    Sample sample = sample(t);
    String before = etagOf(CatchUp.read(t, sample.path(), "-1"), "a catch-up GET carries an ETag");
    t.append(sample.path(), CatchUp.TEXT, "third");
    Exchange after = CatchUp.read(t, sample.path(), "-1");
    String now = etagOf(after, "a catch-up GET carries an ETag");
    if (now.equals(before)) {
      throw CatchUp.fail(after, "the same read gets a different ETag after new data is appended", "the ETag stayed " + now);
    }
  }

  @Test
  @Check(id = "reads.caching.stale-etag-200", requirements = {"DS-10.1-07", "DS-10.1-06"}, feature = Feature.CACHING)
  void staleETagAfterAnAppendAnswers200WithTheNewData(Target t) {
    Sample sample = sample(t);
    String stale = etagOf(CatchUp.read(t, sample.path(), "-1"), "a catch-up GET carries an ETag");
    t.append(sample.path(), CatchUp.TEXT, "third");
    assertThat(t.get(sample.path()).query("offset", "-1").header("If-None-Match", stale).send())
        .as("an ETag from before an append no longer matches: the read answers 200 with the new data")
        .hasStatus(200)
        .hasBody("firstsecondthird");
  }

  @Test
  @Check(id = "reads.caching.etag-per-range", requirements = {"DS-10.1-06"}, feature = Feature.CACHING)
  void theETagOfOneRangeDoesNotValidateAnother(Target t) {
    Sample sample = sample(t);
    String whole = etagOf(CatchUp.read(t, sample.path(), "-1"), "a catch-up GET carries an ETag");
    assertThat(t.get(sample.path()).query("offset", CatchUp.encode(sample.mid())).header("If-None-Match", whole).send())
        .as("the ETag of the read from -1 is not the current ETag of the read from another offset: 200 with that range")
        .hasStatus(200)
        .hasBody("second");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"from the start", "at the tail"})
  @Check(id = "reads.caching.etag-changes-on-close", requirements = {"DS-10.1-09"}, feature = Feature.CLOSURE)
  void etagChangesWhenTheStreamIsClosedWithoutNewData(String where, Target t) {
    Sample sample = sample(t);
    String offset = offsetFor(where, sample);
    String open = etagOf(CatchUp.read(t, sample.path(), offset), "a catch-up GET carries an ETag");
    CatchUp.close(t, sample.path());
    Exchange after = CatchUp.read(t, sample.path(), offset);
    String closed = etagOf(after, "a catch-up GET carries an ETag");
    if (closed.equals(open)) {
      throw CatchUp.fail(after, "closing a stream without new data changes the ETag", "the ETag stayed " + closed);
    }
  }

  @Test
  @Check(id = "reads.caching.stale-etag-reveals-closure", requirements = {"DS-10.1-09"}, feature = Feature.CLOSURE)
  void etagFromBeforeClosureDoesNotHideTheClosure(Target t) {
    Sample sample = sample(t);
    String open = etagOf(CatchUp.read(t, sample.path(), sample.tail()), "a catch-up GET carries an ETag");
    CatchUp.close(t, sample.path());
    assertThat(t.get(sample.path()).query("offset", CatchUp.encode(sample.tail())).header("If-None-Match", open).send())
        .as("If-None-Match with the ETag from before closure cannot get a 304 that hides the closure")
        .hasStatus(200)
        .hasHeaderIgnoringCase("Stream-Closed", "true");
  }

  @Test
  @Check(id = "reads.caching.catch-up-cache-control", requirements = {"DS-10.1-01"}, feature = Feature.CACHING)
  void catchUpReadCarriesCacheableCacheControl(Target t) {
    Sample sample = sample(t);
    Exchange ex = CatchUp.read(t, sample.path(), "-1");
    assertThat(ex).as("a catch-up GET carries Cache-Control").hasStatus(200).hasHeader("Cache-Control");
    Set<String> directives = directives(ex);
    boolean scope = directives.contains("public") || directives.contains("private");
    if (!scope || !directives.contains("max-age=60") || !directives.contains("stale-while-revalidate=300")) {
      throw CatchUp.fail(ex, "catch-up reads should carry Cache-Control: public (or private), max-age=60, stale-while-revalidate=300",
          "Cache-Control was " + ex.header("Cache-Control").orElse(""));
    }
  }

  @Test
  @Check(id = "reads.caching.tail-read-open-stream", requirements = {"DS-10.1-03"}, feature = Feature.CACHING)
  void readAtTheTailOfAnOpenStreamIsAnEmptyUpToDate200(Target t) {
    Sample sample = sample(t);
    assertThat(CatchUp.read(t, sample.path(), sample.tail()))
        .as("a read at the tail of an open stream answers 200, empty, Stream-Up-To-Date: true, and no Stream-Closed")
        .hasStatus(200)
        .hasEmptyBody()
        .hasHeaderIgnoringCase("Stream-Up-To-Date", "true")
        .hasNoHeader("Stream-Closed");
  }

  @Test
  @Check(id = "reads.caching.now-no-store", requirements = {"DS-8-21"}, feature = Feature.CACHING)
  void offsetNowAnswersNoStore(Target t) {
    Sample sample = sample(t);
    Exchange ex = CatchUp.read(t, sample.path(), "now");
    assertThat(ex).as("offset=now answers 200").hasStatus(200);
    if (!directives(ex).contains("no-store")) {
      throw CatchUp.fail(ex, "offset=now should answer Cache-Control: no-store", "Cache-Control was " + ex.header("Cache-Control").orElse("absent"));
    }
  }

  @Test
  @Check(id = "reads.caching.now-no-etag", requirements = {"DS-10.1-04"}, feature = Feature.CACHING)
  void offsetNowCarriesNoETag(Target t) {
    Sample sample = sample(t);
    assertThat(CatchUp.read(t, sample.path(), "now"))
        .as("offset=now responses, the exception to the ETag rule, carry no ETag")
        .hasStatus(200)
        .hasNoHeader("ETag");
  }

  @Test
  @Check(id = "reads.caching.head-not-cacheable", requirements = {"DS-5.5-06", "DS-5.5-07"}, feature = Feature.CACHING)
  void headAnswersNoStore(Target t) {
    Sample sample = sample(t);
    Exchange ex = t.head(sample.path()).send();
    assertThat(ex).as("HEAD of an existing stream answers 200").hasStatus(200);
    Set<String> d = directives(ex);
    boolean alternative = d.contains("private") && d.contains("max-age=0") && d.contains("must-revalidate");
    if (!d.contains("no-store") && !alternative) {
      throw CatchUp.fail(ex, "HEAD should answer Cache-Control: no-store (or private, max-age=0, must-revalidate)",
          "Cache-Control was " + ex.header("Cache-Control").orElse("absent"));
    }
  }

  @Test
  @Check(id = "reads.caching.preflight-allows-if-none-match", requirements = {"DS-10.1-08"}, feature = Feature.CACHING)
  void corsPreflightAllowsIfNoneMatch(Target t) {
    Sample sample = sample(t);
    Exchange ex = t.request("OPTIONS", sample.path())
        .header("Origin", "https://streamcert.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "if-none-match")
        .send();
    assertThat(ex)
        .as("a CORS preflight for a conditional GET answers 200 or 204 and admits If-None-Match")
        .hasStatusIn(200, 204)
        .hasHeaderMatching("Access-Control-Allow-Headers", "(?i).*(\\bif-none-match\\b|\\*).*");
  }

  private static Set<String> directives(Exchange ex) {
    return ex.headers("Cache-Control").stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(d -> d.trim().toLowerCase(Locale.ROOT).replace(" ", ""))
        .filter(d -> !d.isEmpty())
        .collect(Collectors.toSet());
  }
}
