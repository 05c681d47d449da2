package io.streamcert.chaos.network;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a {@link FaultProxy} backed by a Toxiproxy server lives and what it forwards to.
 *
 * @param serverApi the Toxiproxy control API, such as {@code http://127.0.0.1:8474}
 * @param proxyName the proxy's name on the server; an existing proxy of that name is replaced
 * @param listen where the server listens, {@code host:port} as the server sees it; port 0 picks a
 *     free port
 * @param upstream where the server forwards to, {@code host:port} as the server sees it (from a
 *     container, the host is {@code host.testcontainers.internal} or a network alias)
 * @param advertised the address clients use to reach the listener when it differs from what the
 *     server echoes (a container's mapped port); null to derive it from the API host and the
 *     echoed port
 */
public record ToxiproxySettings(
    URI serverApi, String proxyName, String listen, String upstream, InetSocketAddress advertised) {

  private static final AtomicInteger NAMES = new AtomicInteger();

  public ToxiproxySettings {
    Objects.requireNonNull(serverApi, "the Toxiproxy API URI, such as http://127.0.0.1:8474");
    if (serverApi.getHost() == null || serverApi.getPort() < 0) {
      throw new IllegalArgumentException("Toxiproxy API was '" + serverApi
          + "' but must name a host and port, such as http://127.0.0.1:8474");
    }
    requireHostPort("listen", listen);
    requireHostPort("upstream", upstream);
    if (proxyName == null || !proxyName.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("Toxiproxy proxy name was '" + proxyName
          + "' but must be letters, digits, '_', '.' or '-', such as streamcert_target");
    }
  }

  /**
   * Settings for a proxy to {@code upstream} on a free port of the server, reached at the API's
   * host, with a fresh name.
   */
  public static ToxiproxySettings of(URI serverApi, InetSocketAddress upstream) {
    Objects.requireNonNull(upstream, "the upstream address");
    return new ToxiproxySettings(serverApi,
        "streamcert_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet(),
        "0.0.0.0:0", upstream.getHostString() + ":" + upstream.getPort(), null);
  }

  private static void requireHostPort(String what, String value) {
    if (value == null || !value.matches(".+:\\d{1,5}")) {
      throw new IllegalArgumentException("Toxiproxy " + what + " was '" + value
          + "' but must be host:port, such as 127.0.0.1:8666");
    }
  }
}
