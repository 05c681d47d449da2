package io.streamcert.chaos.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

/**
 * The same faults through a real Toxiproxy in a container. Needs Docker: without it JUnit reports
 * the whole class as skipped (disabledWithoutDocker), which is the normal outcome on machines
 * without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("Toxiproxy backend against a Testcontainers Toxiproxy (needs Docker; skipped cleanly without it)")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ToxiproxyBackendTest {

  private static final Duration SILENCE = Duration.ofMillis(500);
  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final int PROXIED_PORT = 8666;

  private static EchoServer echo;
  private static ToxiproxyContainer toxiproxy;
  private FaultProxy proxy;

  @BeforeAll
  static void startServers() throws IOException {
    echo = EchoServer.start();
    org.testcontainers.Testcontainers.exposeHostPorts(echo.address().getPort());
    toxiproxy = new ToxiproxyContainer("ghcr.io/shopify/toxiproxy:2.12.0");
    toxiproxy.start();
  }

  @AfterAll
  static void stopServers() throws IOException {
    if (toxiproxy != null) toxiproxy.stop();
    if (echo != null) echo.close();
  }

  @BeforeEach
  void createProxy() throws IOException {
    URI api = URI.create("http://" + toxiproxy.getHost() + ":" + toxiproxy.getControlPort());
    proxy = FaultProxies.toxiproxy(new ToxiproxySettings(api, "streamcert_echo", "0.0.0.0:" + PROXIED_PORT,
        "host.testcontainers.internal:" + echo.address().getPort(),
        new InetSocketAddress(toxiproxy.getHost(), toxiproxy.getMappedPort(PROXIED_PORT))));
  }

  @AfterEach
  void deleteProxy() throws IOException {
    proxy.close();
  }

  private Client connect(Duration readTimeout) throws IOException {
    return Client.connect(proxy.listenAddress(), readTimeout);
  }

  private static void assertRoundTrip(Client client, String line) throws IOException {
    client.send(line);
    assertThat(client.readLine()).isEqualTo(line);
  }

  @Test
  @DisplayName("PARTITION_DROP disables the proxy and heal enables it again")
  void partitionDrop() throws IOException {
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "before");
    }
    proxy.apply(new FaultParams.PartitionDrop());
    // Docker's port mapping may accept the TCP handshake and then close: either way, no answer.
    assertThatThrownBy(() -> {
          try (Client client = connect(ANSWER)) {
            client.send("dropped");
            assertThat(client.readLine()).isNull();
            throw new ConnectException("closed without an answer");
          }
        })
        .isInstanceOf(SocketException.class);
    proxy.heal();
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "after");
    }
  }

  @Test
  @DisplayName("PARTITION_BLACKHOLE holds connections without answers until healed")
  void partitionBlackhole() throws IOException {
    proxy.apply(new FaultParams.PartitionBlackhole());
    try (Client client = connect(SILENCE)) {
      client.send("lost");
      assertThatThrownBy(client::readLine).isInstanceOf(SocketTimeoutException.class);
    }
    proxy.heal();
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "after");
    }
  }

  @Test
  @DisplayName("LATENCY, BANDWIDTH and SLOW_CLOSE still deliver; RESET_PEER resets")
  void otherFaults() throws IOException {
    proxy.apply(FaultParams.Latency.of(Duration.ofMillis(100), Duration.ofMillis(20)));
    proxy.apply(FaultParams.Bandwidth.of(64));
    proxy.apply(FaultParams.SlowClose.of(Duration.ofMillis(100)));
    assertThat(proxy.activeFaults()).hasSize(3);
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "slow");
    }
    proxy.heal();
    proxy.apply(FaultParams.ResetPeer.immediately());
    try (Client client = connect(ANSWER)) {
      assertThatThrownBy(() -> {
            client.send("reset");
            assertThat(client.readLine()).isNull();
            throw new SocketException("closed instead of reset");
          })
          .isInstanceOf(SocketException.class);
    }
    proxy.heal();
    assertThat(proxy.activeFaults()).isEmpty();
  }
}
