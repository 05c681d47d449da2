package io.streamcert.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.run.CheckResult;
import io.streamcert.conformance.run.CheckStatus;
import io.streamcert.conformance.run.ConformanceReport;
import io.streamcert.conformance.run.ConformanceRunner;
import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shows that the suite can fail: each mutant is the reference server behind a proxy that breaks
 * exactly one rule, and the checks of that rule must fail against it (and only checks citing it
 * are run, so the test stays fast).
 */
class MutantTest {

  private static ReferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ReferenceServer.start(ServerConfig.builder()
        .port(0).longPollTimeout(Duration.ofMillis(500)).sseReconnectInterval(Duration.ofSeconds(3)).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> mutants() {
    return Stream.of(
        Arguments.of("accepts Stream-Seq regressions", "DS-5.2-13", new Mutation() {
          @Override public void request(FullHttpRequest r) { r.headers().remove("Stream-Seq"); }
        }),
        Arguments.of("omits Stream-Up-To-Date", "DS-5.6-19", new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) { r.headers().remove("Stream-Up-To-Date"); }
        }),
        Arguments.of("serves ETags without the closure suffix", "DS-10.1-09", new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            String etag = r.headers().get("ETag");
            if (etag != null) r.headers().set("ETag", etag.replace(":c\"", "\""));
          }
        }),
        Arguments.of("compares Stream-Closed case-sensitively", "DS-4.1-01", new Mutation() {
          @Override public void request(FullHttpRequest r) {
            String v = r.headers().get("Stream-Closed");
            if (v != null && !v.equals("true")) r.headers().remove("Stream-Closed");
          }
        }),
        Arguments.of("drops X-Content-Type-Options", "DS-12.7-01", new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) { r.headers().remove("X-Content-Type-Options"); }
        }),
        Arguments.of("sends no Cache-Control on catch-up reads", "DS-10.1-01", new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) {
            if (q.method() == HttpMethod.GET && r.status().code() == 200) r.headers().remove("Cache-Control");
          }
        }),
        Arguments.of("sends no cursor on long-poll", "DS-5.7-07", new Mutation() {
          @Override public void response(HttpRequest q, HttpResponse r) { r.headers().remove("Stream-Cursor"); }
        }));
  }

  @ParameterizedTest(name = "a server that {0} fails the checks of {1}")
  @MethodSource("mutants")
  void theChecksOfTheBrokenRuleFail(String name, String requirement, Mutation mutation) {
    try (MutantProxy proxy = new MutantProxy(server.baseUri(), mutation)) {
      ConformanceReport report = ConformanceRunner.builder()
          .target(proxy.baseUri())
          .features(Feature.defaults())
          .longPollTimeout(Duration.ofMillis(500))
          .sseReconnectInterval(Duration.ofSeconds(3))
          .onlyRequirements(requirement)
          .build()
          .run();
      List<CheckResult> ran = report.checks().stream().filter(c -> c.status() != CheckStatus.NOT_APPLICABLE).toList();
      assertThat(ran).as("checks citing " + requirement).isNotEmpty();
      List<String> caught = report.failures().stream()
          .filter(c -> c.requirements().contains(requirement)).map(CheckResult::id).toList();
      assertThat(caught).as("a server that " + name + " must fail at least one check of " + requirement).isNotEmpty();
      assertThat(report.failures()).allSatisfy(f -> assertThat(f.message()).as("failures name the rule and show evidence").isNotBlank());
    }
  }
}
