package io.streamcert.chaos.network;

/**
 * Which way through a {@link FaultProxy} a fault acts on, named as Toxiproxy names its streams.
 *
 * <p>{@link #UPSTREAM} is client to server (requests), {@link #DOWNSTREAM} server to client
 * (responses, Toxiproxy's default), {@link #BOTH} both ways.
 */
public enum Direction {
  /** Client to server: the bytes a client sends, such as requests. */
  UPSTREAM,
  /** Server to client: the bytes a server answers, such as responses. Toxiproxy's default. */
  DOWNSTREAM,
  /** Both ways at once. */
  BOTH;

  /** Tells whether this direction covers {@code single}, which must be UPSTREAM or DOWNSTREAM. */
  public boolean includes(Direction single) {
    if (single == BOTH) {
      throw new IllegalArgumentException("includes() takes UPSTREAM or DOWNSTREAM, not BOTH");
    }
    return this == BOTH || this == single;
  }
}
