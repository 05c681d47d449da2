package io.streamcert.reference.stream;

import io.streamcert.reference.protocol.ContentTypes;
import io.streamcert.reference.protocol.JsonBatches;
import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.protocol.Offset;
import io.streamcert.reference.protocol.ProducerHeaders;
import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.storage.Commit;
import io.streamcert.reference.storage.RecordSink;
import io.streamcert.reference.storage.RecoveredStream;
import io.streamcert.reference.storage.StreamDescriptor;
import io.streamcert.reference.storage.StreamStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The protocol engine: every rule of create, append, close, delete, fork, producers and lifetimes,
 * over a {@link StreamStore}. Handlers call it; stores only keep records.
 *
 * <p>Concurrency: each stream has its own monitor, taken for validate-and-append so that producer
 * state and data change together; creates and deletes of one path are serialized by one of a fixed
 * set of stripes. No lock is shared by all streams on the append path.
 */
public final class Streams {

  private static final int STRIPES = 64;

  private final StreamStore store;
  private final LongSupplier clock;
  private final Map<String, StreamState> streams = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final AtomicLong ids = new AtomicLong();
  /** Streams with a TTL or an expiry time, by when they expire unless touched; guarded by itself. */
  private final PriorityQueue<Due> expiries = new PriorityQueue<>(Comparator.comparingLong(Due::atMillis));
  private volatile StreamEvents events = StreamEvents.NONE;

  /** A stream that expires at {@code atMillis} unless a read refreshed its sliding TTL since. */
  private record Due(long atMillis, StreamState stream) {}

