package io.streamcert.scenarios.driver;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the unmeasured requests that prepare a run (creating streams, filling a stream) over a few
 * connections at once, and fails with a message that says what the target answered.
 */
final class Setup {

  private Setup() {}

  /**
   * Sends every request, {@code concurrency} at a time, and returns the responses in order.
   *
   * @throws IOException on the first failure or non-2xx answer, naming the request, the answer and
   *     a likely fix
   */
  static HttpResponse[] all(HttpEngine engine, List<HttpRequest> requests, int concurrency, Duration timeout)
      throws IOException {
    HttpResponse[] out = new HttpResponse[requests.size()];
    if (requests.isEmpty()) return out;
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(requests.size());
    int chains = Math.min(concurrency, requests.size());
    for (int c = 0; c < chains; c++) {
      new Chain(engine, requests, out, next, failure, done, timeout.toNanos()).sendNext();
    }
    try {
      // Each request has its own timeout; this bound only guards against a lost callback.
      long bound = timeout.toMillis() * (requests.size() / chains + 2) + 5_000;
      if (!done.await(bound, TimeUnit.MILLISECONDS)) {
        throw new IOException("setup of " + requests.size() + " requests to " + engine.origin() + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while preparing the run");
    }
    if (failure.get() != null) throw new IOException(failure.get());
    return out;
  }

  static String explain(HttpRequest request, HttpResponse r, String origin) {
    String hint =
        switch (r.status()) {
          case 404, 405, 501 -> "; is the stream path right? The driver creates streams under the path of"
              + " --target, such as http://host:port/v1/stream/";
          case 409 -> "; a stream of that name exists with other settings";
          case 413 -> "; the server refuses bodies this large; lower payload-size or raise the server's limit";
          default -> "";
        };
    String body = new String(r.body(), 0, Math.min(200, r.body().length), java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ").trim();
    return request + " on " + origin + " answered " + r.status() + (body.isEmpty() ? "" : " (" + body + ")") + hint;
  }

  /** One connection working through the shared list. */
  private static final class Chain implements Exchange {
    private final HttpEngine engine;
    private final List<HttpRequest> requests;
    private final HttpResponse[] out;
    private final AtomicInteger next;
    private final AtomicReference<String> failure;
    private final CountDownLatch done;
    private final long timeout;
    private final BodyBuffer body = new BodyBuffer();
    private HttpConnection current;
    private int index;

    Chain(HttpEngine engine, List<HttpRequest> requests, HttpResponse[] out, AtomicInteger next,
        AtomicReference<String> failure, CountDownLatch done, long timeout) {
      this.engine = engine;
      this.current = engine.connection();
      this.requests = requests;
      this.out = out;
      this.next = next;
      this.failure = failure;
      this.done = done;
      this.timeout = timeout;
    }

    void sendNext() {
      index = next.getAndIncrement();
      if (index >= requests.size()) {
        current.close();
        return;
      }
      if (failure.get() != null) {
        // Count off the rest without sending: the run will not start anyway.
        while (index < requests.size()) {
          done.countDown();
          index = next.getAndIncrement();
        }
        current.close();
        return;
      }
      body.clear();
      if (current.isClosed()) current = engine.connection();
      current.send(this);
    }

    @Override
    public HttpRequest request() {
      return requests.get(index);
    }

    @Override
    public long timeoutNanos() {
      return timeout;
    }

    @Override
    public void onBody(byte[] data, int offset, int length) {
      body.append(data, offset, length);
    }

    @Override
    public void onComplete(ResponseHead head, long sentNanos, long doneNanos) {
      HttpResponse r = new HttpResponse(head, body.toArray());
      out[index] = r;
      if (!head.isSuccess()) failure.compareAndSet(null, explain(request(), r, engine.origin().toString()));
      done.countDown();
      sendNext();
    }

    @Override
    public void onFailure(String kind, Throwable cause, long sentNanos, long nowNanos) {
      failure.compareAndSet(null, request() + " failed: " + kind + "; is the target running and reachable?");
      done.countDown();
      sendNext();
    }
  }
}
