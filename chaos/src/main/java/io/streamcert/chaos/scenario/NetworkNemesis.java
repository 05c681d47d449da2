package io.streamcert.chaos.scenario;

import io.streamcert.chaos.network.FaultParams;
import io.streamcert.chaos.network.FaultProxies;
import io.streamcert.chaos.network.FaultProxy;
import io.streamcert.chaos.network.NetworkFault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A network fault between the workload and the target: a TCP fault proxy placed in front of the
 * target when created; the workload talks to the proxy, {@link #start()} applies the fault and
 * {@link #heal()} removes it.
 */
final class NetworkNemesis implements Nemesis {

  private final FaultProxy proxy;
  private final NetworkFault fault;
  private final FaultParams params;
  private boolean active;

  NetworkNemesis(URI target, NetworkFault fault, FaultParams params) throws IOException {
    this.proxy = FaultProxies.embedded(new InetSocketAddress(target.getHost(), target.getPort()));
    this.fault = fault;
    this.params = params;
  }

  @Override
  public String fault() {
    return fault.toxicName();
  }

  @Override
  public String start() throws Exception {
    proxy.apply(fault, params);
    active = true;
    return "proxy " + proxy.listenAddress() + " -> " + proxy.upstream();
  }

  @Override
  public void heal() throws Exception {
    if (!active) return;
    proxy.heal();
    active = false;
  }

  @Override
  public URI clientUri(URI targetOrigin) {
    InetSocketAddress at = proxy.listenAddress();
    return URI.create("http://" + at.getHostString() + ":" + at.getPort());
  }

  @Override
  public void close() {
    try {
      proxy.close();
    } catch (IOException e) {
      // The run is over; a proxy that fails to close leaves nothing the report depends on.
    }
  }
}
