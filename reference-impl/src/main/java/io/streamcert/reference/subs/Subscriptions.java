package io.streamcert.reference.subs;

import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProtocolException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The subscription engine (§6, §7): subscriptions with glob and explicit links, wakes delivered by
 * signed webhooks or written to a wake stream, leases, generation fencing and webhook retries.
 *
 * <p>All state is guarded by this object's monitor and saved to the {@link SubscriptionStore}
 * after each change, before the change is acknowledged. Work that leaves the engine (webhook
 * POSTs, DNS checks, appends to wake streams) is handed to the {@code effects} executor after the
 * monitor is released. Time comes from an injectable clock, and {@link #tick()} (called
 * periodically by the server, directly by tests) fires due retries and expires leases.
 */
public final class Subscriptions {

  private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** The replaceable parts; tests swap them to build servers that break rules on purpose. */
  public record Seams(WebhookSigner signer, WebhookUrlPolicy urlPolicy, Fencing fencing) {
    /** No replacements: the server uses its real signer, URL policy and fencing. */
    public static final Seams DEFAULT = new Seams(null, null, null);

    public Seams withSigner(WebhookSigner s) { return new Seams(s, urlPolicy, fencing); }
    public Seams withUrlPolicy(WebhookUrlPolicy p) { return new Seams(signer, p, fencing); }
    public Seams withFencing(Fencing f) { return new Seams(signer, urlPolicy, f); }
  }

  private final StreamAccess streams;
  private final SubscriptionStore store;
  private final WebhookSigner signer;
  private final WebhookUrlPolicy urlPolicy;
  private final Fencing fencing;
  private final CallbackTokens tokens;
  private final WebhookTransport transport;
  private final Backoff backoff;
  private final LongSupplier clock;
  private final Executor effects;
  private final String root;
  private final SecureRandom random = new SecureRandom();

  private final Map<String, Sub> subs = new TreeMap<>();
  private final List<Runnable> pendingEffects = new ArrayList<>();
  private boolean closed;
  /** Whether any subscription exists: lets stream events skip the engine's lock when none does. */
  private volatile boolean any;

  /**
   * Builds the engine and loads the saved subscriptions.
   *
   * @param root the stream root with its trailing slash, such as {@code /v1/stream/}
   * @throws IOException when the saved state cannot be read
   */
  public Subscriptions(StreamAccess streams, SubscriptionStore store, WebhookSigner signer, WebhookUrlPolicy urlPolicy,
      Fencing fencing, CallbackTokens tokens, WebhookTransport transport, Backoff backoff, LongSupplier clock,
      Executor effects, String root) throws IOException {
    this.streams = Objects.requireNonNull(streams);
    this.store = Objects.requireNonNull(store);
    this.signer = Objects.requireNonNull(signer);
    this.urlPolicy = Objects.requireNonNull(urlPolicy);
    this.fencing = Objects.requireNonNull(fencing);
    this.tokens = Objects.requireNonNull(tokens);
    this.transport = Objects.requireNonNull(transport);
    this.backoff = Objects.requireNonNull(backoff);
    this.clock = Objects.requireNonNull(clock);
    this.effects = Objects.requireNonNull(effects);
    this.root = root;
    for (Map<String, Object> m : store.load()) {
      Sub s = Sub.fromJson(m);
      subs.put(s.id, s);
    }
    any = !subs.isEmpty();
  }

  /**
   * Resumes after a restart: wakes subscriptions whose streams moved on while no wake was in
   * flight, and re-sends webhook wakes that were in flight without a scheduled retry.
   */
  public void resume() {
    synchronized (this) {
      for (Sub s : subs.values()) {
        if (s.wakeId == null && s.holder == null) {
          String p = firstPending(s);
          if (p != null) startWake(s, p);
        } else if (s.spec.webhook() && s.wakeId != null && s.nextAttemptAt == 0) {
          s.leaseExpiresAt = 0;
          String id = s.id;
          long gen = s.generation;
          pendingEffects.add(() -> deliver(id, gen));
        }
      }
    }
    flush();
  }

  // ------------------------------------------------------------------ the control API