  public Streams(StreamStore store, LongSupplier clockMillis) {
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clockMillis);
    for (int i = 0; i < STRIPES; i++) stripes[i] = new Object();
    recover();
  }

  /** Rebuilds every stream a durable store holds: settings, state, fork links and refcounts. */
  private void recover() {
    Map<Long, StreamState> byId = new java.util.HashMap<>();
    long now = clock.getAsLong();
    for (RecoveredStream r : store.recover()) {
      StreamDescriptor d = r.descriptor();
      StreamState parent = d.parentId() == 0 ? null : byId.get(d.parentId());
      StreamState s = new StreamState(d.id(), d.path(), d.contentType(), new Lifetime(d.ttlSeconds(), d.expiresAt()),
          parent, d.forkedFrom(), d.forkPosition(), d.forkSubOffset(), d.createdClosed(), r.log(), now);
      s.closed = r.closed();
      if (r.closedByProducer() != null) {
        s.closedBy = new StreamState.ClosingTuple(r.closedByProducer().id(), r.closedByProducer().epoch(), r.closedByProducer().seq());
      }
      s.lastStreamSeq = r.lastStreamSeq();
      r.producers().forEach((id, p) -> s.producers.put(id, new StreamState.Producer(p.epoch(), p.seq())));
      s.softDeleted = r.softDeleted();
      s.corruptAt = r.corruptAt();
      if (parent != null) parent.forks++;
      byId.put(d.id(), s);
      streams.put(d.path(), s);
      scheduleExpiry(s);
    }
    // A source soft-deleted for forks that are gone by now (deleted before the restart) is collected.
    for (StreamState s : byId.values()) {
      if (s.softDeleted && s.forks == 0) remove(s);
    }
    ids.set(store.maxRecoveredId());
  }

  public StreamStore store() {
    return store;
  }

  /** Sets who is told of creates, appends and deletes (the subscription engine). */
  public void observe(StreamEvents events) {
    this.events = Objects.requireNonNull(events);
  }

  /** The paths of the live streams (not soft-deleted, not expired as of the last sweep). */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    for (StreamState s : streams.values()) {
      if (!s.softDeleted && !s.removed) out.add(s.path);
    }
    return out;
  }

  private Object stripe(String path) {
    return stripes[(path.hashCode() & 0x7fffffff) % STRIPES];
  }

  // ---------------------------------------------------------------- lookup

  /** Returns the live or soft-deleted stream at {@code path}, removing it first if it expired. */
  private StreamState resolve(String path) {
    StreamState s = streams.get(path);
    if (s == null) return null;
    long now = clock.getAsLong();
    if (!s.expired(now)) return s;
    List<LiveListener> gone;
    synchronized (s) {
      if (s.removed) return null;
      if (s.forks > 0) {
        s.softDeleted = true;
        gone = takeListeners(s);
      } else {
        gone = null;
      }
    }
    if (gone != null) {
      gone.forEach(LiveListener::onGone);
      return s;
    }
    remove(s);
    return null;
  }

  /**
   * Returns a readable stream and refreshes its sliding TTL.
   *
   * @throws ProtocolException 404 when absent or expired, 410 when soft-deleted
   */
  public StreamState openForRead(String path) {
    StreamState s = requireLive(path);
    s.lastAccessMillis = clock.getAsLong();
    return s;
  }

  /** Returns a stream's metadata without refreshing its TTL (HEAD). */
  public StreamState openForHead(String path) {
    return requireLive(path);
  }

  private StreamState requireLive(String path) {
    StreamState s = resolve(path);
    if (s == null) throw ProtocolException.notFound(path);
    if (s.softDeleted) throw ProtocolException.gone(path);
    return s;
  }

  /** Number of streams held, soft-deleted ones included. */
  public int size() {
    return streams.size();
  }

  // ---------------------------------------------------------------- create

  public CreateOutcome create(CreateRequest req) {
    CreateOutcome out = createLocked(req);
    if (out.created()) {
      events.created(req.path(), out.stream().log.startPosition(), out.snapshot().tail());
    }
    return out;
  }

  private CreateOutcome createLocked(CreateRequest req) {
    long subOffset = parseSubOffset(req);
    synchronized (stripe(req.path())) {
      StreamState existing = resolve(req.path());
      if (existing != null) {
        return recreate(existing, req, subOffset);
      }
      StreamState source = null;
      long forkPos = 0;
      byte[] prefix = null;
      String contentType = effectiveContentType(req.contentType());
      Lifetime lifetime = req.lifetime();
      if (req.forkedFrom() != null) {
        source = resolve(req.forkedFrom());
        if (source == null) {
          throw new ProtocolException(404, "fork source not found: " + req.forkedFrom());
        }
        if (source.softDeleted) {
          throw ProtocolException.conflict("fork source " + req.forkedFrom() + " was deleted");
        }
        if (req.contentType() != null && !ContentTypes.sameMediaType(req.contentType(), source.contentType)) {
          throw ProtocolException.conflict(
              "Content-Type " + req.contentType() + " does not match the fork source's " + source.contentType);
        }
        contentType = req.contentType() != null ? contentType : source.contentType;
        forkPos = forkPosition(source, req.forkOffset());
        if (subOffset > 0) {
          prefix = subOffsetPrefix(source, forkPos, subOffset);
        }
        if (lifetime.isNone()) lifetime = source.lifetime;
      }
      byte[] initial = initialBody(contentType, req.body());
      long id = ids.incrementAndGet();
      StreamState s;
      if (source != null) {
        synchronized (source) {
          if (source.softDeleted || source.removed) {
            throw ProtocolException.conflict("fork source " + req.forkedFrom() + " was deleted");
          }
          source.forks++;
        }
      }
      StreamDescriptor descriptor = new StreamDescriptor(id, req.path(), contentType, lifetime.ttlSeconds(),
          lifetime.expiresAt(), source == null ? 0 : source.id, req.forkedFrom(), forkPos, subOffset, req.closed());
      try {
        s = new StreamState(
            id, req.path(), contentType, lifetime, source, req.forkedFrom(),
            forkPos, subOffset, req.closed(), store.create(descriptor, forkPos), clock.getAsLong());
      } catch (RuntimeException e) {
        if (source != null) {
          synchronized (source) {
            source.forks--;
          }
        }
        throw e;
      }
      synchronized (s) {
        if (prefix != null && prefix.length > 0) {
          s.tail = s.log.append(new Commit(prefix, false, null, 0, 0, null));
        }
        if (initial.length > 0 || req.closed()) {
          s.tail = s.log.append(new Commit(initial, req.closed(), null, 0, 0, null));
        }
        s.closed = req.closed();
      }
      s.log.awaitDurable(s.tail);
      streams.put(req.path(), s);
      scheduleExpiry(s);
      return new CreateOutcome(true, s, s.snapshot());
    }
  }

  private static String effectiveContentType(String requested) {
    if (requested == null || requested.isBlank() || !ContentTypes.isValid(requested)) return ContentTypes.DEFAULT;
    return requested.trim();
  }

  private static long parseSubOffset(CreateRequest req) {
    String raw = req.forkSubOffset();
    if (raw == null) return 0;
    if (req.forkedFrom() == null) {
      throw ProtocolException.badRequest("Stream-Fork-Sub-Offset needs Stream-Forked-From");
    }
    boolean ok = !raw.isEmpty() && raw.length() <= 15 && raw.chars().allMatch(c -> c >= '0' && c <= '9')
        && !(raw.length() > 1 && raw.charAt(0) == '0');
    if (!ok) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Sub-Offset was '" + raw + "' but must be a non-negative integer without sign or leading zeros");
    }
    return Long.parseLong(raw);
  }

  private long forkPosition(StreamState source, String rawOffset) {
    StreamState.Snapshot snap = source.snapshot();
    if (rawOffset == null) return snap.tail();
    long pos;
    try {
      pos = Offset.parse(rawOffset).position();
    } catch (ProtocolException e) {
      throw ProtocolException.badRequest("Stream-Fork-Offset: " + e.getMessage());
    }
    if (pos > snap.tail()) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Offset " + rawOffset + " is beyond the source's tail " + new Offset(snap.tail()));
    }
    if (source.json && !isBoundary(source, pos)) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Offset " + rawOffset + " does not fall between messages of the JSON source");
    }
    return pos;
  }

  private static boolean isBoundary(StreamState s, long pos) {
    for (StreamState cur = s; cur != null; cur = cur.parent) {
      if (pos >= cur.log.startPosition()) return cur.log.isBoundary(pos);
    }
    return pos == 0;
  }

  private static byte[] subOffsetPrefix(StreamState source, long forkPos, long subOffset) {
    long cap = source.snapshot().tail();
    StreamState owner = source;
    while (owner.parent != null && forkPos < owner.log.startPosition()) {
      cap = Math.min(cap, owner.forkPosition);
      owner = owner.parent;
    }
    byte[] record = forkPos < cap ? owner.log.recordFrom(forkPos) : null;
    if (record == null) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Sub-Offset " + subOffset + " points past the source's data at the fork offset");
    }
    if (record.length > cap - forkPos) record = java.util.Arrays.copyOf(record, (int) (cap - forkPos));
    if (source.json) {
      return JsonBatches.prefix(record, (int) Math.min(subOffset, Integer.MAX_VALUE));
    }
    if (subOffset > record.length) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Sub-Offset " + subOffset + " overshoots the " + record.length + " bytes of the append at the fork offset");
    }
    return java.util.Arrays.copyOf(record, (int) subOffset);
  }

  private static byte[] initialBody(String contentType, byte[] body) {
    if (body.length == 0) return body;
    if (ContentTypes.isJson(contentType)) return JsonBatches.flatten(body, true).joined();
    return body;
  }

  private CreateOutcome recreate(StreamState s, CreateRequest req, long subOffset) {
    if (s.softDeleted) {
      throw ProtocolException.conflict("stream " + req.path() + " was deleted but is kept for its forks; it cannot be re-created yet");
    }
    List<String> diffs = new ArrayList<>();
    StreamState source = req.forkedFrom() == null ? null : streams.get(req.forkedFrom());
    String wantedType = req.contentType() != null || s.parent == null
        ? effectiveContentType(req.contentType())
        : s.contentType;
    if (!ContentTypes.sameMediaType(wantedType, s.contentType)) diffs.add("content type " + s.contentType);
    Lifetime wanted = req.lifetime();
    if (wanted.isNone() && source != null && source == s.parent) wanted = s.parent.lifetime;
    if (!Objects.equals(wanted, s.lifetime)) diffs.add("lifetime");
    if (!Objects.equals(req.forkedFrom(), s.forkedFrom)) diffs.add("fork source");
    if (req.forkOffset() != null && s.parent != null) {
      long pos;
      try {
        pos = Offset.parse(req.forkOffset()).position();
      } catch (ProtocolException e) {
        throw ProtocolException.badRequest("Stream-Fork-Offset: " + e.getMessage());
      }
      if (pos != s.forkPosition) diffs.add("fork offset");
    }
    if (subOffset != s.forkSubOffset) diffs.add("fork sub-offset");
    StreamState.Snapshot snap = s.snapshot();
    if (snap.closed() != req.closed()) diffs.add(snap.closed() ? "closed state (it is closed)" : "closed state (it is open)");
    if (!diffs.isEmpty()) {
      throw ProtocolException.conflict("stream " + req.path() + " exists with a different " + String.join(", ", diffs));
    }
    return new CreateOutcome(false, s, snap);
  }

  // ---------------------------------------------------------------- append

  public AppendOutcome append(AppendRequest req) {
    boolean hasBody = req.body().length > 0;
    if (!hasBody && !req.close()) {
      throw ProtocolException.badRequest("empty body: send data, or Stream-Closed: true to close the stream");
    }
    StreamState s = requireLive(req.path());
    s.lastAccessMillis = clock.getAsLong();
    byte[] payload = req.body();
    ProtocolException deferred = null;
    if (hasBody) {
      if (req.contentType() == null || req.contentType().isBlank()) {
        throw ProtocolException.badRequest("Content-Type is required with a body (the stream's type is " + s.contentType + ")");
      }
      if (s.json && ContentTypes.isJson(req.contentType())) {
        try {
          payload = JsonBatches.flatten(payload, false).joined();
        } catch (ProtocolException e) {
          deferred = e; // closed and producer rules take precedence; raised under the lock
        }
      }
    }
    List<LiveListener> wake = List.of();
    AppendOutcome outcome;
    long before = -1;
    // A duplicate or a repeated close is acknowledged like the write it repeats: only once that
    // write is durable, so it also waits below (the original may still be waiting for its fsync).
    synchronized (s) {
      locked: {
        if (s.removed || s.softDeleted) {
          throw s.softDeleted ? ProtocolException.gone(req.path()) : ProtocolException.notFound(req.path());
        }
        ProducerHeaders p = req.producer();
        StreamState.Producer state = null;
        if (p != null) {
          state = s.producers.get(p.id());
          if (state != null && p.epoch() < state.epoch) {
            throw new ProtocolException(403, "producer " + p.id() + " was fenced by epoch " + state.epoch,
                Map.of("Producer-Epoch", Long.toString(state.epoch)));
          }
          if (s.closed && s.closedBy != null && s.closedBy.equals(new StreamState.ClosingTuple(p.id(), p.epoch(), p.seq()))) {
            outcome = new AppendOutcome(204, s.tail, true, true, p.epoch(), p.seq());
            break locked;
          }
          // On a closed stream only the request that closed it is a duplicate (§5.2.1); any other
          // tuple, even an earlier one, is refused below as an append to a closed stream.
          if (!s.closed && state != null && p.epoch() == state.epoch && p.seq() <= state.lastSeq) {
            outcome = new AppendOutcome(204, s.tail, false, true, state.epoch, state.lastSeq);
            break locked;
          }
        }
        if (s.closed) {
          if (!hasBody && p == null) {
            outcome = new AppendOutcome(204, s.tail, true, false, -1, -1);
            break locked;
          }
          throw new ProtocolException(409, "stream " + req.path() + " is closed",
              Map.of("Stream-Closed", "true", "Stream-Next-Offset", new Offset(s.tail).toString()));
        }
        if (hasBody && !ContentTypes.sameMediaType(req.contentType(), s.contentType)) {
          throw ProtocolException.conflict(
              "Content-Type " + req.contentType() + " does not match the stream's " + s.contentType);
        }
        if (p != null) {
          if (state == null || p.epoch() > state.epoch) {
            if (p.seq() != 0) {
              throw ProtocolException.badRequest(
                  "a new producer epoch must start with Producer-Seq 0, got " + p.seq());
            }
          } else if (p.seq() > state.lastSeq + 1) {
            throw new ProtocolException(409, "producer sequence gap: expected " + (state.lastSeq + 1) + ", received " + p.seq(),
                Map.of("Producer-Expected-Seq", Long.toString(state.lastSeq + 1), "Producer-Received-Seq", Long.toString(p.seq())));
          }
        }
        if (req.streamSeq() != null && s.lastStreamSeq != null && req.streamSeq().compareTo(s.lastStreamSeq) <= 0) {
          throw ProtocolException.conflict(
              "Stream-Seq '" + req.streamSeq() + "' does not sort after the last one, '" + s.lastStreamSeq + "'");
        }
        if (deferred != null) throw deferred;
        Commit c = new Commit(payload, req.close(), p == null ? null : p.id(),
            p == null ? 0 : p.epoch(), p == null ? 0 : p.seq(), req.streamSeq());
        before = s.tail;
        s.tail = s.log.append(c);
        if (req.close()) {
          s.closed = true;
          if (p != null) s.closedBy = new StreamState.ClosingTuple(p.id(), p.epoch(), p.seq());
        }
        if (req.streamSeq() != null) s.lastStreamSeq = req.streamSeq();
        if (p != null) {
          if (state == null) {
            s.producers.put(p.id(), new StreamState.Producer(p.epoch(), p.seq()));
          } else {
            state.epoch = p.epoch();
            state.lastSeq = p.seq();
          }
        }
        outcome = new AppendOutcome(p == null || !hasBody ? 204 : 200, s.tail, s.closed, false,
            p == null ? -1 : p.epoch(), p == null ? -1 : p.seq());
        wake = s.listeners.isEmpty() ? List.of() : takeListeners(s);
      }
    }
    try {
      // Outside the stream's lock, so concurrent appends share the store's fsync round.
      s.log.awaitDurable(outcome.tail());
    } finally {
      for (LiveListener l : wake) l.onChange();
    }
    if (before >= 0 && outcome.tail() > before) events.appended(req.path(), before, outcome.tail());
    return outcome;
  }

  // ---------------------------------------------------------------- delete

  public void delete(String path) {
    StreamState s;
    synchronized (stripe(path)) {
      s = resolve(path);
      if (s == null) throw ProtocolException.notFound(path);
      List<LiveListener> gone;
      synchronized (s) {
        if (s.softDeleted) throw ProtocolException.gone(path);
        if (s.forks > 0) {
          s.log.markSoftDeleted();
          s.softDeleted = true;
          gone = takeListeners(s);
          s = null;
        } else {
          gone = List.of();
        }
      }
      gone.forEach(LiveListener::onGone);
      if (s != null) remove(s);
    }
    events.deleted(path);
  }

  private static List<LiveListener> takeListeners(StreamState s) {
    List<LiveListener> l = new ArrayList<>(s.listeners);
    s.listeners.clear();
    return l;
  }

  /** Removes a stream with no forks, then any soft-deleted ancestors left without forks. */
  private void remove(StreamState s) {
    for (StreamState cur = s; cur != null; ) {
      List<LiveListener> gone;
      synchronized (cur) {
        if (cur.removed) return;
        cur.removed = true;
        gone = takeListeners(cur);
      }
      streams.remove(cur.path, cur);
      cur.log.delete();
      gone.forEach(LiveListener::onGone);
      StreamState parent = cur.parent;
      if (parent == null) return;
      boolean collect;
      synchronized (parent) {
        parent.forks--;
        collect = parent.forks == 0 && parent.softDeleted && !parent.removed;
      }
      cur = collect ? parent : null;
    }
  }

  /**
   * Drops expired streams; called periodically so memory is reclaimed without traffic. It looks only
   * at the streams due by now: one whose sliding TTL was refreshed since it was queued goes back in
   * the queue at its new time, so a sweep costs what expires, not what exists.
   */
  public void sweepExpired() {
    long now = clock.getAsLong();
    while (true) {
      Due due;
      synchronized (expiries) {
        due = expiries.peek();
        if (due == null || due.atMillis() > now) {
          // Streams deleted before their time stay queued until then; drop them once they dominate.
          if (expiries.size() > 1024 && expiries.size() > 2 * streams.size()) expiries.removeIf(d -> d.stream().removed);
          return;
        }
        expiries.poll();
      }
      StreamState s = due.stream();
      synchronized (stripe(s.path)) {
        if (s.removed || streams.get(s.path) != s) continue;
        if (resolve(s.path) == s && !s.softDeleted) scheduleExpiry(s);
      }
    }
  }

  private void scheduleExpiry(StreamState s) {
    long at = s.expiresAtMillis();
    if (at == Long.MAX_VALUE) return;
    synchronized (expiries) {
      expiries.add(new Due(at, s));
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * Reads a stream's visible data from {@code from} up to {@code to}, across fork boundaries.
   *
   * @return the position after the last byte delivered
   */
  public long read(StreamState s, long from, long to, long maxBytes, RecordSink sink) {
    return read(s, from, to, maxBytes, s.json, sink);
  }

  /**
   * Reads like {@link #read(StreamState, long, long, long, RecordSink)}; with {@code wholeRecords}
   * no record is split, as SSE needs for events that clients decode one by one.
   */
  public long read(StreamState s, long from, long to, long maxBytes, boolean wholeRecords, RecordSink sink) {
    long pos = from;
    long budget = maxBytes;
    long own = s.log.startPosition();
    if (pos < own && s.parent != null) {
      long[] got = {0};
      long reached = read(s.parent, pos, Math.min(to, own), budget, wholeRecords, (a, off, len, end, whole) -> {
        got[0] += len;
        sink.accept(a, off, len, end, whole);
      });
      budget -= got[0];
      pos = reached;
      if (pos < Math.min(to, own) || budget <= 0) return pos;
    }
    if (pos >= to) return pos;
    return s.log.read(pos, to, Math.max(1, budget), wholeRecords || s.json, sink);
  }

  /**
   * Validates a client offset for reading {@code s}.
   *
   * @throws ProtocolException 400 when it is beyond the tail or, for JSON, inside a message
   */
  public void checkReadable(StreamState s, long position, long tail) {
    if (s.corruptAt >= 0 && position >= s.corruptAt) {
      throw new ProtocolException(500, "stream data at offset " + new Offset(s.corruptAt)
          + " failed its checksum; the server refuses to serve it (see the server log and /health)");
    }
    if (position > tail) {
      throw ProtocolException.badRequest("offset " + new Offset(position) + " is beyond the stream's tail " + new Offset(tail));
    }
    if (s.json && !isBoundary(s, position)) {
      throw ProtocolException.badRequest("offset " + new Offset(position) + " does not fall between messages of this JSON stream");
    }
  }

  /**
   * Registers a one-shot listener unless data past {@code position} (or a closure) is already
   * there. The listener is dropped once it has been told of a change.
   *
   * @return false when the caller should read instead of waiting
   */
  public boolean await(StreamState s, long position, LiveListener listener) {
    synchronized (s) {
      if (s.removed || s.softDeleted) {
        return false;
      }
      if (s.tail > position || s.closed) return false;
      s.listeners.add(listener);
      return true;
    }
  }

  public void unlisten(StreamState s, LiveListener listener) {
    synchronized (s) {
      s.listeners.remove(listener);
    }
  }

  /** Tells whether the stream was deleted, soft-deleted or expired since it was opened. */
  public boolean isGone(StreamState s) {
    synchronized (s) {
      return s.removed || s.softDeleted;
    }
  }

  /** Refreshes a stream's sliding TTL (a live read that begins). */
  public void touch(StreamState s) {
    s.lastAccessMillis = clock.getAsLong();
  }
}
