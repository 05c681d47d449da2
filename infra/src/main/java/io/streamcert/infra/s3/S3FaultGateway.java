package io.streamcert.infra.s3;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of an S3-compatible store that injects the faults S3 shows in production:
 * {@code 503 SlowDown} answered with AWS's exact XML by a {@link ThrottleRule} (a rate, time
 * windows, a per-prefix token bucket), added latency, dropped connections and a partition. Being
 * a real proxy on a loopback port, it acts on any client, including a server in another process.
 *
 * <p>Requests are forwarded byte for byte (head, body, Host header), so SigV4 signatures made for
 * the gateway's address still verify upstream. Keys are read path-style ({@code /bucket/key}); a
 * key's prefix for the token bucket is its first path segment ({@code p07/stream/seg-1} has prefix
 * {@code p07}), or empty for keys without a slash and for bucket-level requests.
 *
 * <pre>{@code
 * try (InProcessS3 s3 = InProcessS3.transientStore("segments");
 *      S3FaultGateway gw = S3FaultGateway.start(s3.endpoint())) {
 *   gw.throttle(ThrottleRule.tokenBucket(0.01));   // 35 writes/s, 55 reads/s per prefix
 *   S3Endpoint through = gw.endpoint();             // give this to the server under test
 * }
 * }</pre>
 */
public final class S3FaultGateway implements AutoCloseable {

  /** The message AWS puts in a SlowDown error. */
  public static final String SLOW_DOWN_MESSAGE = "Please reduce your request rate.";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final S3Endpoint endpoint;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Socket> upstreams = ConcurrentHashMap.newKeySet();
  private final Random ids = new Random();
  private volatile boolean closed;

  private volatile ThrottleState throttle;
  private volatile long latencyNanos;
  private volatile boolean dropping;
  private volatile boolean partitioned;

  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong slowDownReads = new AtomicLong();
  private final AtomicLong slowDownWrites = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<String, AtomicLong> slowDownsByPrefix = new ConcurrentHashMap<>();

  private volatile long recoveryMark;
  private final AtomicLong writeOkAfterMark = new AtomicLong(-1);
  private final AtomicLong writesOk = new AtomicLong();
  private final Map<String, AtomicLong> watched = new ConcurrentHashMap<>();

  private record ThrottleState(ThrottleRule rule, long setAt, Random random, PrefixBuckets buckets) {}

  /**
   * What the gateway did since it started.
   *
   * @param forwarded requests forwarded to the store
   * @param slowDownReads GET and HEAD requests answered with SlowDown
   * @param slowDownWrites PUT, POST and DELETE requests answered with SlowDown
   * @param dropped connections reset without an answer: on a request while dropping, or open when a
   *     partition began
   * @param refused connections refused during a partition
   * @param slowDownsByPrefix SlowDown answers per key prefix
   */
  public record Stats(long forwarded, long slowDownReads, long slowDownWrites, long dropped, long refused,
      Map<String, Long> slowDownsByPrefix) {
    public Stats {
      slowDownsByPrefix = Map.copyOf(slowDownsByPrefix);
    }

    /** SlowDown answers of both classes. */
    public long slowDowns() {
      return slowDownReads + slowDownWrites;
    }
  }