  /** A create or re-confirm: {@code created} tells 201 from 200. */
  public record Put(boolean created, Map<String, Object> body) {}

  /**
   * Creates a subscription, or re-confirms one with the same normalized configuration.
   *
   * @param origin the scheme, host and port clients reach this server at (for callback and JWKS URLs)
   * @throws SubscriptionException 409 SUBSCRIPTION_ALREADY_EXISTS for a different configuration,
   *     400 WEBHOOK_URL_REJECTED for an unsafe webhook URL
   */
  public Put put(String id, SubscriptionSpec spec, String origin) {
    Put out;
    synchronized (this) {
      Sub existing = subs.get(id);
      String hash = spec.hash();
      if (existing != null) {
        if (!existing.hash.equals(hash)) {
          throw new SubscriptionException(409, "SUBSCRIPTION_ALREADY_EXISTS",
              "subscription '" + id + "' exists with a different configuration; DELETE it first or use another id");
        }
        return new Put(false, view(existing, origin));
      }
      if (spec.webhook()) urlPolicy.checkAtCreation(spec.webhookUrl());
      // Set before the tails are read, so an append committed after that read sees it and is
      // routed here (it then waits for this monitor and finds the new links).
      any = true;
      Sub s = new Sub(id, spec, hash, Instant.ofEpochMilli(clock.getAsLong()).toString(), origin);
      for (String p : spec.streams()) s.link(p, true, false, streams.tail(p));
      if (spec.pattern() != null) {
        for (String p : streams.paths()) {
          long tail = streams.tail(p);
          if (tail >= 0 && globLinks(s, p)) s.link(p, false, true, tail);
        }
      }
      save(s);
      subs.put(id, s);
      out = new Put(true, view(s, origin));
    }
    flush();
    return out;
  }

  /** The subscription as JSON. @throws SubscriptionException 404 */
  public synchronized Map<String, Object> get(String id, String origin) {
    return view(require(id), origin);
  }

  /** Deletes a subscription (idempotent); its wake, lease and retries end with it. */
  public synchronized void delete(String id) {
    if (closed) throw new SubscriptionException(503, "SHUTTING_DOWN", "the server is stopping; retry against the restarted server");
    if (subs.remove(id) == null) return;
    any = !subs.isEmpty();
    try {
      store.delete(id);
    } catch (IOException e) {
      throw storageFailed(e);
    }
  }

  /** Links streams explicitly at their current tail; already linked ones keep their offset. */
  public void addStreams(String id, List<String> paths) {
    synchronized (this) {
      Sub s = require(id);
      for (String p : paths) s.link(p, true, false, streams.tail(p));
      save(s);
    }
    flush();
  }

  /** Removes an explicit link (idempotent); a glob link the pattern still gives stays. */
  public synchronized void removeStream(String id, String path) {
    Sub s = require(id);
    Link l = s.links.get(path);
    if (l == null || !l.explicit) return;
    l.explicit = false;
    if (!l.glob) s.links.remove(path);
    save(s);
  }

  /** The JWK Set. */
  public Map<String, Object> jwks() {
    return Map.of("keys", signer.publicJwks());
  }

  /**
   * A webhook callback: verifies the bearer token and fencing, applies acks, extends the lease, and
   * with {@code done:true} ends the wake (starting the next one when work is pending).
   */
  public Map<String, Object> callback(String id, String token, Object body) {
    return acknowledge(id, token, body, true);
  }

  /** A pull-wake ack: like {@link #callback}, for pull-wake subscriptions (an ack is a heartbeat). */
  public Map<String, Object> ack(String id, String token, Object body) {
    return acknowledge(id, token, body, false);
  }

  private Map<String, Object> acknowledge(String id, String token, Object body, boolean webhook) {
    Map<String, Object> out;
    synchronized (this) {
      Sub s = require(id);
      requireType(s, webhook);
      Map<String, Object> req = requestObject(body);
      fence(s, token, req);
      applyAcks(s, req.get("acks"));
      if (s.wakeId != null) s.leaseExpiresAt = clock.getAsLong() + s.spec.leaseTtlMs();
      boolean next = false;
      if (Boolean.TRUE.equals(req.get("done"))) {
        endWake(s);
        next = wakeIfPending(s);
      }
      save(s);
      out = new LinkedHashMap<>();
      out.put("ok", true);
      out.put("next_wake", next);
    }
    flush();
    return out;
  }

