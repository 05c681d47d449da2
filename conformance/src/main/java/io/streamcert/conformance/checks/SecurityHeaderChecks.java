package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Browser security headers on every kind of response, errors and live reads included
 * (PROTOCOL.md §12.7).
 */
@Area("Security Headers")
class SecurityHeaderChecks {

  private static final String CORP_VALUES = "(?i)\\s*(cross-origin|same-site|same-origin)\\s*";

  @ParameterizedTest(name = "X-Content-Type-Options: nosniff on {0}")
  @EnumSource(ResponseKind.class)
  @Check(id = "security.nosniff-everywhere", requirements = {"DS-12.7-01"}, feature = Feature.SECURITY_HEADERS)
  void everyResponseCarriesNosniff(ResponseKind kind, Target t) {
    assertThat(kind.produce(t))
        .as("X-Content-Type-Options: nosniff SHOULD be on all responses")
        .hasHeaderIgnoringCase("X-Content-Type-Options", "nosniff");
  }

  @ParameterizedTest(name = "Cross-Origin-Resource-Policy on {0}")
  @EnumSource(ResponseKind.class)
  @Check(id = "security.corp-everywhere", requirements = {"DS-12.7-02"}, feature = Feature.SECURITY_HEADERS)
  void everyResponseCarriesCrossOriginResourcePolicy(ResponseKind kind, Target t) {
    assertThat(kind.produce(t))
        .as("Cross-Origin-Resource-Policy SHOULD be cross-origin, same-site or same-origin")
        .hasHeaderMatching("Cross-Origin-Resource-Policy", CORP_VALUES);
  }

  @Test
  @Check(id = "security.nosniff-long-poll-200", requirements = {"DS-12.7-01"}, feature = Feature.LONG_POLL)
  void longPollWithDataCarriesNosniff(Target t) {
    assertThat(longPollWithData(t))
        .as("X-Content-Type-Options: nosniff SHOULD be on long-poll responses with data")
        .hasHeaderIgnoringCase("X-Content-Type-Options", "nosniff");
  }

  @Test
  @Check(id = "security.corp-long-poll-200", requirements = {"DS-12.7-02"}, feature = Feature.LONG_POLL)
  void longPollWithDataCarriesCrossOriginResourcePolicy(Target t) {
    assertThat(longPollWithData(t))
        .as("Cross-Origin-Resource-Policy SHOULD be on long-poll responses with data")
        .hasHeaderMatching("Cross-Origin-Resource-Policy", CORP_VALUES);
  }

  @Test
  @Check(id = "security.nosniff-long-poll-204", requirements = {"DS-12.7-01"}, feature = Feature.LONG_POLL)
  void longPollTimeoutCarriesNosniff(Target t) {
    assertThat(longPollTimeout(t))
        .as("X-Content-Type-Options: nosniff SHOULD be on the 204 that ends an idle long-poll")
        .hasHeaderIgnoringCase("X-Content-Type-Options", "nosniff");
  }

  @Test
  @Check(id = "security.corp-long-poll-204", requirements = {"DS-12.7-02"}, feature = Feature.LONG_POLL)
  void longPollTimeoutCarriesCrossOriginResourcePolicy(Target t) {
    assertThat(longPollTimeout(t))
        .as("Cross-Origin-Resource-Policy SHOULD be on the 204 that ends an idle long-poll")
        .hasHeaderMatching("Cross-Origin-Resource-Policy", CORP_VALUES);
  }

  @Test
  @Check(id = "security.nosniff-sse", requirements = {"DS-12.7-01"}, feature = Feature.SSE)
  void sseResponseCarriesNosniff(Target t) {
    assertThat(sse(t))
        .as("X-Content-Type-Options: nosniff SHOULD be on SSE responses")
        .hasStatus(200)
        .hasHeaderIgnoringCase("X-Content-Type-Options", "nosniff");
  }

  @Test
  @Check(id = "security.corp-sse", requirements = {"DS-12.7-02"}, feature = Feature.SSE)
  void sseResponseCarriesCrossOriginResourcePolicy(Target t) {
    assertThat(sse(t))
        .as("Cross-Origin-Resource-Policy SHOULD be on SSE responses")
        .hasStatus(200)
        .hasHeaderMatching("Cross-Origin-Resource-Policy", CORP_VALUES);
  }

  private static Exchange longPollWithData(Target t) {
    String s = t.newStream("sec-lp");
    t.create(s, "text/plain", "waiting data");
    Exchange ex = t.get(s).query("offset", "-1").query("live", "long-poll").send();
    assertThat(ex).as("setup: a long-poll behind the tail answers 200 at once").hasStatus(200);
    return ex;
  }

  private static Exchange longPollTimeout(Target t) {
    String s = t.newStream("sec-lp-idle");
    String tail = t.put(s).contentType("text/plain").body("x").send().nextOffset();
    Exchange ex = t.get(s).query("offset", tail).query("live", "long-poll").send();
    assertThat(ex).as("setup: a long-poll at the tail of an idle stream ends with 204").hasStatus(204);
    return ex;
  }

  private static Exchange sse(Target t) {
    String s = t.newStream("sec-sse");
    t.create(s, "text/plain", "sse data");
    return ResponseKind.sseHead(t, s, "-1");
  }
}
