package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.util.function.Function;

/**
 * One of each kind of response a server gives, produced from scratch on a fresh stream, so that a
 * rule about "all responses" (PROTOCOL.md §12.7) is checked on every status and operation rather
 * than on the happy path only.
 */
enum ResponseKind {
  PUT_201_CREATED("PUT 201 (created)", new int[] {201}, t -> t.put(t.newStream("sec")).contentType("text/plain").send()),
  PUT_200_EXISTS("PUT 200 (idempotent)", new int[] {200}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.put(s).contentType("text/plain").send();
  }),
  PUT_409_CONFLICT("PUT 409 (config mismatch)", new int[] {409}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.put(s).contentType("application/json").send();
  }),
  PUT_400_BAD_TTL("PUT 400 (malformed Stream-TTL)", new int[] {400},
      t -> t.put(t.newStream("sec")).contentType("text/plain").header("Stream-TTL", "+5").send()),
  POST_204_APPENDED("POST 204 (append)", new int[] {204}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.post(s).contentType("text/plain").body("data").send();
  }),
  POST_400_EMPTY("POST 400 (empty body)", new int[] {400}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.post(s).contentType("text/plain").send();
  }),
  POST_404_MISSING("POST 404 (no stream)", new int[] {404},
      t -> t.post(t.newStream("sec")).contentType("text/plain").body("data").send()),
  POST_409_MISMATCH("POST 409 (content-type mismatch)", new int[] {409}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.post(s).contentType("application/json").body("{}").send();
  }),
  GET_200_DATA("GET 200 (catch-up)", new int[] {200}, t -> {
    String s = t.newStream("sec");
    t.create(s, "application/octet-stream", "\u0001\u0002\u0003");
    return t.get(s).query("offset", "-1").send();
  }),
  GET_304_NOT_MODIFIED("GET 304 (If-None-Match)", new int[] {304}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", "cached");
    Exchange first = t.get(s).query("offset", "-1").send();
    String etag = first.header("ETag").orElseThrow(() -> new AssertionError("setup: GET carries no ETag\n" + first));
    return t.get(s).query("offset", "-1").header("If-None-Match", etag).send();
  }),
  GET_400_BAD_OFFSET("GET 400 (malformed offset)", new int[] {400}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.get(s).query("offset", "not%20an%20offset").send();
  }),
  GET_404_MISSING("GET 404 (no stream)", new int[] {404}, t -> t.get(t.newStream("sec")).send()),
  HEAD_200("HEAD 200", new int[] {200}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.head(s).send();
  }),
  HEAD_404("HEAD 404", new int[] {404}, t -> t.head(t.newStream("sec")).send()),
  DELETE_204("DELETE 204", new int[] {204}, t -> {
    String s = t.newStream("sec");
    t.create(s, "text/plain", null);
    return t.delete(s).send();
  }),
  DELETE_404("DELETE 404", new int[] {404}, t -> t.delete(t.newStream("sec")).send()),
  OPTIONS_PREFLIGHT("OPTIONS (CORS preflight)", new int[] {200, 204}, t -> t.request("OPTIONS", t.newStream("sec"))
      .header("Origin", "https://app.example")
      .header("Access-Control-Request-Method", "POST")
      .header("Access-Control-Request-Headers", "content-type")
      .send());

  private final String label;
  private final int[] statuses;
  private final Function<Target, Exchange> produce;

  ResponseKind(String label, int[] statuses, Function<Target, Exchange> produce) {
    this.label = label;
    this.statuses = statuses;
    this.produce = produce;
  }

  /** Produces this kind of response, asserting that the server indeed gave that status. */
  Exchange produce(Target t) {
    Exchange ex = produce.apply(t);
    assertThat(ex).as("setup: the request must produce a " + label + " response").hasStatusIn(statuses);
    return ex;
  }

  @Override
  public String toString() {
    return label;
  }

  /**
   * Opens an SSE response and returns its head as an exchange (the body is not waited for), so
   * header rules can be asserted on it like on any other response.
   */
  static Exchange sseHead(Target t, String stream, String offset) {
    RawRequest request = t.get(stream).query("offset", offset).query("live", "sse").build();
    long start = System.nanoTime();
    try (RawExchange open = t.open(request)) {
      RawResponse head = new RawResponse(open.version(), open.status(), open.reason(), open.headers(), new byte[0]);
      return new Exchange(request, t.origin().getHost() + ":" + t.origin().getPort(), head,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
