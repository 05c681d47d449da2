package io.streamcert.chaos.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EmbeddedProxyTest {

  /** How long a test waits before concluding that nothing arrives: absence, never a speed. */
  private static final Duration SILENCE = Duration.ofMillis(500);
  /** A generous bound for what must arrive. */
  private static final Duration ANSWER = Duration.ofSeconds(5);

  private EchoServer echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = EchoServer.start();
    proxy = FaultProxies.embedded(echo.address(), 42L);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
    assertThat(proxyThreads()).as("proxy threads left after close").isEmpty();
  }

  private static List<String> proxyThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("streamcert-proxy-"))
        .toList();
  }

  private Client connect(Duration readTimeout) throws IOException {
    return Client.connect(proxy.listenAddress(), readTimeout);
  }

  private static void assertRoundTrip(Client client, String line) throws IOException {
    client.send(line);
    assertThat(client.readLine()).as("echo of %s", line).isEqualTo(line);
  }

  private void assertFreshConnectionWorks() throws IOException {
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "fresh");
    }
  }

  @Test
  @DisplayName("without faults, the proxy forwards both ways and listens on 127.0.0.1")
  void forwardsWithoutFaults() throws IOException {
    assertThat(proxy.listenAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(proxy.listenAddress().getPort()).isPositive();
    assertThat(proxy.activeFaults()).isEmpty();
    try (Client client = connect(ANSWER)) {
      assertRoundTrip(client, "one");
      assertRoundTrip(client, "two");
    }
  }

  @Test
  @DisplayName("PARTITION_DROP closes open connections, refuses new ones, and heal lets clients reconnect")
  void partitionDrop() throws IOException {
    try (Client open = connect(ANSWER)) {
      assertRoundTrip(open, "before");
      proxy.apply(new FaultParams.PartitionDrop());

      Throwable readOutcome = catchThrowable(() -> assertThat(open.read()).isEqualTo(-1));
      assertThat(readOutcome).as("an open connection ends (EOF or reset)")
          .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(SocketException.class));
      assertThatThrownBy(() -> connect(ANSWER).close())
          .as("a new connection is refused").isInstanceOf(ConnectException.class);

      proxy.heal();
      assertThat(proxy.activeFaults()).isEmpty();
      assertFreshConnectionWorks();
    }
  }

  @Test
  @DisplayName("PARTITION_BLACKHOLE accepts connections but forwards nothing until healed")
  void partitionBlackhole() throws IOException {
    try (Client open = connect(SILENCE)) {
      assertRoundTrip(open, "before");
      proxy.apply(NetworkFault.PARTITION_BLACKHOLE, NetworkFault.PARTITION_BLACKHOLE.defaults());

      open.send("lost");
      assertThatThrownBy(open::readLine).as("no answer on an open connection")
          .isInstanceOf(SocketTimeoutException.class);
      try (Client fresh = connect(SILENCE)) {
        fresh.send("also lost");
        assertThatThrownBy(fresh::readLine).as("a new connection is accepted but gets no answer")
            .isInstanceOf(SocketTimeoutException.class);
      }
      assertThat(echo.received().poll()).isEqualTo("before");
      assertThat(echo.received()).as("nothing reached the server").isEmpty();

      proxy.heal();
      open.readTimeout(ANSWER);
      assertRoundTrip(open, "after");
      assertFreshConnectionWorks();
    }
  }

  @Test
  @DisplayName("LATENCY delays answers by at least latency minus jitter, and they still arrive")
  void latency() throws IOException {
    proxy.apply(new FaultParams.Latency(Duration.ofMillis(300), Duration.ofMillis(100), Direction.BOTH));
    try (Client client = connect(ANSWER)) {
      long start = System.nanoTime();
      assertRoundTrip(client, "slow");
      // Each way sleeps at least 200 ms; a lower bound that cannot flake on a busy machine.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
    proxy.remove(NetworkFault.LATENCY);
    assertThat(proxy.activeFaults()).isEmpty();
    assertFreshConnectionWorks();
  }

  @Test
  @DisplayName("BANDWIDTH throttles to the rate in KB/s and every byte still arrives")
  void bandwidth() throws IOException {
    proxy.apply(new FaultParams.Bandwidth(16, Direction.DOWNSTREAM));
    byte[] line = new byte[8 * 1024];
    java.util.Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    try (Client client = connect(ANSWER)) {
      long start = System.nanoTime();
      client.sendBytes(line);
      assertThat(client.readFully(line.length)).isEqualTo(line.length);
      // 8 KiB at 16 KiB/s: the last slice is written after at least 0.45 s of sleeping.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
    proxy.heal();
    assertFreshConnectionWorks();
  }

  @Test
  @DisplayName("RESET_PEER resets open and new connections with 'Connection reset', and heal ends it")
  void resetPeer() throws IOException {
    try (Client open = connect(ANSWER)) {
      assertRoundTrip(open, "before");
      proxy.apply(FaultParams.ResetPeer.immediately());
      assertThatThrownBy(() -> {
            open.send("after reset");
            open.readLine();
          })
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("Connection reset");
    }
    // A connection opened during reset_peer is cut before it can answer: the reset may already
    // surface in connect or the first write, and the kernel sometimes reports it as an end of
    // stream, so what is asserted is only that no echo ever comes back.
    Throwable fresh = catchThrowable(() -> {
      try (Client client = connect(ANSWER)) {
        client.send("new");
        assertThat(client.readLine()).isNull();
      }
    });
    assertThat(fresh).as("a connection opened during reset_peer gets no answer")
        .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(SocketException.class));
    proxy.heal();
    assertFreshConnectionWorks();
  }

  @Test
  @DisplayName("RESET_PEER with a timeout leaves connections alone until the timeout and not after a heal")
  void resetPeerTimeoutCancelledByHeal() throws IOException {
    try (Client open = connect(ANSWER)) {
      proxy.apply(new FaultParams.ResetPeer(Duration.ofSeconds(30)));
      assertRoundTrip(open, "still fine");
      proxy.heal();
      assertRoundTrip(open, "still fine after heal");
    }
  }

  @Test
  @DisplayName("SLOW_CLOSE holds back the server's close for the delay, then passes it on")
  void slowClose() throws IOException {
    proxy.apply(FaultParams.SlowClose.of(Duration.ofSeconds(2)));
    try (Client client = connect(SILENCE)) {
      assertRoundTrip(client, "hello");
      client.send("BYE"); // the echo server closes its side
      assertThatThrownBy(client::read).as("no close seen during the delay")
          .isInstanceOf(SocketTimeoutException.class);
      client.readTimeout(ANSWER);
      assertThat(client.read()).as("the close arrives after the delay").isEqualTo(-1);
    }
    proxy.heal();
    assertFreshConnectionWorks();
  }

  @Test
  @DisplayName("HALF_OPEN stops the server's answers while requests still reach the server")
  void halfOpen() throws Exception {
    try (Client open = connect(SILENCE)) {
      assertRoundTrip(open, "before");
      assertThat(echo.received().poll()).isEqualTo("before");
      proxy.apply(FaultParams.HalfOpen.downstream());

      open.send("one way");
      assertThat(echo.received().poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS))
          .as("the request reaches the server").isEqualTo("one way");
      assertThatThrownBy(open::readLine).as("its answer never comes back")
          .isInstanceOf(SocketTimeoutException.class);

      proxy.heal();
      open.readTimeout(ANSWER);
      assertRoundTrip(open, "after");
    }
  }

  @Test
  @DisplayName("HALF_OPEN and PARTITION_BLACKHOLE do not pass on the server's close either, until healed")
  void closeHeldWhileStopped() throws IOException {
    try (Client open = connect(SILENCE)) {
      assertRoundTrip(open, "before");
      proxy.apply(FaultParams.HalfOpen.downstream());
      open.send("BYE"); // reaches the server, which closes
      assertThatThrownBy(open::read).as("the close does not come through")
          .isInstanceOf(SocketTimeoutException.class);
      proxy.heal();
      open.readTimeout(ANSWER);
      assertThat(open.read()).as("the held close arrives after heal").isEqualTo(-1);
    }
  }

  @Test
  @DisplayName("faults combine, re-applying replaces parameters, remove and heal clear them")
  void activeFaults() throws IOException {
    FaultParams.Latency first = FaultParams.Latency.of(Duration.ofMillis(10), Duration.ZERO);
    FaultParams.Latency second = FaultParams.Latency.of(Duration.ofMillis(20), Duration.ZERO);
    proxy.apply(first);
    proxy.apply(FaultParams.Bandwidth.of(1024));
    proxy.apply(second);
    assertThat(proxy.activeFaults()).containsOnlyKeys(NetworkFault.LATENCY, NetworkFault.BANDWIDTH)
        .containsEntry(NetworkFault.LATENCY, second);
    proxy.remove(NetworkFault.BANDWIDTH);
    assertThat(proxy.activeFaults()).containsOnlyKeys(NetworkFault.LATENCY);
    proxy.heal();
    assertThat(proxy.activeFaults()).isEmpty();
  }

  @Test
  @DisplayName("parameters of another fault are refused with a message naming both")
  void mismatchedParameters() {
    assertThatThrownBy(() -> proxy.apply(NetworkFault.LATENCY, FaultParams.Bandwidth.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LATENCY")
        .hasMessageContaining("BANDWIDTH");
    assertThat(proxy.activeFaults()).isEmpty();
  }

  @Test
  @DisplayName("the maximum number of connections is enforced by closing the extra ones")
  void connectionLimit() throws Exception {
    try (FaultProxy small = FaultProxies.embedded(echo.address(), 1L, 1);
        Client first = Client.connect(small.listenAddress(), ANSWER)) {
      assertRoundTrip(first, "first");
      try (Client second = Client.connect(small.listenAddress(), ANSWER)) {
        Throwable t = catchThrowable(() -> {
          second.send("second");
          assertThat(second.readLine()).isNull();
        });
        assertThat(t).satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(SocketException.class));
      }
    }
  }

  @Test
  @DisplayName("a closed proxy refuses faults and connections; close is idempotent")
  void closed() throws IOException {
    var address = proxy.listenAddress();
    proxy.close();
    proxy.close();
    assertThatThrownBy(() -> proxy.apply(new FaultParams.PartitionDrop()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Client.connect(address, ANSWER).close()).isInstanceOf(ConnectException.class);
  }
}
