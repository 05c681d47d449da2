package io.streamcert.chaos.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A TCP proxy placed between clients and one upstream server, into which {@link NetworkFault}s are
 * injected and from which they are healed.
 *
 * <p>Clients connect to {@link #listenAddress()} instead of the upstream. Several different faults
 * may be active at once (latency and a bandwidth limit, say); applying a fault that is already
 * active replaces its parameters. Faults act on open connections as well as new ones. Methods are
 * thread-safe. Closing the proxy closes every connection it carries; create one with
 * {@link FaultProxies}.
 */
public interface FaultProxy extends AutoCloseable {

  /** The address clients connect to instead of the upstream. */
  InetSocketAddress listenAddress();

  /** The upstream every connection is forwarded to, as the proxy itself reaches it. */
  String upstream();

  /**
   * Starts {@code fault} with {@code params}, replacing the parameters if it is already active.
   * Returns once the fault is in force for open and new connections.
   *
   * @throws IllegalArgumentException if {@code params} belong to another fault
   * @throws IOException if the backend cannot be reached or refuses
   */
  void apply(NetworkFault fault, FaultParams params) throws IOException;

  /** Starts the fault {@code params} belong to; see {@link #apply(NetworkFault, FaultParams)}. */
  default void apply(FaultParams params) throws IOException {
    if (params == null) throw new IllegalArgumentException("apply needs fault parameters, was null");
    apply(params.fault(), params);
  }

  /** Stops one fault, leaving the others active; does nothing if it is not active. */
  void remove(NetworkFault fault) throws IOException;

  /**
   * Stops every fault: new connections are accepted and traffic flows normally again. Connections
   * closed or reset by a fault stay closed; clients must reconnect.
   */
  void heal() throws IOException;

  /** The active faults and their parameters, a snapshot in enum order. */
  Map<NetworkFault, FaultParams> activeFaults();

  /** Stops the proxy and closes every connection it carries; idempotent. */
  @Override
  void close() throws IOException;
}