  /**
   * A pull-wake claim by a worker.
   *
   * @throws SubscriptionException 409 ALREADY_CLAIMED (with current_holder) or NO_PENDING_WORK
   */
  public Map<String, Object> claim(String id, Object body) {
    Map<String, Object> out;
    synchronized (this) {
      Sub s = require(id);
      requireType(s, false);
      Object worker = requestObject(body).get("worker");
      if (!(worker instanceof String w) || w.isEmpty()) {
        throw SubscriptionException.invalid("worker must be a non-empty string naming the claiming worker");
      }
      if (s.holder != null) {
        throw new SubscriptionException(409, "ALREADY_CLAIMED", "worker " + s.holder + " holds the lease of this subscription",
            Map.of("current_holder", s.holder, "generation", s.generation));
      }
      if (s.wakeId == null && !wakeIfPending(s)) {
        throw new SubscriptionException(409, "NO_PENDING_WORK", "no linked stream has data past its acked offset");
      }
      s.holder = w;
      String t = issueToken(s);
      s.leaseExpiresAt = clock.getAsLong() + s.spec.leaseTtlMs();
      save(s);
      out = new LinkedHashMap<>();
      out.put("wake_id", s.wakeId);
      out.put("generation", s.generation);
      out.put("token", t);
      out.put("streams", streamInfos(s));
      out.put("lease_ttl_ms", s.spec.leaseTtlMs());
    }
    flush();
    return out;
  }

  /** A pull-wake release: ends the wake without acking; a new wake follows when work is pending. */
  public void release(String id, String token, Object body) {
    synchronized (this) {
      Sub s = require(id);
      requireType(s, false);
      fence(s, token, requestObject(body));
      endWake(s);
      wakeIfPending(s);
      save(s);
    }
    flush();
  }

  // ------------------------------------------------------------------ stream events (root-relative paths)

  /** A new stream: glob links it at its start, existing links restart there, and it may wake. */
  public void onCreated(String path, long start, long tail) {
    if (!any) return;
    synchronized (this) {
      for (Sub s : subs.values()) {
        Link l = s.links.get(path);
        boolean changed = false;
        if (l != null) {
          l.acked = start;
          changed = true;
        } else if (globLinks(s, path)) {
          s.link(path, false, true, start);
          changed = true;
        }
        if (changed) {
          if (s.wakeId == null && s.holder == null && tail > start) startWake(s, path);
          save(s);
        }
      }
    }
    flush();
  }

  /** An append: a stream matching for the first time is linked before the append, then wakes. */
  public void onAppended(String path, long before, long tail) {
    if (!any) return;
    synchronized (this) {
      for (Sub s : subs.values()) {
        Link l = s.links.get(path);
        boolean changed = false;
        if (l == null && globLinks(s, path)) {
          l = s.link(path, false, true, before);
          changed = true;
        }
        if (l != null && s.wakeId == null && s.holder == null && tail > l.acked) {
          startWake(s, path);
          changed = true;
        }
        if (changed) save(s);
      }
    }
    flush();
  }

  /** A deleted stream: glob links go, explicit ones stay (with nothing acked). */
  public void onDeleted(String path) {
    if (!any) return;
    synchronized (this) {
      for (Sub s : subs.values()) {
        Link l = s.links.get(path);
        if (l == null) continue;
        if (l.explicit) {
          l.glob = false;
          l.acked = -1;
        } else {
          s.links.remove(path);
        }
        save(s);
      }
    }
  }

