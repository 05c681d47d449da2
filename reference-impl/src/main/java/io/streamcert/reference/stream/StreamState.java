package io.streamcert.reference.stream;

import io.streamcert.reference.protocol.ContentTypes;
import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.storage.StreamLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's settings and mutable state. Fields below the settings are guarded by the instance's
 * monitor; {@link #lastAccessMillis} is volatile because reads refresh it without the lock.
 */
public final class StreamState {

  /** An idempotent producer's position (PROTOCOL.md §5.2.1). */
  static final class Producer {
    long epoch;
    long lastSeq;

    Producer(long epoch, long lastSeq) {
      this.epoch = epoch;
      this.lastSeq = lastSeq;
    }
  }

  /** The producer request that closed the stream, so its retry can be recognised as a duplicate. */
  record ClosingTuple(String producerId, long epoch, long seq) {}

  final long id;
  final String path;
  final String contentType;
  final boolean json;
  final Lifetime lifetime;
  final StreamState parent;
  final String forkedFrom;
  final long forkPosition;
  final long forkSubOffset;
  final boolean createdClosed;
  final StreamLog log;

  long tail;
  boolean closed;
  ClosingTuple closedBy;
  String lastStreamSeq;
  final Map<String, Producer> producers = new HashMap<>();
  int forks;
  boolean softDeleted;
  boolean removed;
  final List<LiveListener> listeners = new ArrayList<>(0);
  volatile long lastAccessMillis;
  /** Stream position of the first record the store could not read back, or -1. */
  volatile long corruptAt = -1;

  StreamState(
      long id,
      String path,
      String contentType,
      Lifetime lifetime,
      StreamState parent,
      String forkedFrom,
      long forkPosition,
      long forkSubOffset,
      boolean createdClosed,
      StreamLog log,
      long nowMillis) {
    this.id = id;
    this.path = path;
    this.contentType = contentType;
    this.json = ContentTypes.isJson(contentType);
    this.lifetime = lifetime;
    this.parent = parent;
    this.forkedFrom = forkedFrom;
    this.forkPosition = forkPosition;
    this.forkSubOffset = forkSubOffset;
    this.createdClosed = createdClosed;
    this.log = log;
    this.tail = log.endPosition();
    this.lastAccessMillis = nowMillis;
  }

  /** When this stream expires if nobody touches it again; {@link Long#MAX_VALUE} when it never does. */
  long expiresAtMillis() {
    long at = Long.MAX_VALUE;
    if (lifetime.expiresAt() != null) at = lifetime.expiresAt().toEpochMilli();
    if (lifetime.ttlSeconds() != null) at = Math.min(at, lastAccessMillis + lifetime.ttlSeconds() * 1000);
    return at;
  }

  boolean expired(long nowMillis) {
    if (lifetime.expiresAt() != null && nowMillis >= lifetime.expiresAt().toEpochMilli()) return true;
    return lifetime.ttlSeconds() != null && nowMillis >= lastAccessMillis + lifetime.ttlSeconds() * 1000;
  }

  public long id() {
    return id;
  }

  public String path() {
    return path;
  }

  public String contentType() {
    return contentType;
  }

  public boolean isJson() {
    return json;
  }

  public Lifetime lifetime() {
    return lifetime;
  }

  /** Tells whether the store found damaged data in this stream (reads stop before it). */
  public boolean isCorrupt() {
    return corruptAt >= 0;
  }

  public long corruptAt() {
    return corruptAt;
  }

  /** Returns the tail and closure as of now, read together. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(tail, closed);
  }

  /** A consistent view of a stream's tail and closure. */
  public record Snapshot(long tail, boolean closed) {}
}
