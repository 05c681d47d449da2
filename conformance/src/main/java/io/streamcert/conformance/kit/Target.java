package io.streamcert.conformance.kit;

import io.streamcert.fixtures.Feature;

import io.streamcert.client.raw.RawExchange;
import io.streamcert.client.raw.RawHttp;
import io.streamcert.client.raw.RawHttpException;
import io.streamcert.client.raw.RawRequest;
import io.streamcert.client.raw.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server under test as one check sees it: fluent requests that record every exchange (the
 * evidence shown when the check fails), fresh stream paths, and the declared features.
 *
 * <p>Thread-safe: concurrent checks and concurrent writers within a check may share it.
 */
public final class Target {

  /** The path prefix every stream lives under, as the official suite assumes. */
  public static final String STREAM_ROOT = "/v1/stream/";

  private static final AtomicLong NAMES = new AtomicLong();

  private final URI origin;
  private final Set<Feature> features;
  private final RawHttp http;
  private final String runId;
  private final List<Exchange> journal = Collections.synchronizedList(new ArrayList<>());
  private final Duration longPollTimeout;
  private final Duration sseReconnectInterval;

  public Target(URI origin, Set<Feature> features, String runId, Duration readTimeout,
      Duration longPollTimeout, Duration sseReconnectInterval) {
    this.origin = origin;
    this.longPollTimeout = longPollTimeout;
    this.sseReconnectInterval = sseReconnectInterval;
    this.features = Set.copyOf(features);
    this.runId = runId;
    this.http = RawHttp.to(origin).withReadTimeout(readTimeout);
  }

  public URI origin() {
    return origin;
  }

  public Set<Feature> features() {
    return features;
  }

  public boolean declares(Feature f) {
    return features.contains(f);
  }

  /** The configured read timeout: how long one request may wait for its response. */
  public Duration readTimeout() {
    return http.readTimeout();
  }

  /** The target's long-poll timeout as declared for the run: a wait for a 204 allows this long plus a margin. */
  public Duration longPollTimeout() {
    return longPollTimeout;
  }

  /** How often the target is expected to end SSE connections (PROTOCOL.md §5.8 suggests 60 s). */
  public Duration sseReconnectInterval() {
    return sseReconnectInterval;
  }

  /** Returns a path no other check uses, such as {@code /v1/stream/sc-<run>-create-17}. */
  public String newStream(String hint) {
    return STREAM_ROOT + "sc-" + runId + "-" + hint + "-" + NAMES.incrementAndGet();
  }

  /** Every exchange this check made, in order. */
  public List<Exchange> journal() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  public Call put(String path) {
    return new Call(this, "PUT", path);
  }

  public Call post(String path) {
    return new Call(this, "POST", path);
  }

  public Call get(String path) {
    return new Call(this, "GET", path);
  }

  public Call head(String path) {
    return new Call(this, "HEAD", path);
  }

  public Call delete(String path) {
    return new Call(this, "DELETE", path);
  }

  public Call request(String method, String path) {
    return new Call(this, method, path);
  }

  /** Creates a stream with the given content type and initial body, asserting 201. */
  public Exchange create(String path, String contentType, String body) {
    Exchange ex = put(path).contentType(contentType).body(body).send();
    if (ex.status() != 201) {
      throw new AssertionError("setup: creating " + path + " must answer 201 but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Appends text to a stream, asserting a 2xx answer; returns the exchange. */
  public Exchange append(String path, String contentType, String body) {
    Exchange ex = post(path).contentType(contentType).body(body).send();
    if (ex.status() / 100 != 2) {
      throw new AssertionError("setup: appending to " + path + " must succeed but answered " + ex.status() + "\n" + ex);
    }
    return ex;
  }

  /** Sends a request exactly as built and records the exchange. */
  public Exchange send(RawRequest request) {
    long start = System.nanoTime();
    RawResponse response;
    try {
      response = http.send(request);
    } catch (RawHttpException e) {
      throw new AssertionError("no complete response to " + request + " from " + origin + ": " + e.getMessage(), e);
    }
    Exchange ex = new Exchange(request, authority(), response, Duration.ofNanos(System.nanoTime() - start));
    journal.add(ex);
    return ex;
  }

  /** Opens a streaming response (SSE, or a long-poll read incrementally); the caller closes it. */
  public RawExchange open(RawRequest request) {
    try {
      return http.open(request);
    } catch (RawHttpException e) {
      throw new AssertionError("no response head to " + request + " from " + origin + ": " + e.getMessage(), e);
    }
  }

  String authority() {
    return origin.getHost() + ":" + origin.getPort();
  }

  /** A request being built; {@link #send()} records it in the target's journal. */
  public static final class Call {
    private final Target target;
    private final String method;
    private final StringBuilder uri;
    private boolean hasQuery;
    private byte[] body;
    private List<byte[]> chunks;

    Call(Target target, String method, String path) {
      this.target = target;
      this.method = method;
      this.uri = new StringBuilder(path);
      this.hasQuery = path.indexOf('?') >= 0;
    }

    /** Adds a query parameter, sent as given (no encoding), so malformed values can be sent too. */
    public Call query(String name, String value) {
      uri.append(hasQuery ? '&' : '?').append(name).append('=').append(value);
      hasQuery = true;
      return this;
    }

    private final List<String[]> headers = new ArrayList<>();

    public Call header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Call contentType(String value) {
      return value == null ? this : header("Content-Type", value);
    }

    public Call body(String text) {
      this.body = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Call body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    /** Sends the body with {@code Transfer-Encoding: chunked}, one HTTP chunk per element. */
    public Call chunked(List<byte[]> parts) {
      this.chunks = parts;
      return this;
    }

    public RawRequest build() {
      RawRequest.Builder b = RawRequest.builder(method, uri.toString());
      for (String[] h : headers) b.header(h[0], h[1]);
      if (chunks != null) b.chunked(chunks);
      else if (body != null) b.body(body);
      else if (method.equals("POST") || method.equals("PUT")) b.body(new byte[0]);
      return b.build();
    }

    public Exchange send() {
      return target.send(build());
    }

    /** Opens the response for incremental reading (SSE); the caller closes it. */
    public RawExchange open() {
      return target.open(build());
    }
  }
}