  /** Fires due webhook retries and expires leases (re-waking when work is still pending). */
  public void tick() {
    synchronized (this) {
      long now = clock.getAsLong();
      for (Sub s : subs.values()) {
        boolean changed = false;
        if (s.wakeId != null && s.nextAttemptAt > 0 && now >= s.nextAttemptAt) {
          s.nextAttemptAt = 0;
          String id = s.id;
          long gen = s.generation;
          pendingEffects.add(() -> deliver(id, gen));
          changed = true;
        }
        if (s.leaseExpiresAt > 0 && now >= s.leaseExpiresAt) {
          endWake(s);
          wakeIfPending(s);
          changed = true;
        }
        if (changed) save(s);
      }
    }
    flush();
  }

  /**
   * Stops the engine: later deliveries and their outcomes are dropped and nothing more is saved, so
   * an engine left behind cannot write over the state a restarted server has taken over.
   */
  public synchronized void shutdown() {
    closed = true;
    pendingEffects.clear();
  }

  /** Number of subscriptions. */
  public synchronized int size() {
    return subs.size();
  }

  // ------------------------------------------------------------------ wakes

  private boolean globLinks(Sub s, String path) {
    return s.spec.pattern() != null && !path.equals(s.spec.wakeStream()) && Glob.matches(s.spec.pattern(), path);
  }

  private boolean wakeIfPending(Sub s) {
    String p = firstPending(s);
    if (p == null) return false;
    startWake(s, p);
    return true;
  }

  private String firstPending(Sub s) {
    for (Map.Entry<String, Link> e : s.links.entrySet()) {
      long tail = streams.tail(e.getKey());
      if (tail >= 0 && tail > e.getValue().acked) return e.getKey();
    }
    return null;
  }

  private void startWake(Sub s, String triggeredBy) {
    s.generation++;
    byte[] id = new byte[12];
    random.nextBytes(id);
    s.wakeId = "w_" + B64URL.encodeToString(id);
    s.snapshot.clear();
    for (String p : s.links.keySet()) {
      long tail = streams.tail(p);
      if (tail >= 0) s.snapshot.put(p, tail);
    }
    s.tokenId = null;
    s.holder = null;
    s.leaseExpiresAt = 0;
    s.nextAttemptAt = 0;
    s.retryCount = 0;
    String subId = s.id;
    long gen = s.generation;
    if (s.spec.webhook()) {
      pendingEffects.add(() -> deliver(subId, gen));
    } else {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("type", "wake");
      event.put("subscription_id", s.id);
      event.put("stream", triggeredBy);
      event.put("generation", gen);
      event.put("ts", clock.getAsLong());
      byte[] json = Json.write(event);
      String wake = s.spec.wakeStream();
      pendingEffects.add(() -> {
        try {
          streams.appendJson(wake, json);
        } catch (RuntimeException e) {
          LOG.warning("subscription " + subId + ": could not write wake generation " + gen + " to wake stream " + wake
              + " (" + e.getMessage() + "); create the wake stream, then claim directly");
        }
      });
    }
  }

  private void endWake(Sub s) {
    s.wakeId = null;
    s.snapshot.clear();
    s.tokenId = null;
    s.holder = null;
    s.leaseExpiresAt = 0;
    s.nextAttemptAt = 0;
    s.retryCount = 0;
  }

  private String issueToken(Sub s) {
    String t = tokens.issue(s.id, s.generation, clock.getAsLong());
    s.tokenId = tokens.verify(t, s.id, clock.getAsLong()).tokenId();
    return t;
  }