  private S3FaultGateway(ServerSocket server, InetSocketAddress upstream, S3Endpoint behind) {
    this.server = server;
    this.upstream = upstream;
    URI self = URI.create("http://127.0.0.1:" + server.getLocalPort());
    this.endpoint = behind == null ? null : behind.withUri(self);
    this.acceptor = new Thread(this::acceptLoop, "s3-gateway-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a gateway on a free loopback port in front of the store at {@code behind}. */
  public static S3FaultGateway start(S3Endpoint behind) throws IOException {
    URI u = behind.uri();
    int port = u.getPort() > 0 ? u.getPort() : 80;
    return new S3FaultGateway(listen(), new InetSocketAddress(u.getHost(), port), behind);
  }

  /** Starts a gateway on a free loopback port in front of any HTTP server at {@code upstream}. */
  public static S3FaultGateway start(InetSocketAddress upstream) throws IOException {
    return new S3FaultGateway(listen(), Objects.requireNonNull(upstream, "upstream"), null);
  }

  private static ServerSocket listen() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    return s;
  }

  /** Returns the store's endpoint as reached through this gateway; null when started without one. */
  public S3Endpoint endpoint() {
    return endpoint;
  }

  /** Returns the gateway's port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** Returns the upstream address requests are forwarded to. */
  public InetSocketAddress upstream() {
    return upstream;
  }

  /** Starts answering SlowDown by {@code rule}; its windows and buckets start now. Replaces any rule. */
  public void throttle(ThrottleRule rule) {
    Objects.requireNonNull(rule, "rule");
    throttle = new ThrottleState(rule, System.nanoTime(), new Random(rule.seed()),
        rule.bucketScale() > 0 ? new PrefixBuckets(rule.bucketScale()) : null);
  }

  /** Stops answering SlowDown. */
  public void stopThrottling() {
    throttle = null;
  }

  /** Returns the rule in force, or null. */
  public ThrottleRule throttleRule() {
    ThrottleState t = throttle;
    return t == null ? null : t.rule();
  }

  /** Delays every request by {@code delay} before forwarding or answering it; zero for none. */
  public void latency(Duration delay) {
    if (delay.isNegative()) throw new IllegalArgumentException("the latency was " + delay + " but must not be negative");
    latencyNanos = delay.toNanos();
  }

  /** Resets the connection of every request that arrives, without an answer, while {@code on}. */
  public void dropConnections(boolean on) {
    dropping = on;
  }

  /**
   * Partitions the store from its clients: resets every open connection and refuses new ones until
   * {@link #heal()}.
   */
  public void partition() {
    partitioned = true;
    for (Socket s : open) {
      dropped.incrementAndGet();
      reset(s);
    }
    for (Socket s : upstreams) closeQuietly(s);
  }

  /** Whether a partition is in force. */
  public boolean partitioned() {
    return partitioned;
  }

  /** Removes every fault: throttling, latency, dropping and the partition. */
  public void heal() {
    throttle = null;
    latencyNanos = 0;
    dropping = false;
    partitioned = false;
  }

  /**
   * Starts timing a recovery: {@link #sinceMarkToFirstWriteOk()} then tells how long after this call
   * the store first acknowledged a write (PUT, POST or DELETE answered 2xx) through the gateway.
   */
  public void markRecovery() {
    writeOkAfterMark.set(-1);
    recoveryMark = System.nanoTime();
  }

  /** Nanoseconds from the last {@link #markRecovery()} to the first write acknowledged after it, if any yet. */
  public java.util.OptionalLong sinceMarkToFirstWriteOk() {
    long at = writeOkAfterMark.get();
    return at < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at - recoveryMark);
  }

  /** Returns the writes the store acknowledged (2xx) through the gateway. */
  public long writesOk() {
    return writesOk.get();
  }

  /** Starts counting the GET requests forwarded for these keys (replacing any earlier set). */
  public void watch(java.util.Collection<String> keys) {
    watched.clear();
    for (String k : keys) watched.put(k, new AtomicLong());
  }

