package io.streamcert.scenarios.driver;

import java.util.ArrayDeque;

/**
 * Serializes operations by lane: operation {@code i} belongs to lane {@code i % lanes}, and a lane
 * runs one operation at a time, the rest waiting in order. Idempotent producers need this: a
 * producer's sequence numbers must reach the server in order.
 *
 * <p>A queued operation keeps its intended time, so the time it waits for its lane counts in its
 * latency, as any other wait does.
 */
final class LaneTransport implements Transport {

  private final Transport inner;
  private final Lane[] lanes;

  LaneTransport(Transport inner, int lanes) {
    this.inner = inner;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) this.lanes[i] = new Lane();
  }

  @Override
  public void send(long op, long intendedNanos, Completion done) {
    Lane lane = lanes[(int) (op % lanes.length)];
    synchronized (lane) {
      if (lane.busy) {
        lane.waiting.add(new Pending(op, intendedNanos, done));
        return;
      }
      lane.busy = true;
    }
    start(lane, op, intendedNanos, done);
  }

  private void start(Lane lane, long op, long intended, Completion done) {
    inner.send(op, intended, (o, i, sent, finished, error, bytes) -> {
      done.completed(o, i, sent, finished, error, bytes);
      Pending next;
      synchronized (lane) {
        next = lane.waiting.poll();
        if (next == null) lane.busy = false;
      }
      if (next != null) start(lane, next.op, next.intended, next.done);
    });
  }

  private record Pending(long op, long intended, Completion done) {}

  private static final class Lane {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    boolean busy;
  }
}