  /** One webhook delivery attempt of a wake generation (runs on the effects executor). */
  void deliver(String id, long generation) {
    URI url;
    byte[] body;
    String wakeId;
    synchronized (this) {
      Sub s = subs.get(id);
      if (closed || s == null || s.wakeId == null || s.generation != generation) return;
      wakeId = s.wakeId;
      url = URI.create(s.spec.webhookUrl());
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("subscription_id", s.id);
      payload.put("wake_id", s.wakeId);
      payload.put("generation", s.generation);
      payload.put("streams", streamInfos(s));
      payload.put("callback_url", s.origin + root + "__ds/subscriptions/" + encodeSegment(s.id) + "/callback");
      payload.put("callback_token", issueToken(s));
      body = Json.write(payload);
      s.leaseExpiresAt = clock.getAsLong() + s.spec.leaseTtlMs();
      save(s);
    }
    ApprovedTarget target;
    try {
      target = urlPolicy.checkAtDelivery(url);
    } catch (SubscriptionException e) {
      LOG.warning("subscription " + id + ": " + e.getMessage());
      onDelivery(id, generation, wakeId, null);
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    String sig = signer.signatureHeader(clock.getAsLong() / 1000, body);
    if (sig != null) headers.put("Webhook-Signature", sig);
    try {
      // the connection goes to the addresses just checked, never to a fresh DNS answer (rebinding);
      // the outcome is handled on the effects executor, so state saves never hold up the transport's I/O
      transport.post(target, headers, body).whenCompleteAsync((r, err) -> {
        if (err != null) LOG.log(Level.FINE, "subscription " + id + ": webhook delivery failed", err);
        onDelivery(id, generation, wakeId, err == null ? r : null);
      }, effects);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "subscription " + id + ": webhook delivery failed", e);
      onDelivery(id, generation, wakeId, null);
    }
  }

  /** The outcome of a delivery attempt; a null response is a failure (error, timeout, refused URL). */
  void onDelivery(String id, long generation, String wakeId, WebhookTransport.Response r) {
    synchronized (this) {
      Sub s = subs.get(id);
      if (closed || s == null || s.generation != generation || !wakeId.equals(s.wakeId)) return;
      if (r != null && r.status() >= 200 && r.status() < 300) {
        s.status = "active";
        s.retryCount = 0;
        s.nextAttemptAt = 0;
        boolean done = false;
        try {
          Map<String, Object> m = r.body().length == 0 ? null : Json.object(Json.parse(r.body()));
          done = m != null && Boolean.TRUE.equals(m.get("done"));
        } catch (IllegalArgumentException ignored) {
          // a receiver that answers 2xx with no JSON acks later through the callback
        }
        if (done) {
          for (Map.Entry<String, Long> e : s.snapshot.entrySet()) {
            Link l = s.links.get(e.getKey());
            if (l != null && e.getValue() > l.acked) l.acked = e.getValue();
          }
          endWake(s);
          wakeIfPending(s);
        }
      } else {
        s.retryCount++;
        s.status = "failed";
        s.nextAttemptAt = clock.getAsLong() + backoff.delay(s.retryCount);
        s.leaseExpiresAt = 0;
        s.tokenId = null;
        if (r != null) {
          LOG.fine("subscription " + id + ": webhook answered " + r.status() + "; retry " + s.retryCount + " at " + s.nextAttemptAt);
        }
      }
      save(s);
    }
    flush();
  }

  // ------------------------------------------------------------------ helpers

  private void fence(Sub s, String token, Map<String, Object> req) {
    if (token == null || token.isEmpty()) {
      throw new SubscriptionException(401, "TOKEN_INVALID", "send the wake's token as Authorization: Bearer <token>");
    }
    CallbackTokens.Claims c = tokens.verify(token, s.id, clock.getAsLong());
    Object wid = req.get("wake_id");
    Object gen = req.get("generation");
    String why = fencing.check(s.wakeId == null ? null : new Fencing.CurrentWake(s.wakeId, s.generation, s.tokenId),
        c.generation(), c.tokenId(), wid instanceof String w ? w : null, gen instanceof Long g ? g : null);
    if (why != null) throw SubscriptionException.fenced(why);
  }