  /** Returns the GET requests forwarded for the watched keys, per key. */
  public Map<String, Long> watchedReads() {
    Map<String, Long> m = new TreeMap<>();
    watched.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Returns the key a path-style request target names (after the bucket, URL-decoded), or empty. */
  static String keyOf(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.startsWith("/")) path = path.substring(1);
    int slash = path.indexOf('/');
    if (slash < 0) return "";
    return java.net.URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void observe(HttpMessages.Head req, HttpMessages.Head res) {
    if (S3OpClass.of(req.method()) == S3OpClass.WRITE) {
      if (res.status() / 100 == 2) {
        writesOk.incrementAndGet();
        if (recoveryMark != 0) writeOkAfterMark.compareAndSet(-1, System.nanoTime());
      }
    } else if (!watched.isEmpty() && req.method().equalsIgnoreCase("GET")) {
      AtomicLong n = watched.get(keyOf(req.target()));
      if (n != null) n.incrementAndGet();
    }
  }

  /** Returns the counters so far. */
  public Stats stats() {
    Map<String, Long> byPrefix = new TreeMap<>();
    slowDownsByPrefix.forEach((k, v) -> byPrefix.put(k, v.get()));
    return new Stats(forwarded.get(), slowDownReads.get(), slowDownWrites.get(), dropped.get(), refused.get(), byPrefix);
  }

  /** The exact body AWS S3 sends with {@code 503 SlowDown}, for the given request and host ids. */
  public static String slowDownXml(String requestId, String hostId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<Error><Code>SlowDown</Code><Message>" + SLOW_DOWN_MESSAGE + "</Message><RequestId>" + requestId
        + "</RequestId><HostId>" + hostId + "</HostId></Error>";
  }

  /** Returns the prefix of the key a path-style request target names: its first segment after the bucket. */
  static String prefixOf(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.startsWith("/")) path = path.substring(1);
    int slash = path.indexOf('/');
    if (slash < 0) return "";
    String key = path.substring(slash + 1);
    int next = key.indexOf('/');
    return next < 0 ? "" : key.substring(0, next);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // nothing more to release
    }
    for (Socket s : open) closeQuietly(s);
    for (Socket s : upstreams) closeQuietly(s);
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      if (partitioned) {
        refused.incrementAndGet();
        reset(client);
        continue;
      }
      open.add(client);
      Thread t = new Thread(() -> serve(client), "s3-gateway-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket client) {
    Socket up = null;
    try (client) {
      client.setTcpNoDelay(true);
      InputStream cin = new BufferedInputStream(client.getInputStream());
      OutputStream cout = new BufferedOutputStream(client.getOutputStream());
      InputStream uin = null;
      OutputStream uout = null;
      while (!closed) {
        HttpMessages.Head req = HttpMessages.readHead(cin);
        if (req == null) return;
        long delay = latencyNanos;
        if (delay > 0) Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        if (partitioned || dropping) {
          dropped.incrementAndGet();
          reset(client);
          return;
        }
        S3OpClass op = S3OpClass.of(req.method());
        String prefix = prefixOf(req.target());
        if (shouldThrottle(op, prefix)) {
          (op == S3OpClass.READ ? slowDownReads : slowDownWrites).incrementAndGet();
          slowDownsByPrefix.computeIfAbsent(prefix, k -> new AtomicLong()).incrementAndGet();
          boolean close = req.expectsContinue() || req.connectionClose();
          // Without Expect: 100-continue the body is on its way: read it so the answer is not lost in a reset.
          if (!req.expectsContinue()) HttpMessages.copyBody(req, cin, null, false);
          writeSlowDown(cout, req.method().equalsIgnoreCase("HEAD"), close);
          if (close) return;
          continue;
        }
        if (up == null || up.isClosed()) {
          up = new Socket();
          up.connect(upstream, 5000);
          up.setTcpNoDelay(true);
          upstreams.add(up);
          uin = new BufferedInputStream(up.getInputStream());
          uout = new BufferedOutputStream(up.getOutputStream());
        }
        forwarded.incrementAndGet();
        uout.write(req.raw);
        HttpMessages.Head res;
        if (req.expectsContinue()) {
          uout.flush();
          res = HttpMessages.readHead(uin);
          if (res == null) return;
          if (res.status() == 100) {
            cout.write(res.raw);
            cout.flush();
            HttpMessages.copyBody(req, cin, uout, false);
            uout.flush();
            res = nextFinal(uin);
          } else {
            // A final answer before the body: relay it, then close, since the body may still come.
            relay(req, res, uin, cout);
            return;
          }
        } else {
          HttpMessages.copyBody(req, cin, uout, false);
          uout.flush();
          res = nextFinal(uin);
        }
        if (res == null) return;
        observe(req, res);
        relay(req, res, uin, cout);
        if (res.connectionClose()) {
          closeQuietly(up);
          upstreams.remove(up);
          up = null;
        }
        if (req.connectionClose()) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client or the store went away (or a fault reset the connection): nothing to answer.
    } finally {
      open.remove(client);
      if (up != null) {
        upstreams.remove(up);
        closeQuietly(up);
      }
    }
  }

  private static HttpMessages.Head nextFinal(InputStream uin) throws IOException {
    HttpMessages.Head res = HttpMessages.readHead(uin);
    while (res != null && res.status() >= 100 && res.status() < 200) res = HttpMessages.readHead(uin);
    return res;
  }

  private static void relay(HttpMessages.Head req, HttpMessages.Head res, InputStream uin, OutputStream cout)
      throws IOException {
    cout.write(res.raw);
    int s = res.status();
    boolean noBody = req.method().equalsIgnoreCase("HEAD") || s == 204 || s == 304;
    if (!noBody) HttpMessages.copyBody(res, uin, cout, true);
    cout.flush();
  }

  private boolean shouldThrottle(S3OpClass op, String prefix) {
    ThrottleState t = throttle;
    if (t == null || !t.rule().ops().contains(op)) return false;
    long now = System.nanoTime();
    if (!t.rule().activeAt(now - t.setAt())) return false;
    if (t.rule().probability() > 0) {
      boolean hit;
      synchronized (t.random()) {
        hit = t.random().nextDouble() < t.rule().probability();
      }
      if (hit) return true;
    }
    return t.buckets() != null && !t.buckets().tryTake(prefix, op, now);
  }

  private void writeSlowDown(OutputStream out, boolean head, boolean close) throws IOException {
    String requestId;
    String hostId;
    synchronized (ids) {
      requestId = String.format(Locale.ROOT, "%016X", ids.nextLong());
      byte[] h = new byte[48];
      ids.nextBytes(h);
      hostId = Base64.getEncoder().encodeToString(h);
    }
    byte[] body = slowDownXml(requestId, hostId).getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(256)
        .append("HTTP/1.1 503 Slow Down\r\n")
        .append("x-amz-request-id: ").append(requestId).append("\r\n")
        .append("x-amz-id-2: ").append(hostId).append("\r\n")
        .append("Content-Type: application/xml\r\n")
        .append("Content-Length: ").append(head ? 0 : body.length).append("\r\n")
        .append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n")
        .append("Server: AmazonS3\r\n");
    if (close) b.append("Connection: close\r\n");
    b.append("\r\n");
    out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) out.write(body);
    out.flush();
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // closing below is enough
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
