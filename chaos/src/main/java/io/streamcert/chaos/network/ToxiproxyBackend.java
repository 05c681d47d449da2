package io.streamcert.chaos.network;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FaultProxy} over one proxy of a Toxiproxy server, driven through toxiproxy-java.
 *
 * <p>PARTITION_DROP disables the proxy; every other fault becomes the toxics of
 * {@link ToxicSpec#plan(FaultParams)}, named {@code streamcert_<fault>_<stream>}. Each call is one
 * or a few blocking HTTP requests to the server. Closing deletes the proxy from the server.
 */
final class ToxiproxyBackend implements FaultProxy {

  private final ToxiproxySettings settings;
  private final Proxy proxy;
  private final InetSocketAddress listenAddress;
  private final Object lock = new Object();
  private final EnumMap<NetworkFault, FaultParams> active = new EnumMap<>(NetworkFault.class);
  private final EnumMap<NetworkFault, List<ToxicSpec>> toxics = new EnumMap<>(NetworkFault.class);
  private boolean closed;

  private ToxiproxyBackend(ToxiproxySettings settings, Proxy proxy, InetSocketAddress listenAddress) {
    this.settings = settings;
    this.proxy = proxy;
    this.listenAddress = listenAddress;
  }

  /**
   * Creates the proxy on the server, replacing one of the same name.
   *
   * @throws IOException naming the API when the server cannot be reached or refuses
   */
  static ToxiproxyBackend create(ToxiproxySettings settings) throws IOException {
    String scheme = settings.serverApi().getScheme() == null ? "http" : settings.serverApi().getScheme();
    ToxiproxyClient client =
        new ToxiproxyClient(scheme, settings.serverApi().getHost(), settings.serverApi().getPort());
    try {
      Proxy existing = client.getProxyOrNull(settings.proxyName());
      if (existing != null) existing.delete();
      Proxy proxy = client.createProxy(settings.proxyName(), settings.listen(), settings.upstream());
      InetSocketAddress listen = settings.advertised() != null
          ? settings.advertised()
          : InetSocketAddress.createUnresolved(settings.serverApi().getHost(), portOf(proxy.getListen()));
      return new ToxiproxyBackend(settings, proxy, listen);
    } catch (IOException e) {
      throw new IOException("cannot create Toxiproxy proxy '" + settings.proxyName() + "' at "
          + settings.serverApi() + "; is a Toxiproxy server running there?", e);
    } catch (RuntimeException e) {
      throw new IOException("Toxiproxy at " + settings.serverApi() + " answered unexpectedly while creating '"
          + settings.proxyName() + "'", e);
    }
  }

  @Override
  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  @Override
  public String upstream() {
    return settings.upstream();
  }

  @Override
  public void apply(NetworkFault fault, FaultParams params) throws IOException {
    if (fault == null) throw new IllegalArgumentException("apply needs a fault, was null");
    fault.check(params);
    synchronized (lock) {
      if (closed) throw new IllegalStateException("the Toxiproxy proxy " + settings.proxyName() + " is closed");
      removeToxics(fault);
      if (fault == NetworkFault.PARTITION_DROP) {
        proxy.disable();
      } else {
        List<ToxicSpec> plan = ToxicSpec.plan(params);
        toxics.put(fault, plan);
        for (ToxicSpec spec : plan) create(proxy.toxics(), spec);
      }
      active.put(fault, params);
    }
  }

  @Override
  public void remove(NetworkFault fault) throws IOException {
    if (fault == null) throw new IllegalArgumentException("remove needs a fault, was null");
    synchronized (lock) {
      if (closed || !active.containsKey(fault)) return;
      if (fault == NetworkFault.PARTITION_DROP) proxy.enable();
      removeToxics(fault);
      active.remove(fault);
    }
  }

  @Override
  public void heal() throws IOException {
    synchronized (lock) {
      if (closed) return;
      for (NetworkFault fault : List.copyOf(active.keySet())) removeToxics(fault);
      // Toxics someone else added to our proxy go too: heal means no fault at all.
      for (var toxic : proxy.toxics().getAll()) toxic.remove();
      proxy.enable();
      active.clear();
    }
  }

  @Override
  public Map<NetworkFault, FaultParams> activeFaults() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new EnumMap<>(active));
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      active.clear();
      toxics.clear();
      proxy.delete();
    }
  }

  @Override
  public String toString() {
    return "ToxiproxyBackend[" + settings.proxyName() + " at " + settings.serverApi() + ": " + listenAddress
        + " -> " + settings.upstream() + "]";
  }

  private void removeToxics(NetworkFault fault) throws IOException {
    List<ToxicSpec> existing = toxics.remove(fault);
    if (existing == null) return;
    for (ToxicSpec spec : existing) {
      var toxic = proxy.toxics().getAll().stream().filter(t -> t.getName().equals(spec.name())).findFirst();
      if (toxic.isPresent()) toxic.get().remove();
    }
  }

  private static void create(ToxicList list, ToxicSpec spec) throws IOException {
    ToxicDirection stream = spec.stream() == Direction.UPSTREAM ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
    switch (spec.type()) {
      case "latency" -> list.latency(spec.name(), stream, spec.value()).setJitter(spec.jitter());
      case "bandwidth" -> list.bandwidth(spec.name(), stream, spec.value());
      case "timeout" -> list.timeout(spec.name(), stream, spec.value());
      case "reset_peer" -> list.resetPeer(spec.name(), stream, spec.value());
      case "slow_close" -> list.slowClose(spec.name(), stream, spec.value());
      default -> throw new IllegalStateException("no toxiproxy-java call for toxic type " + spec.type());
    }
  }

  static int portOf(String listen) {
    int colon = listen == null ? -1 : listen.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("Toxiproxy listen address was '" + listen + "', not host:port");
    return Integer.parseInt(listen.substring(colon + 1));
  }
}