  private void applyAcks(Sub s, Object raw) {
    if (raw == null) return;
    if (!(raw instanceof List<?> list)) throw SubscriptionException.invalid("acks must be an array of {stream, offset}");
    Map<Link, Long> updates = new LinkedHashMap<>();
    for (Object o : list) {
      Map<String, Object> a = Json.object(o);
      if (a == null) throw SubscriptionException.invalid("each ack must be an object {stream, offset}");
      Object p = a.get("stream") != null ? a.get("stream") : a.get("path");
      Object off = a.get("offset");
      if (!(p instanceof String ps) || !(off instanceof String offs)) {
        throw SubscriptionException.invalid("each ack needs stream (a path) and offset (a string offset)");
      }
      String path = SubscriptionSpec.normalizePath(ps);
      Link l = s.links.get(path);
      if (l == null) {
        throw new SubscriptionException(409, "INVALID_OFFSET", "stream " + path + " is not linked to subscription " + s.id);
      }
      long pos;
      try {
        pos = Offset.parse(offs).position();
      } catch (ProtocolException e) {
        throw new SubscriptionException(409, "INVALID_OFFSET", "ack for " + path + ": " + e.getMessage());
      }
      if (pos < l.acked) {
        throw new SubscriptionException(409, "INVALID_OFFSET", "ack for " + path + " at " + offs
            + " is behind its acked offset " + offsetText(l.acked) + "; acks never move backwards");
      }
      long tail = streams.tail(path);
      if (pos > tail) {
        throw new SubscriptionException(409, "INVALID_OFFSET", "ack for " + path + " at " + offs + " is beyond the stream's tail "
            + offsetText(tail));
      }
      updates.put(l, pos);
    }
    updates.forEach((l, pos) -> l.acked = pos);
  }

  private static Map<String, Object> requestObject(Object body) {
    if (body == null) return Map.of();
    Map<String, Object> m = Json.object(body);
    if (m == null) throw SubscriptionException.invalid("the body must be a JSON object");
    return m;
  }

  private static void requireType(Sub s, boolean webhook) {
    if (s.spec.webhook() != webhook) {
      throw SubscriptionException.invalid("subscription " + s.id + " is a " + s.spec.type() + " subscription; "
          + (webhook ? "pull-wake subscriptions use /ack and /release" : "webhook subscriptions use /callback"));
    }
  }

  private Sub require(String id) {
    Sub s = subs.get(id);
    if (s == null) throw SubscriptionException.notFound(id);
    return s;
  }

  private void save(Sub s) {
    if (closed) throw new SubscriptionException(503, "SHUTTING_DOWN", "the server is stopping; retry against the restarted server");
    try {
      store.save(s.id, s.toJson());
    } catch (IOException e) {
      throw storageFailed(e);
    }
  }

  private static SubscriptionException storageFailed(IOException e) {
    return new SubscriptionException(503, "STORAGE_FAILED", "saving subscription state failed: " + e.getMessage());
  }

