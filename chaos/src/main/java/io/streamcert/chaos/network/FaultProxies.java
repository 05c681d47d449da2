package io.streamcert.chaos.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Creates {@link FaultProxy}s: embedded in this JVM, or over a Toxiproxy server.
 *
 * <p>Both backends implement every {@link NetworkFault} with the same meaning; the embedded one
 * needs nothing outside the JVM and is the default for tests and quick runs.
 */
public final class FaultProxies {

  private FaultProxies() {}

  /**
   * Starts an in-process proxy to {@code upstream} on a free port of 127.0.0.1, with jitter seed 0
   * and at most 64 connections at once.
   */
  public static FaultProxy embedded(InetSocketAddress upstream) {
    return embedded(upstream, 0L);
  }

  /**
   * Starts an in-process proxy to {@code upstream} on a free port of 127.0.0.1, drawing jitter from
   * {@code seed} so that a schedule replayed with its seed draws the same delays.
   */
  public static FaultProxy embedded(InetSocketAddress upstream, long seed) {
    return EmbeddedProxy.start(upstream, seed, EmbeddedProxy.DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Starts an in-process proxy with room for at most {@code maxConnections} connections at once
   * (two pooled threads each); further connections are closed on accept.
   */
  public static FaultProxy embedded(InetSocketAddress upstream, long seed, int maxConnections) {
    return EmbeddedProxy.start(upstream, seed, maxConnections);
  }

  /**
   * Creates a proxy to {@code upstream} on a free port of the Toxiproxy server whose control API is
   * {@code serverApi} (such as {@code http://127.0.0.1:8474}); the upstream must be reachable from
   * that server.
   *
   * @throws IOException when the server cannot be reached or refuses the proxy
   */
  public static FaultProxy toxiproxy(URI serverApi, InetSocketAddress upstream) throws IOException {
    return toxiproxy(ToxiproxySettings.of(serverApi, upstream));
  }

  /** Creates a proxy on a Toxiproxy server as {@code settings} say (name, listen, advertised). */
  public static FaultProxy toxiproxy(ToxiproxySettings settings) throws IOException {
    if (settings == null) throw new IllegalArgumentException("toxiproxy needs settings, was null");
    return ToxiproxyBackend.create(settings);
  }
}
