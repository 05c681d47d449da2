package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CORS preflights for browser clients: every protocol method and request header must be allowed,
 * {@code If-None-Match} included so conditional reads work cross-origin (PROTOCOL.md §12.7, §10.1;
 * the official suite's "Caching and ETag" group).
 */
@Area("CORS")
class CorsChecks {

  private static Exchange preflight(Target t, String method, String headers) {
    var call = t.request("OPTIONS", t.newStream("cors"))
        .header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", method);
    if (headers != null) call.header("Access-Control-Request-Headers", headers);
    return call.send();
  }

  /** Tells whether a comma-separated CORS list names the token (any case) or is the wildcard. */
  private static boolean allows(String list, String token) {
    return Arrays.stream(list.split(","))
        .map(v -> v.trim().toLowerCase(Locale.ROOT))
        .anyMatch(v -> v.equals("*") || v.equals(token.toLowerCase(Locale.ROOT)));
  }

  @ParameterizedTest(name = "a preflight for a cross-origin {1} with {0} is allowed")
  @CsvSource({
      "If-None-Match, GET", "Content-Type, POST", "Stream-Seq, POST", "Stream-TTL, PUT", "Stream-Expires-At, PUT",
      "Stream-Closed, POST", "Producer-Id, POST", "Producer-Epoch, POST", "Producer-Seq, POST",
      "Stream-Forked-From, PUT", "Stream-Fork-Offset, PUT"})
  @Check(id = "cors.preflight-allows-protocol-header", requirements = {"DS-10.1-08"}, feature = Feature.SECURITY_HEADERS)
  void preflightAllowsEveryProtocolRequestHeader(String header, String method, Target t) {
    Exchange ex = preflight(t, method, header.toLowerCase(Locale.ROOT));
    assertThat(ex)
        .as("a CORS preflight answers 200 or 204 and allows the protocol's request header " + header)
        .hasStatusIn(200, 204)
        .hasHeader("Access-Control-Allow-Headers");
    String allowed = ex.header("Access-Control-Allow-Headers").orElseThrow();
    if (!allows(allowed, header)) {
      throw new AssertionError("[a CORS preflight allows " + header + "] Access-Control-Allow-Headers was '" + allowed
          + "', which neither names " + header + " nor is *\n--- exchange ---\n" + ex);
    }
  }

  @ParameterizedTest(name = "a preflight for a cross-origin {0} is allowed")
  @ValueSource(strings = {"PUT", "DELETE"})
  @Check(id = "cors.preflight-allows-protocol-method", requirements = {"DS-10.1-08"}, feature = Feature.SECURITY_HEADERS)
  void preflightAllowsEveryProtocolMethod(String method, Target t) {
    Exchange ex = preflight(t, method, null);
    assertThat(ex)
        .as("a CORS preflight answers 200 or 204 and allows the protocol method " + method)
        .hasStatusIn(200, 204)
        .hasHeader("Access-Control-Allow-Methods");
    String allowed = ex.header("Access-Control-Allow-Methods").orElseThrow();
    // GET, HEAD and POST are CORS-safelisted methods a browser never asks about; PUT and DELETE it does.
    if (!allows(allowed, method)) {
      throw new AssertionError("[a CORS preflight allows " + method + "] Access-Control-Allow-Methods was '" + allowed
          + "'\n--- exchange ---\n" + ex);
    }
  }
}