  private void flush() {
    List<Runnable> run;
    synchronized (this) {
      if (closed || pendingEffects.isEmpty()) return;
      run = new ArrayList<>(pendingEffects);
      pendingEffects.clear();
    }
    for (Runnable r : run) {
      try {
        effects.execute(r);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "subscription work was refused (server stopping?)", e);
      }
    }
  }

  static String offsetText(long pos) {
    return pos < 0 ? "-1" : new Offset(pos).toString();
  }

  static String encodeSegment(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private List<Map<String, Object>> streamInfos(Sub s) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Link> e : s.links.entrySet()) {
      Link l = e.getValue();
      Long snap = s.snapshot.get(e.getKey());
      long tail = snap != null ? snap : streams.tail(e.getKey());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", e.getKey());
      m.put("link_type", l.explicit ? "explicit" : "glob");
      m.put("acked_offset", offsetText(l.acked));
      m.put("tail_offset", offsetText(tail));
      m.put("has_pending", tail > l.acked);
      out.add(m);
    }
    return out;
  }

  private Map<String, Object> view(Sub s, String origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id);
    m.put("subscription_id", s.id);
    m.put("type", s.spec.type());
    m.put("pattern", s.spec.pattern());
    List<Map<String, Object>> links = new ArrayList<>();
    for (Map.Entry<String, Link> e : s.links.entrySet()) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("path", e.getKey());
      l.put("link_type", e.getValue().explicit ? "explicit" : "glob");
      l.put("acked_offset", offsetText(e.getValue().acked));
      links.add(l);
    }
    m.put("streams", links);
    if (s.spec.webhook()) {
      Map<String, Object> signing = new LinkedHashMap<>();
      signing.put("alg", "ed25519");
      signing.put("kid", signer.kid());
      signing.put("jwks_url", origin + root + "__ds/jwks.json");
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("url", s.spec.webhookUrl());
      w.put("signing", signing);
      m.put("webhook", w);
    }
    m.put("wake_stream", s.spec.wakeStream());
    m.put("lease_ttl_ms", s.spec.leaseTtlMs());
    m.put("description", s.spec.description());
    m.put("created_at", s.createdAt);
    m.put("status", s.status);
    m.put("generation", s.generation);
    if (s.nextAttemptAt > 0) m.put("next_attempt_at", Instant.ofEpochMilli(s.nextAttemptAt).toString());
    return m;
  }

  // ------------------------------------------------------------------ state

  /** One link of a subscription to a stream. */
  static final class Link {
    boolean explicit;
    boolean glob;
    long acked;
  }

  /** The mutable state of one subscription. */
  static final class Sub {
    final String id;
    final SubscriptionSpec spec;
    final String hash;
    final String createdAt;
    final String origin;
    final TreeMap<String, Link> links = new TreeMap<>();
    String status = "active";
    long generation;
    String wakeId;
    final TreeMap<String, Long> snapshot = new TreeMap<>();
    String tokenId;
    String holder;
    long leaseExpiresAt;
    int retryCount;
    long nextAttemptAt;

    Sub(String id, SubscriptionSpec spec, String hash, String createdAt, String origin) {
      this.id = id;
      this.spec = spec;
      this.hash = hash;
      this.createdAt = createdAt;
      this.origin = origin;
    }

    /** Links a stream; an existing link keeps its offset and gains the link type. */
    Link link(String path, boolean explicit, boolean glob, long acked) {
      Link l = links.get(path);
      if (l == null) {
        l = new Link();
        l.acked = acked;
        links.put(path, l);
      }
      l.explicit |= explicit;
      l.glob |= glob;
      return l;
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", 1);
      m.put("id", id);
      m.put("spec", spec.toJson());
      m.put("hash", hash);
      m.put("created_at", createdAt);
      m.put("origin", origin);
      List<Object> ls = new ArrayList<>();
      links.forEach((p, l) -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("path", p);
        x.put("explicit", l.explicit);
        x.put("glob", l.glob);
        x.put("acked", l.acked);
        ls.add(x);
      });
      m.put("links", ls);
      m.put("status", status);
      m.put("generation", generation);
      m.put("wake_id", wakeId);
      Map<String, Object> snap = new LinkedHashMap<>(snapshot);
      m.put("snapshot", snap);
      m.put("token_id", tokenId);
      m.put("holder", holder);
      m.put("lease_expires_at", leaseExpiresAt);
      m.put("retry_count", retryCount);
      m.put("next_attempt_at", nextAttemptAt);
      return m;
    }

    @SuppressWarnings("unchecked")
    static Sub fromJson(Map<String, Object> m) {
      Sub s = new Sub((String) m.get("id"), SubscriptionSpec.fromJson((Map<String, Object>) m.get("spec")),
          (String) m.get("hash"), (String) m.get("created_at"), (String) m.get("origin"));
      for (Object o : (List<Object>) m.get("links")) {
        Map<String, Object> x = (Map<String, Object>) o;
        Link l = s.link((String) x.get("path"), Boolean.TRUE.equals(x.get("explicit")), Boolean.TRUE.equals(x.get("glob")),
            ((Number) x.get("acked")).longValue());
        l.acked = ((Number) x.get("acked")).longValue();
      }
      s.status = (String) m.get("status");
      s.generation = ((Number) m.get("generation")).longValue();
      s.wakeId = (String) m.get("wake_id");
      Map<String, Object> snap = (Map<String, Object>) m.get("snapshot");
      if (snap != null) snap.forEach((p, t) -> s.snapshot.put(p, ((Number) t).longValue()));
      s.tokenId = (String) m.get("token_id");
      s.holder = (String) m.get("holder");
      s.leaseExpiresAt = ((Number) m.get("lease_expires_at")).longValue();
      s.retryCount = ((Number) m.get("retry_count")).intValue();
      s.nextAttemptAt = ((Number) m.get("next_attempt_at")).longValue();
      return s;
    }
  }
}
